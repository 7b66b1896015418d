/// Accumulates problems while the whole config is checked.
///
/// Checking never stops at the first problem: every reader records what it found here and
/// carries on with a default, so the user gets the complete list in one run.
struct DiagnosticCollector {
    private(set) var diagnostics: [ConfigDiagnostic] = []

    var isEmpty: Bool { diagnostics.isEmpty }

    mutating func error(_ location: ConfigLocation, _ message: String) {
        diagnostics.append(ConfigDiagnostic(location, message))
    }

    /// Diagnostics in reading order (line, then column), like a compiler prints them.
    ///
    /// The sort is stable so that two problems at the same spot keep the order they were found.
    func sorted() -> [ConfigDiagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.location, rhs.element.location)
            if left.line != right.line { return left.line < right.line }
            if left.column != right.column { return left.column < right.column }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}

/// A failure whose diagnostic has already been recorded in a `DiagnosticCollector`.
struct AlreadyDiagnosed: Error {}
