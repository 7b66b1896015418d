/// The header every stored state value starts with: a format version byte, then the kind of
/// operator that wrote it.
///
/// Why a version: state outlives the binary that wrote it (the changelog topic is compacted,
/// not expired), so a newer daemon must recognise old values and an older one must refuse
/// newer values instead of misreading them. Why a kind: restoring a window's bytes into a
/// pattern (a pipeline renamed onto another's store) would otherwise decode as garbage that
/// happens to parse.
enum StateFormat {
    /// Bump when the layout of any kind changes; readers reject versions they do not know.
    static let version: UInt8 = 1

    /// Which operator's layout follows the header.
    enum Kind: UInt8, Sendable, CustomStringConvertible {
        case window = 1
        case absence = 2
        case followedBy = 3
        case threshold = 4
        case inactivity = 5
        case change = 6
        case fanOut = 7
        case lapse = 8
        case distinctFilter = 9

        var description: String {
            switch self {
            case .window: "window"
            case .absence: "absence"
            case .followedBy: "followed_by"
            case .threshold: "threshold"
            case .inactivity: "inactivity"
            case .change: "change"
            case .fanOut: "fan_out"
            case .lapse: "lapse"
            case .distinctFilter: "distinct_filter"
            }
        }
    }
}

extension StateWriter {
    /// Starts a value: version byte, kind byte.
    mutating func writeHeader(_ kind: StateFormat.Kind) {
        writeByte(StateFormat.version)
        writeByte(kind.rawValue)
    }
}

extension StateReader {
    /// Reads and checks the header written by ``StateWriter/writeHeader(_:)``.
    mutating func readHeader(expecting kind: StateFormat.Kind) throws(StateDecodingError) {
        let versionOffset = offset
        let version = try readByte()
        guard version == StateFormat.version else {
            throw StateDecodingError(offset: versionOffset,
                                     message: "unknown state format version \(version) (this build reads \(StateFormat.version))")
        }
        let kindOffset = offset
        let raw = try readByte()
        guard raw == kind.rawValue else {
            let found = StateFormat.Kind(rawValue: raw).map { "\($0) operator" } ?? "unknown operator kind \(raw)"
            throw StateDecodingError(offset: kindOffset, message: "state was written by a \(found), expected \(kind)")
        }
    }
}
