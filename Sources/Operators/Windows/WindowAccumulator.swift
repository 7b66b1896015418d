/// The running state of one ``Aggregation`` in one window.
///
/// Each case keeps only what its function needs (a sum's partials, one extreme, the set of
/// distinct values, the latest value), so a window's memory is bounded by its contents.
enum WindowAccumulator: Sendable {
    /// The count is the window's number of records, which the window tracks anyway, so it
    /// needs no state of its own.
    case count
    case sum(FieldPath, WindowExactSum)
    case min(FieldPath, Double?)
    case max(FieldPath, Double?)
    /// Values by their JSON encoding: `JSONValue` is not `Hashable`, and the compact encoding
    /// is canonical for numbers (all stored as `Double`), so `1` and `1.0` count once.
    case distinct(FieldPath, Set<[UInt8]>)
    case last(FieldPath, (value: JSONValue, recency: WindowRecency)?)

    init(_ aggregation: Aggregation) {
        switch aggregation {
        case .count: self = .count
        case .sum(let path): self = .sum(path, WindowExactSum())
        case .min(let path): self = .min(path, nil)
        case .max(let path): self = .max(path, nil)
        case .distinctCount(let path): self = .distinct(path, [])
        case .last(let path): self = .last(path, nil)
        }
    }

    /// Whether ``add(_:)`` and ``merge(_:)`` can change this accumulator: all but `count`,
    /// whose value is the window's record count.
    var readsEvents: Bool {
        if case .count = self { return false }
        return true
    }

    /// Folds `event` in. Each record reaches a window once (see ``WindowState/recordCount``);
    /// a record folded in twice would count twice here (except for min, max and last).
    mutating func add(_ event: Event) {
        switch self {
        case .count:
            break
        case .sum(let path, var sum):
            guard case .number(let number)? = event[path] else { return }
            // Release the payload before mutating so the set/array is uniquely referenced
            // and updated in place instead of copied (the swift-nio "modifying" idiom).
            self = .count
            sum.add(number)
            self = .sum(path, sum)
        case .min(let path, let current):
            guard case .number(let number)? = event[path] else { return }
            self = .min(path, Self.lesser(current, number))
        case .max(let path, let current):
            guard case .number(let number)? = event[path] else { return }
            self = .max(path, Self.greater(current, number))
        case .distinct(let path, var values):
            guard let value = event[path], value != .null else { return }
            self = .count
            values.insert(value.encoded())
            self = .distinct(path, values)
        case .last(let path, let current):
            guard let value = event[path] else { return }
            let recency = WindowRecency(event)
            if let current, recency <= current.recency { return }
            self = .last(path, (value, recency))
        }
    }

    /// Combines the state of another window computing the same aggregation (session merge).
    /// Mismatched kinds cannot occur (both windows come from one aggregation list) and are
    /// ignored.
    mutating func merge(_ other: WindowAccumulator) {
        switch self {
        case .count:
            break
        case .sum(let path, var sum):
            guard case .sum(_, let otherSum) = other else { return }
            self = .count
            sum.add(otherSum)
            self = .sum(path, sum)
        case .min(let path, let current):
            guard case .min(_, let otherValue?) = other else { return }
            self = .min(path, Self.lesser(current, otherValue))
        case .max(let path, let current):
            guard case .max(_, let otherValue?) = other else { return }
            self = .max(path, Self.greater(current, otherValue))
        case .distinct(let path, var values):
            guard case .distinct(_, let otherValues) = other else { return }
            self = .count
            values.formUnion(otherValues)
            self = .distinct(path, values)
        case .last(let path, let current):
            guard case .last(_, let otherLast?) = other else { return }
            if let current, otherLast.recency <= current.recency { return }
            self = .last(path, otherLast)
        }
    }

    /// The published value; `recordCount` is the window's number of records.
    func result(recordCount: Int) -> JSONValue {
        switch self {
        case .count:
            return .number(Double(recordCount))
        case .sum(_, let sum):
            return sum.value.map(JSONValue.number) ?? .null
        case .min(_, let value), .max(_, let value):
            return value.map(JSONValue.number) ?? .null
        case .distinct(_, let values):
            return .number(Double(values.count))
        case .last(_, let last):
            return last?.value ?? .null
        }
    }

    /// `-0` sorts below `+0` so the result does not depend on which zero came first.
    private static func lesser(_ current: Double?, _ candidate: Double) -> Double {
        guard let current else { return candidate }
        if candidate < current || (candidate == current && candidate.sign == .minus) { return candidate }
        return current
    }

    private static func greater(_ current: Double?, _ candidate: Double) -> Double {
        guard let current else { return candidate }
        if candidate > current || (candidate == current && candidate.sign == .plus) { return candidate }
        return current
    }
}
