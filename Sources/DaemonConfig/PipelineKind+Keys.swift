extension PipelineSettings.Kind {
    /// Every pipeline key whose use depends on the kind, in schema order (suggestion ties go to
    /// the earlier key).
    static let dependentKeys = PatternSettings.keys + WindowSettings.pipelineKeys + FanOutSettings.keys
        + LapseSettings.keys + DistinctSettings.ownKeys

    /// The kind-specific keys this kind reads. One table for the whole schema, so "which keys
    /// does threshold take?" has one answer, used both to reject strays and to read values.
    var keys: [String] {
        switch self {
        case .filter: DistinctSettings.keys
        case .window: ["window", "aggregates", "having"]
        case .followedBy: ["start", "then", "cancel", "within", "cooldown", "same"]
        case .absence: ["start", "then", "cancel", "within", "deadline_field", "cooldown"]
        case .threshold: ["start", "cancel", "count", "within", "cooldown", "distinct_by"]
        case .inactivity: ["start", "cancel", "within", "cooldown"]
        case .change: ["field", "baseline_field", "min_change", "cancel", "cooldown"]
        case .fanOut: FanOutSettings.keys + ["cancel"]
        case .lapse: LapseSettings.keys + ["cancel", "cooldown"]
        }
    }

    /// The keys this kind cannot work without. Absence needs `within` *or* `deadline_field`,
    /// which a list of required keys cannot say; `PatternSettings` checks that pair itself.
    var requiredKeys: [String] {
        switch self {
        case .filter: []
        case .window: ["window", "aggregates"]
        case .followedBy: ["start", "then", "within"]
        case .absence: ["start", "then"]
        case .threshold: ["start", "count", "within"]
        case .inactivity: ["start", "within"]
        case .change: ["field", "min_change"]
        case .fanOut: ["members", "fire"]
        case .lapse: ["deadline", "activity", "quiet_for", "lead"]
        }
    }

    /// Whether this kind's settings live in `PatternSettings`.
    var isPattern: Bool {
        switch self {
        case .filter, .window, .fanOut, .lapse: false
        case .followedBy, .absence, .threshold, .inactivity, .change: true
        }
    }

    /// "used by kind threshold" / "used by kinds followed_by, absence": tells the user which
    /// kind they probably meant when a key does not fit the one they wrote.
    static func usedBy(_ key: String) -> String {
        let kinds = allCases.filter { $0.keys.contains(key) }.map(\.rawValue)
        return (kinds.count == 1 ? "used by kind " : "used by kinds ") + kinds.joined(separator: ", ")
    }
}
