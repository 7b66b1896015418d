/// Maps between offsets in config text and the 1-based line:col that libyaml (and an editor) use.
///
/// libyaml counts columns in Unicode scalars, treats `\r\n`, `\r`, `\n`, NEL, LS and PS as line
/// breaks, and does not count a leading byte-order mark; these helpers follow the same rules so
/// positions computed here agree with the marks on Yams nodes.
enum SourceText {
    /// Index into `scalars` of the character at `position`, or nil if the position is not in the text.
    static func offset(of position: YAMLComposer.TextPosition, in scalars: [Unicode.Scalar]) -> Int? {
        guard position.line >= 1, position.column >= 1 else { return nil }
        var index = scalars.first == "\u{FEFF}" ? 1 : 0
        var line = 1
        while line < position.line {
            guard let breakIndex = scalars[index...].firstIndex(where: isBreak) else { return nil }
            index = breakIndex + 1
            if scalars[breakIndex] == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
            line += 1
        }
        let target = index + position.column - 1
        guard target < scalars.count, !scalars[index..<target].contains(where: isBreak) else { return nil }
        return target
    }

    /// The 1-based position of the `offset`-th `Character` of `text` (how Yams reports reader errors).
    static func position(ofCharacterOffset offset: Int, in text: String) -> YAMLComposer.TextPosition? {
        guard let end = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex) else { return nil }
        var line = 1
        var column = 1
        var previous: Unicode.Scalar?
        for scalar in text[..<end].unicodeScalars {
            if isBreak(scalar) {
                if !(previous == "\r" && scalar == "\n") { line += 1 }
                column = 1
            } else if !(line == 1 && column == 1 && scalar == "\u{FEFF}") {
                column += 1
            }
            previous = scalar
        }
        return YAMLComposer.TextPosition(line: line, column: column)
    }

    static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": true
        default: false
        }
    }

    static func isBreakOrBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || isBreak(scalar)
    }
}
