/// An exactly accumulated sum of doubles (Shewchuk's algorithm, as in Python's `math.fsum`).
///
/// Why not `+=`: floating-point addition is not associative, so a plain running total of
/// `0.1, 0.2, 0.3` differs in its last bit depending on arrival order, and a replay would
/// render a different message. Here the partials represent the sum exactly and `value` rounds
/// it once, correctly, so the result depends only on the multiset of values. The partials
/// stay short (non-overlapping doubles, a handful in practice) and merge exactly, which
/// session windows need.
///
/// Sums beyond the double range are reported as `nil` (rendered `null`) rather than infinity,
/// which JSON cannot express.
struct WindowExactSum: Sendable {
    private(set) var partials: [Double] = []
    private(set) var hasValues = false
    private(set) var overflowed = false

    init() {}

    /// A sum as checkpointed (see `WindowAccumulator+Coding.swift`).
    init(partials: [Double], hasValues: Bool, overflowed: Bool) {
        self.partials = partials
        self.hasValues = hasValues
        self.overflowed = overflowed
    }

    mutating func add(_ value: Double) {
        hasValues = true
        var x = value
        var kept = 0
        for index in partials.indices {
            var y = partials[index]
            if x.magnitude < y.magnitude { swap(&x, &y) }
            let high = x + y
            let low = y - (high - x)
            if !high.isFinite { overflowed = true }
            if low != 0 {
                partials[kept] = low
                kept += 1
            }
            x = high
        }
        partials.removeSubrange(kept...)
        partials.append(x)
    }

    mutating func add(_ other: WindowExactSum) {
        hasValues = hasValues || other.hasValues
        overflowed = overflowed || other.overflowed
        for partial in other.partials { add(partial) }
    }

    /// The correctly rounded total; `nil` if no value was added or the sum overflowed.
    var value: Double? {
        guard hasValues, !overflowed else { return nil }
        var index = partials.count
        guard index > 0 else { return 0 }
        index -= 1
        var high = partials[index]
        var low = 0.0
        while index > 0 {
            let x = high
            index -= 1
            let y = partials[index]
            high = x + y
            low = y - (high - x)
            if low != 0 { break }
        }
        // Round half to even across the remaining partials: if the next partial has the same
        // sign as the rounding error, the exact sum lies beyond the halfway point.
        if index > 0 && ((low < 0 && partials[index - 1] < 0) || (low > 0 && partials[index - 1] > 0)) {
            let doubled = low * 2
            let candidate = high + doubled
            if doubled == candidate - high { high = candidate }
        }
        return high
    }
}
