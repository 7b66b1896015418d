/// "Did you mean ...?" suggestions for misspelled keys and values.
enum Suggestion {
    /// The candidate closest to `word` within `maxDistance` edits, or nil if none is that close.
    ///
    /// Ties go to the earlier candidate, so callers list candidates in schema order and the
    /// suggestion is stable from run to run.
    static func closest(to word: String, in candidates: [String], maxDistance: Int = 2) -> String? {
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let distance = levenshtein(word, candidate)
            if distance <= maxDistance, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// " (did you mean 'x'?)" or "", ready to append to a message.
    static func hint(for word: String, in candidates: [String]) -> String {
        hint(closest(to: word, in: candidates))
    }

    static func hint(_ suggestion: String?) -> String {
        suggestion.map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Classic insert/delete/substitute edit distance over Unicode scalars.
    static func levenshtein(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs.unicodeScalars)
        let right = Array(rhs.unicodeScalars)
        guard !left.isEmpty else { return right.count }
        guard !right.isEmpty else { return left.count }
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for i in 1...left.count {
            current[0] = i
            for j in 1...right.count {
                let substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }
}
