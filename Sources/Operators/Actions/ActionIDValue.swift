/// An action's id as it is stored: its text, or the two 64-bit halves of a derived id whose 32
/// hex digits (``ActionID/hex(_:_:)``) are spelled only when read.
///
/// Why: a window's final result id was a heap-allocated `String` per closed window (~720
/// instructions to create it and a release and `free` later, callgrind on the replay bench)
/// that replay only copies into its output; the halves are written there as hex directly
/// (``Action/encodePlainJSON(into:)``). ``Action/actionID`` stays a `String`.
enum ActionIDValue: Sendable, Equatable {
    case text(String)
    case hash(UInt64, UInt64)

    /// The id's text: what ``ActionID`` returns for it.
    var text: String {
        switch self {
        case .text(let text): text
        case .hash(let high, let low): ActionID.hex(high, low)
        }
    }

    /// UTF-8 length of ``text``, without spelling it.
    var utf8Count: Int {
        switch self {
        case .text(let text): text.utf8.count
        case .hash: 32
        }
    }

    /// Equal when the texts are: the two forms of one id compare equal.
    static func == (lhs: ActionIDValue, rhs: ActionIDValue) -> Bool {
        switch (lhs, rhs) {
        case let (.hash(lhsHigh, lhsLow), .hash(rhsHigh, rhsLow)): lhsHigh == rhsHigh && lhsLow == rhsLow
        case let (.text(lhsText), .text(rhsText)): lhsText == rhsText
        default: lhs.text == rhs.text
        }
    }
}
