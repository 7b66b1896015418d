/// The text `stream-daemon test` prints: one PASS/FAIL line per scenario and, under each
/// failure, a compact diff of expected (`-`) against actual (`+`) outputs, with `=` for the
/// outputs that matched, so the reader sees where the lists part.
public enum ScenarioReport {
    public static func render(_ outcome: FileOutcome) -> String {
        guard outcome.diagnostics.isEmpty else {
            return outcome.diagnostics.map { "\($0)\n" }.joined() + "\(outcome.path): \(outcome.diagnostics.count) problem(s) found\n"
        }
        var out = "\(outcome.path) (config \(outcome.configPath ?? "?"))\n"
        for s in outcome.scenarios {
            out += s.passed ? "  PASS  \(s.name)\n" : "  FAIL  \(s.name)  (\(s.location))\n"
            guard !s.passed else { continue }
            out += section("actions", s.actions, expected: \.summary, actual: \.summary) { e, a in e.mismatches(a) }
            out += section("dead letters", s.deadLetters, expected: \.summary, actual: \.summary) { _, _ in [] }
            out += section("decisions", s.decisions, expected: \.summary, actual: \.summary) { e, a in e.mismatches(a) }
            out += section("holdout", s.holdout, expected: \.summary, actual: \.summary) { e, a in e.mismatches(a) }
            out += section("conversions", s.conversions, expected: \.summary, actual: \.summary) { e, a in e.mismatches(a) }
        }
        let failed = outcome.scenarios.filter { !$0.passed }.count
        out += "\(outcome.path): \(outcome.scenarios.count - failed) passed, \(failed) failed\n"
        return out
    }

    /// One line for many files: what CI logs end with.
    public static func summary(_ outcomes: [FileOutcome]) -> String {
        let scenarios = outcomes.flatMap(\.scenarios)
        let failed = scenarios.filter { !$0.passed }.count
        let invalid = outcomes.filter { !$0.diagnostics.isEmpty }.count
        return "\(outcomes.count) file(s), \(scenarios.count) scenario(s): \(scenarios.count - failed) passed, \(failed) failed"
            + (invalid > 0 ? ", \(invalid) file(s) with problems" : "") + "\n"
    }

    /// 0 all passed, 1 a scenario failed, 2 a file (or its config) could not run: a broken
    /// suite is not the same news as a config that misbehaves.
    public static func exitCode(_ outcomes: [FileOutcome]) -> Int32 {
        if outcomes.contains(where: { !$0.diagnostics.isEmpty }) { return 2 }
        return outcomes.allSatisfy(\.passed) ? 0 : 1
    }

    private static func section<E, A>(_ title: String, _ lines: [DiffLine<E, A>], expected: (E) -> String, actual: (A) -> String,
                                      explain: (E, A) -> [String]) -> String {
        guard !lines.allSatisfy(\.isSame) else { return "" }
        var expectedCount = 0, actualCount = 0
        for line in lines {
            switch line {
            case .same: expectedCount += 1; actualCount += 1
            case .missing: expectedCount += 1
            case .unexpected: actualCount += 1
            }
        }
        var out = "        \(title) (expected \(expectedCount), got \(actualCount)):\n"
        var i = 0
        while i < lines.count {
            switch lines[i] {
            case .same(_, let a):
                out += "          = \(actual(a))\n"
            case .missing(let e):
                out += "          - \(expected(e))\n"
                // A missing expectation next to an unexpected output is usually a near miss: name the fields.
                if i + 1 < lines.count, case .unexpected(let a) = lines[i + 1] {
                    out += "          + \(actual(a))\n"
                    for why in explain(e, a) { out += "              \(why)\n" }
                    i += 1
                }
            case .unexpected(let a):
                out += "          + \(actual(a))\n"
            }
            i += 1
        }
        return out
    }
}
