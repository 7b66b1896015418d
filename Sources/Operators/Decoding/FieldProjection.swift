/// Which top-level members of a record the decoded ``Event`` must carry: projection pushdown,
/// as Flink and Kafka Streams users expect — only what the job reads is materialized.
///
/// Why: for a window that only counts, nothing but the key and the time of an event is ever
/// read, yet decoding kept every member (strings, values and an array of tuples the runtime
/// destroys element by element): ~20 % of a replay's instructions were decoding plus
/// destroying fields no one looked at. Validation is unaffected: a projected decode accepts and
/// rejects exactly the records a full one does, with the same dead-letter reasons and details.
///
/// Names are first components of the ``FieldPath``s read (`order` for `order.total`): a kept
/// member keeps its whole value. Lookups on a projected event answer exactly as on the full
/// event for every path whose first component is kept (duplicates and their order are kept).
public enum FieldProjection: Sendable, Equatable {
    /// Every member (the default; what any reader that cannot list its reads needs).
    case all
    /// Only the members with these names.
    case topLevel(Set<String>)

    /// The members the paths read: their first components.
    public static func reading(_ paths: [FieldPath]) -> FieldProjection {
        .topLevel(Set(paths.compactMap(\.components.first)))
    }

    /// Both projections' members; `.all` absorbs anything.
    public func union(_ other: FieldProjection) -> FieldProjection {
        switch (self, other) {
        case (.topLevel(let mine), .topLevel(let theirs)): .topLevel(mine.union(theirs))
        default: .all
        }
    }

    /// This projection plus the first components of `paths`.
    public func adding(_ paths: [FieldPath]) -> FieldProjection {
        union(.reading(paths))
    }

    /// Whether a member named `name` is kept.
    public func keeps(_ name: String) -> Bool {
        switch self {
        case .all: true
        case .topLevel(let names): names.contains(name)
        }
    }
}
