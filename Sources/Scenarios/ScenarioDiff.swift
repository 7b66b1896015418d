/// One line of an expected-vs-actual comparison.
public enum DiffLine<Expected: Sendable, Actual: Sendable>: Sendable {
    /// An expectation and the output that met it.
    case same(Expected, Actual)
    /// An expectation no output met (in order).
    case missing(Expected)
    /// An output no expectation asked for.
    case unexpected(Actual)

    var isSame: Bool { if case .same = self { true } else { false } }
}

/// Compares an ordered list of expectations with the ordered outputs by longest common
/// subsequence, like `diff`: one extra action at the start shows as one `+` line instead of
/// shifting every later pair out of step, as a position-by-position comparison would.
enum ScenarioDiff {
    static func diff<E, A>(_ expected: [E], _ actual: [A], matches: (E, A) -> Bool) -> [DiffLine<E, A>] {
        let n = expected.count, m = actual.count
        // lcs[i][j]: the longest match of expected[i...] and actual[j...]. Lists are short
        // (a scenario's outputs), so the quadratic table is fine.
        var lcs = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = matches(expected[i], actual[j]) ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var lines: [DiffLine<E, A>] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, matches(expected[i], actual[j]), lcs[i][j] == lcs[i + 1][j + 1] + 1 {
                lines.append(.same(expected[i], actual[j])); i += 1; j += 1
            } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
                lines.append(.missing(expected[i])); i += 1
            } else {
                lines.append(.unexpected(actual[j])); j += 1
            }
        }
        return lines
    }
}
