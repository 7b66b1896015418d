import DaemonConfig
import Operators

/// Identity stitching (`identity:`): a login links an anonymous id (a device) to a known id (a
/// customer), and every event of a stitched input is keyed by the id it counts for, right
/// after decoding — before erase requests, conversions and pipelines see it:
///
///     key := link(event[anonymous_field] ?? key) ?? event[known_field] ?? key
///
/// Each task keeps its own mapping (store ``identityStore``): the stitched inputs are
/// partitioned by the anonymous id (the schema checks their `key_field`), so a device's events
/// and its logins always reach the same task, in partition order. Links are applied in that
/// arrival order, not in event time: an event read after the login counts for the customer
/// even when its event time is earlier, which is what makes an out-of-order login within the
/// watermark bound work. An event read before the login was buffered or applied under the
/// device key; a new link therefore moves the device key's state to the customer in every
/// pattern pipeline of the task (``Operators/StreamOperator/migrateState(from:to:)``).
///
/// Everything is a function of the task's input, so replay and a task re-processing after a
/// crash link and migrate identically.
extension Engine {
    /// The store holding a task's identity links (anonymous id → known id).
    public static let identityStore = "_identity"

    /// `identity:` compiled.
    struct IdentityStitching: Sendable {
        /// Stitched input topics; empty: every configured input.
        var inputs: Set<String>
        var linkWhen: [Predicate]
        var anonymousField: FieldPath
        var knownField: FieldPath
        /// Pipelines whose state is keyed like the stitched inputs (stateful, not re-keyed,
        /// reading a stitched input): the ones a new link migrates.
        var migrating: [Int]

        init(_ settings: IdentitySettings, pipelines: [PipelineSettings], inputs allInputs: [String]) {
            inputs = Set(settings.inputs)
            linkWhen = PipelineCompiler.compilePredicates(settings.linkWhen)
            anonymousField = FieldPath(settings.anonymousField)
            knownField = FieldPath(settings.knownField)
            let stitched = allInputs.filter { settings.stitches($0) }
            migrating = pipelines.indices.filter { i in
                let p = pipelines[i]
                let reads = p.inputs.isEmpty ? stitched : p.inputs.filter(stitched.contains)
                return p.kind != .filter && p.rekeyBy == nil && !reads.isEmpty
            }
        }

        func stitches(_ topic: String) -> Bool { inputs.isEmpty || inputs.contains(topic) }
    }

    /// Links the event's ids if it is a login, then re-keys it to the id it counts for.
    mutating func stitch(_ event: inout Event, topic: String, in id: TaskID) {
        guard let stitching, stitching.stitches(topic) else { return }
        let anonymousID = event[stitching.anonymousField]?.keyString
        let knownID = event[stitching.knownField]?.keyString
        if let anonymousID, let knownID, stitching.linkWhen.allSatisfy({ $0.matches(event) }),
           tasks[id]?.identity.link(anonymousID, to: knownID, atMs: event.eventTimeMs) == true {
            migrate(from: anonymousID, to: knownID, in: id, pipelines: stitching.migrating)
        }
        event.key = tasks[id]?.identity.knownID(for: anonymousID ?? event.key) ?? knownID ?? event.key
    }

    /// Moves the device key's state to the customer key in each migrating pipeline of the task,
    /// after loading both keys if they were evicted (a merge must see the stored state, and
    /// must not be overwritten by a later load of it).
    private mutating func migrate(from anonymousID: String, to knownID: String, in id: TaskID, pipelines: [Int]) {
        for i in pipelines where tasks[id]?.ops[i] != nil {
            ensureResident(id, i, key: anonymousID)
            ensureResident(id, i, key: knownID)
            _ = tasks[id]?.ops[i]?.migrateState(from: anonymousID, to: knownID)
        }
    }

    /// The link currently in force for `anonymousID` in the task (tests, tooling).
    public func identityLink(of anonymousID: String, in id: TaskID) -> IdentityMap.Link? {
        tasks[id]?.identity.link(of: anonymousID)
    }
}
