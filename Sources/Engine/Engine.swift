import DaemonConfig
import Operators
import Policies

/// The operator graph built from a config: per input topic, a decoder and the pipelines reading
/// it; tables for stream–table joins; internal repartition topics for re-keyed pipelines.
///
/// The engine knows nothing of Kafka: it turns an `InputRecord` into actions, dead letters and
/// repartition records — and, with `policies:`, passes every action through the task's contact
/// policy first (`Engine+Policy.swift`). The daemon's run loop feeds it from Kafka; tests and
/// replay mode feed it directly.
public struct Engine: Sendable {
    struct Route: Sendable {
        var decoder: EventDecoder
        var pipelines: [Int]
        /// Records of an internal repartition topic: their original source travels in headers.
        var isRepartition: Bool
    }

    struct Pipeline: Sendable {
        var name: String
        var op: any StreamOperator
        var joins: [TableJoin]
        var rekeyBy: FieldPath?
        var repartitionTopic: String?
        /// Whether the operator keeps state (windows, patterns): stateless filters have no store.
        var isStateful: Bool
        /// How the contact policy treats this pipeline's actions (`category:`).
        var category: ActionCategory = .transactional
    }

    /// One Kafka Streams-style task per (watermark domain, partition number): its own operator
    /// instances (so its state can be checkpointed, moved and restored on its own) and its own
    /// event time.
    struct Task: Sendable {
        /// Operator per pipeline of this task's domain (`nil` for pipelines of other domains).
        var ops: [(any StreamOperator)?]
        var watermark: WatermarkTracker
        /// The task's durable store, when keys may live outside memory (the daemon), else nil.
        var backend: (any TaskStateBackend)?
        /// Restore failures of keys loaded on demand (reported, never fatal to the event).
        var loadFailures = 0
        /// The task's contact policy (its own per-customer state, store `_policy`); nil
        /// without `policies:`.
        var policy: ContactPolicy?
        /// The task's identity links (store `_identity`); empty without `identity:`.
        var identity = IdentityMap()
    }

    /// Each input topic's route. A list, not a dictionary: with a handful of input topics,
    /// comparing the record's topic with each (a short name compares as two words, a long one
    /// by its storage first) costs a fraction of hashing it, which `process` did per record.
    private var routes: [(topic: String, route: Route)] = []
    /// Compiled pipelines; their operators are prototypes copied into each task.
    var pipelines: [Pipeline] = []
    var tasks = TaskTable()
    private let trackerPrototype: WatermarkTracker
    /// `state.erase_when`: events erasing their key's state (right to be forgotten).
    private let eraseWhen: [Predicate]?
    var tables: [String: Table] = [:]
    /// Table topic → (table name, key field).
    private var tableSources: [String: (name: String, keyField: FieldPath?)] = [:]
    /// Pipeline index → its domain: "" for the configured inputs, or its repartition topic. A
    /// re-keyed pipeline takes its events and watermark only from its repartition topic (as a
    /// Kafka Streams task does): the input it merely forwards must not make its events late.
    private var domains: [String] = []
    /// Whether any pipeline has timers or windows; stateless graphs skip the time bookkeeping.
    private let timeAware: Bool
    /// Replay mode: virtual time, and re-keying happens in place (one process sees every key).
    let replay: Bool
    /// `policies:` compiled: the policy each task starts from, the conversion predicates and the
    /// profile table; nil without the section (actions are emitted as the pipelines make them).
    let policy: PolicyCompiler.Compiled?
    /// `identity:` compiled (`Engine+Identity.swift`); nil without the section.
    let stitching: IdentityStitching?
    /// Counters of policies whose task was closed, so the metrics stay cumulative.
    var retiredPolicyCounters = PolicyCounters()
    /// Topics the daemon must consume: the configured inputs plus internal repartition topics.
    public let inputTopics: [String]
    /// Internal topics the daemon creates and owns (named after the group and the pipeline).
    public let internalTopics: [String]
    /// Topics materialised as tables.
    public var tableTopics: [String] { tableSources.keys.sorted() }
    public let triggers: [String]

    /// Header names carrying a re-keyed record's original source, so its actions keep the ids
    /// they would have without re-keying (and that replay mode computes).
    public static let sourceTopicHeader = "sd.source.topic"
    public static let sourcePartitionHeader = "sd.source.partition"
    public static let sourceOffsetHeader = "sd.source.offset"

    /// Compiles the config's pipelines, reporting every problem (e.g. a Mustache syntax error, a
    /// join naming an unknown table) at its place in the config file.
    /// - Parameter replay: virtual time (replay mode): the watermark moves only with the input,
    ///   never with the wall clock; re-keying needs no repartition topic.
    public init(config: DaemonConfig, replay: Bool = false) throws(ConfigErrors) {
        var diagnostics: [ConfigDiagnostic] = []
        let tableNames = Set(config.tables.map(\.name))
        var compiled: [Pipeline] = []
        for p in config.pipelines {
            for j in p.joins where !tableNames.contains(j.table) {
                let known = tableNames.sorted().joined(separator: ", ")
                diagnostics.append(ConfigDiagnostic(j.location, "join refers to unknown table '\(j.table)'"
                    + (known.isEmpty ? " (no tables are declared)" : " (declared: \(known))")))
            }
            do {
                let op = try PipelineCompiler.compile(p, inputs: config.inputs)
                let joins = p.joins.map { TableJoin(table: $0.table, on: $0.on.map { FieldPath($0) }, alias: $0.alias, required: $0.required) }
                compiled.append(Pipeline(name: p.name, op: op, joins: joins, rekeyBy: p.rekeyBy.map { FieldPath($0) },
                                         repartitionTopic: p.rekeyBy == nil ? nil : Self.repartitionTopic(group: config.kafka.groupID, pipeline: p.name),
                                         isStateful: p.kind != .filter || p.distinct != nil, category: PolicyCompiler.category(p.category)))
            } catch {
                diagnostics.append(contentsOf: error.diagnostics)
            }
        }
        var policy: PolicyCompiler.Compiled?
        if let settings = config.policies {
            do {
                policy = try PolicyCompiler.compile(settings, pipelines: config.pipelines)
            } catch {
                diagnostics.append(contentsOf: error.diagnostics)
            }
        }
        if !diagnostics.isEmpty { throw ConfigErrors(diagnostics.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }) }
        pipelines = compiled
        var specs: [String: DecodeSpec] = [:]
        var routes: [String: Route] = [:]
        for input in config.inputs {
            let spec = DecodeSpec(keyField: input.keyField.map { FieldPath($0) }, timeField: input.timeField.map { FieldPath($0) },
                                  timeFormat: input.timeFormat.eventTimeFormat, maxValueBytes: input.maxValueBytes)
            specs[input.topic] = spec
            let readers = config.pipelines.indices.filter { i in
                config.pipelines[i].inputs.isEmpty || config.pipelines[i].inputs.contains(input.topic)
            }
            let projection = Self.projection(readers: readers.map { compiled[$0] },
                                             engineReadsFields: config.identity != nil || !config.state.erase.isEmpty || policy != nil)
            routes[input.topic] = Route(decoder: EventDecoder(spec: spec, projection: projection), pipelines: readers,
                                        isRepartition: false)
        }
        var internalTopics: [String] = []
        if !replay {
            for (i, p) in compiled.enumerated() {
                guard let topic = p.repartitionTopic else { continue }
                // Same time semantics as the input that feeds it; the key is the record key.
                let feeding = config.pipelines[i].inputs.first ?? config.inputs[0].topic
                var spec = specs[feeding] ?? specs[config.inputs[0].topic]
                spec?.keyField = nil
                if let spec {
                    routes[topic] = Route(decoder: EventDecoder(spec: spec), pipelines: [i], isRepartition: true)
                    internalTopics.append(topic)
                }
            }
        }
        for t in config.tables {
            tables[t.name] = Table(name: t.name)
            tableSources[t.topic] = (t.name, t.keyField.map { FieldPath($0) })
        }
        self.internalTopics = internalTopics
        self.routes = routes.sorted { $0.key < $1.key }.map { (topic: $0.key, route: $0.value) }
        inputTopics = config.inputs.map(\.topic) + internalTopics
        triggers = config.pipelines.map(\.trigger)
        trackerPrototype = WatermarkTracker(maxOutOfOrdernessMs: config.watermark.maxOutOfOrdernessMs,
                                            idleTimeoutMs: config.watermark.idleTimeoutMs, idleness: !replay)
        domains = compiled.map { replay ? "" : ($0.repartitionTopic ?? "") }
        storeNames = compiled.map(\.name)
        eraseWhen = config.state.erase.isEmpty ? nil : PipelineCompiler.compilePredicates(config.state.erase)
        // Deferred actions are released by the watermark, so a policy needs time even for filters.
        timeAware = policy != nil || config.pipelines.contains { $0.kind != .filter || $0.distinct != nil }
        self.replay = replay
        self.policy = policy
        stitching = config.identity.map { IdentityStitching($0, pipelines: config.pipelines, inputs: config.inputs.map(\.topic)) }
    }

    /// What the events of an input must carry (projection pushdown): the union of what its
    /// pipelines' operators read (``StreamOperator/fieldReads``), or every member when anything
    /// else on the per-event path reads fields — identity stitching, `erase_when`, the contact
    /// policy (conversions, consent events), a join (its `on` field, and the joined event is
    /// what the operator reads), re-keying (`rekey_by`; a repartition record is the raw value).
    /// Repartition routes decode in full (``init(config:replay:)``).
    static func projection(readers: [Pipeline], engineReadsFields: Bool) -> FieldProjection {
        if engineReadsFields { return .all }
        var projection = FieldProjection.topLevel([])
        for pipeline in readers {
            guard pipeline.joins.isEmpty, pipeline.rekeyBy == nil else { return .all }
            projection = projection.union(pipeline.op.fieldReads)
        }
        return projection
    }

    /// The members events of `topic` carry once decoded (nil: not an input), for tests and
    /// diagnostics. The key and time are extracted either way; their members are kept only if
    /// a reader names them.
    public func projection(forTopic topic: String) -> FieldProjection? {
        routeIndex(of: topic).map { routes[$0].route.decoder.projection }
    }

    /// `<group>-<pipeline>-repartition`, with characters Kafka does not allow replaced by '_'.
    public static func repartitionTopic(group: String, pipeline: String) -> String {
        let raw = "\(group)-\(pipeline)-repartition"
        return String(raw.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
    }

    /// Store (pipeline) names, by pipeline index: a task's state is one store per pipeline.
    public let storeNames: [String]

    /// The lowest event-time watermark over the open tasks of the configured inputs
    /// (`Int64.min` before any event): what the metrics report and replay's virtual clock follows.
    public var watermarkMs: Int64 {
        // Read through the slots: iterating `tasks.values` copies every task (and retains its state).
        var lowest: Int64?
        for slot in tasks.indices where tasks.keys[slot].domain.isEmpty {
            let wm = tasks.values[slot].watermark.watermarkMs
            lowest = Swift.min(lowest ?? wm, wm)
        }
        return lowest ?? .min
    }

    /// The task a record of `topic`/`partition` belongs to.
    public func task(of p: StreamPartition) -> TaskID {
        Self.task(of: p, isRepartition: routeIndex(of: p.topic).map { routes[$0].route.isRepartition } == true)
    }

    static func task(of p: StreamPartition, isRepartition: Bool) -> TaskID {
        TaskID(domain: isRepartition ? p.topic : "", partition: p.partition)
    }

    /// The currently open tasks.
    public var openTasks: [TaskID] { tasks.keys.sorted() }

    /// Names of the stores a task of `domain` has: its stateful pipelines, then the contact
    /// policy's (``policyStore``) when `policies:` is configured — every task has a policy —
    /// then the identity links (``identityStore``) in tasks of the configured inputs when
    /// `identity:` is.
    public func stores(ofDomain domain: String) -> [String] {
        pipelines.indices.filter { domains[$0] == domain && pipelines[$0].isStateful }.map { pipelines[$0].name }
            + (policy == nil ? [] : [Self.policyStore])
            + (stitching == nil || !domain.isEmpty ? [] : [Self.identityStore])
    }

    /// Opens the task if needed (fresh operators, no state yet).
    @discardableResult
    public mutating func openTask(_ id: TaskID) -> Bool {
        guard tasks.index(forKey: id) == nil else { return false }
        let ops: [(any StreamOperator)?] = pipelines.indices.map { domains[$0] == id.domain ? pipelines[$0].op : nil }
        tasks[id] = Task(ops: ops, watermark: trackerPrototype, policy: policy?.prototype)
        return true
    }

    /// Drops a task and all its in-memory state (after its last checkpoint, on revoke).
    public mutating func closeTask(_ id: TaskID) {
        if let counters = tasks.removeValue(forKey: id)?.policy?.counters { retiredPolicyCounters.add(counters) }
    }

    /// A partition was assigned: opens its task, and the task's watermark waits for it (until it is idle).
    public mutating func assign(_ p: StreamPartition, nowMs: Int64) {
        let id = task(of: p)
        openTask(id)
        if timeAware { tasks[id]?.watermark.assign(p, nowMs: nowMs) }
    }

    /// A partition was revoked: its task's watermark no longer waits for it.
    public mutating func revoke(_ p: StreamPartition) {
        tasks[task(of: p)]?.watermark.revoke(p)
    }

    /// Processing time moved to `out.emitter.nowMs` with or without input: re-evaluates idle
    /// partitions (the watermark may follow the wall clock) and fires whatever is due.
    public mutating func tick(into out: inout EngineOutputs) {
        guard timeAware else { return }
        for id in tasks.keys.sorted() {
            tasks[id]?.watermark.recompute(nowMs: out.emitter.nowMs)
            advance(id, &out)
        }
    }

    /// Fires what is due at the task's watermark. Runs after nearly every event (the watermark
    /// moves with each), so the task is reached through its slot in `tasks` (`slot`, when the
    /// caller holds a valid one) and an operator is only advanced once something of it can be
    /// due (``StreamOperator/nextDueMs``).
    private mutating func advance(_ id: TaskID, slot known: TaskSlot? = nil, _ out: inout EngineOutputs) {
        guard var slot = known ?? tasks.index(forKey: id) else { return }
        let watermarkMs = Self.watermarkMs(of: &tasks.values[slot])
        if Self.hasBackend(&tasks.values[slot]) {
            if loadDue(id, slot: slot, watermarkMs: watermarkMs) {
                guard let reloaded = tasks.index(forKey: id) else { return }
                slot = reloaded
            }
        }
        // Replay: virtual processing time is the watermark, so timers fire "at" their due time.
        if replay { out.emitter.nowMs = max(out.emitter.nowMs, watermarkMs) }
        out.emitter.watermarkMs = watermarkMs
        // Every task has a policy, or none does (`openTask`).
        guard policy == nil else {
            advancePoliced(id, watermarkMs: watermarkMs, &out)
            return
        }
        for i in pipelines.indices {
            tasks.values[slot].ops[i]?.advanceIfDue(into: &out.emitter)
        }
    }

    /// A position in `tasks`; valid only while no task is added or removed.
    typealias TaskSlot = Int

    // Asked through an inout access: reading `tasks.values[s].…` copies the whole task.
    static func hasBackend(_ task: inout Task) -> Bool { task.backend != nil }
    static func watermarkMs(of task: inout Task) -> Int64 { task.watermark.watermarkMs }

    // MARK: state

    /// Each store's changed keys since the last call, for the task's checkpoint.
    public mutating func takeStateChanges(_ id: TaskID) -> [(store: String, changes: [StateChange])] {
        guard var task = tasks.removeValue(forKey: id) else { return [] }
        var result: [(store: String, changes: [StateChange])] = []
        for i in task.ops.indices where pipelines[i].isStateful {
            let changes = task.ops[i]?.takeStateChanges() ?? []
            if !changes.isEmpty { result.append((pipelines[i].name, changes)) }
        }
        if let changes = task.policy?.takeStateChanges(), !changes.isEmpty { result.append((Self.policyStore, changes)) }
        let links = task.identity.takeStateChanges()
        if !links.isEmpty { result.append((Self.identityStore, links)) }
        tasks[id] = task
        return result
    }

    /// Loads one key of one store into an open task (restore before processing).
    public mutating func restoreState(_ id: TaskID, store: String, key: String, value: [UInt8]) throws(StateRestoreError) {
        if store == Self.policyStore, policy != nil {
            openTask(id)
            try tasks[id]?.policy?.restoreState(key: key, value: value)
            return
        }
        if store == Self.identityStore, stitching != nil, id.domain.isEmpty {
            openTask(id)
            try tasks[id]?.identity.restoreState(key: key, value: value)
            return
        }
        guard let i = pipelines.firstIndex(where: { $0.name == store }), domains[i] == id.domain else {
            throw StateRestoreError(key: key, message: "task \(id) has no store '\(store)' (pipeline renamed or removed?)")
        }
        openTask(id)
        try tasks[id]?.ops[i]?.restoreState(key: key, value: value)
    }

    /// Lets the task's operators load keys that are not in memory from `backend` (see
    /// ``evictColdState(_:keepingAtMost:)``).
    public mutating func attach(_ backend: any TaskStateBackend, to id: TaskID) {
        openTask(id)
        tasks[id]?.backend = backend
    }

    /// Drops least recently used, unchanged keys of every store of the task from memory until at
    /// most `limit` per store remain; call right after a checkpoint made their state durable.
    /// The contact policy's store is never evicted: it is held in memory in full.
    /// - Returns: per store, the evicted keys and when their timers are due (the wake index).
    public mutating func evictColdState(_ id: TaskID, keepingAtMost limit: Int) -> [(store: String, keys: [EvictedKey])] {
        guard var task = tasks.removeValue(forKey: id) else { return [] }
        var result: [(store: String, keys: [EvictedKey])] = []
        for i in task.ops.indices where pipelines[i].isStateful {
            let keys = task.ops[i]?.evictColdState(keepingAtMost: limit) ?? []
            if !keys.isEmpty { result.append((pipelines[i].name, keys)) }
        }
        tasks[id] = task
        return result
    }

    /// Keys loaded on demand whose stored state could not be read, per task (metrics).
    public var loadFailures: Int { tasks.values.reduce(0) { $0 + $1.loadFailures } }

    /// Loads `key` of pipeline `i` into the task from its backend unless it is in memory.
    ///
    /// Runs for every event of a stateful pipeline in the daemon, so the task and the operator
    /// are reached in place through the task's slot: `tasks[id]?.backend` and
    /// `tasks[id]?.ops[i]` each copied the whole task (and the operator) to read one value.
    mutating func ensureResident(_ id: TaskID, _ i: Int, key: String) {
        guard let slot = tasks.index(forKey: id), let backend = Self.backend(of: &tasks.values[slot]),
              backend.mayHoldEvictedKeys, Self.operator(i, of: &tasks.values[slot], hasResident: key) == false,
              let bytes = backend.load(store: pipelines[i].name, key: key) else { return }
        do {
            try tasks.values[slot].ops[i]?.restoreState(key: key, value: bytes)
        } catch {
            tasks.values[slot].loadFailures += 1
        }
    }

    static func backend(of task: inout Task) -> (any TaskStateBackend)? { task.backend }

    /// Whether operator `i` of the task holds `key` in memory; nil if the task has no such operator.
    static func `operator`(_ i: Int, of task: inout Task, hasResident key: String) -> Bool? {
        task.ops[i]?.isResident(key: key)
    }

    /// Before firing timers at the task's watermark: loads the evicted keys due by then.
    /// - Returns: whether it loaded anything (the caller's slot is then looked up again).
    private mutating func loadDue(_ id: TaskID, slot: TaskSlot, watermarkMs: Int64) -> Bool {
        guard watermarkMs > .min, let backend = Self.backend(of: &tasks.values[slot]) else { return false }
        var loaded = false
        for i in pipelines.indices where pipelines[i].isStateful && Self.hasOperator(i, &tasks.values[slot]) {
            for key in backend.takeDue(store: pipelines[i].name, atOrBefore: watermarkMs) {
                ensureResident(id, i, key: key)
                loaded = true
            }
        }
        return loaded
    }

    static func hasOperator(_ i: Int, _ task: inout Task) -> Bool { task.ops[i] != nil }

    /// The task's event-time watermark, to checkpoint with its state.
    public func watermark(of id: TaskID) -> Int64 {
        // Through the slot: `tasks[id]?.…` copies the whole task to read one number.
        guard let slot = tasks.index(forKey: id) else { return .min }
        return tasks.values[slot].watermark.watermarkMs
    }

    /// Restores a checkpointed watermark: it never goes back, so events the task had already
    /// judged late stay late after a restart.
    public mutating func restoreWatermark(_ id: TaskID, _ watermarkMs: Int64) {
        openTask(id)
        tasks[id]?.watermark.restore(watermarkMs: watermarkMs)
    }

    /// Keys holding state in one task, over its stores.
    public func stateKeyCount(of id: TaskID) -> Int {
        guard let task = tasks[id] else { return 0 }
        return task.ops.indices.reduce(0) { $0 + (pipelines[$1].isStateful ? task.ops[$1]?.stateKeyCount ?? 0 : 0) }
            + (task.policy?.stateKeyCount ?? 0) + task.identity.count
    }

    /// Keys holding state, per store, over the open tasks (metrics).
    public var stateKeyCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for task in tasks.values {
            for (i, op) in task.ops.enumerated() where op != nil && pipelines[i].isStateful {
                counts[pipelines[i].name, default: 0] += op?.stateKeyCount ?? 0
            }
            if let policy = task.policy { counts[Self.policyStore, default: 0] += policy.stateKeyCount }
            if stitching != nil { counts[Self.identityStore, default: 0] += task.identity.count }
        }
        return counts
    }

    /// Right to be forgotten: drops every state entry held for `key` in every open task (windows,
    /// pending patterns and their timers, cooldowns, the contact policy's history and deferred
    /// actions); the deletions reach the stores and the changelogs (as tombstones) with the next
    /// checkpoint. Returns how many stores held the key.
    @discardableResult
    public mutating func erase(key: String) -> Int {
        var erased = 0
        for id in tasks.keys {
            // Evicted state must be erased too: load it first, so the erase writes its tombstone.
            for i in pipelines.indices where pipelines[i].isStateful && tasks[id]?.ops[i] != nil {
                ensureResident(id, i, key: key)
            }
            guard var task = tasks.removeValue(forKey: id) else { continue }
            for i in task.ops.indices where task.ops[i]?.eraseState(key: key) == true { erased += 1 }
            // Deferred actions of the customer are cancelled with the rest of their history.
            if task.policy?.eraseState(key: key) == true { erased += 1 }
            // Links to the customer (or of the device) go too: nothing may tie a device to them.
            if task.identity.eraseLinks(involving: key) > 0 { erased += 1 }
            tasks[id] = task
        }
        return erased
    }

    // MARK: tables

    /// Applies a record of a table topic. Returns a dead letter for a record that cannot be a row.
    public mutating func applyTableRecord(_ record: InputRecord) -> DeadLetter? {
        guard let source = tableSources[record.source.topic] else {
            return DeadLetter(record: record, reason: .processingError, detail: "topic '\(record.source.topic)' is not a table")
        }
        guard let table = tables[source.name] else { return nil }
        let recordKey = record.key.flatMap { $0.isEmpty ? nil : String(decoding: $0, as: UTF8.self) }
        // Parsed once: the row, and the key when it comes from a field of the row.
        let row: JSONObject?
        do {
            row = try table.parseRow(key: recordKey, value: record.value)
        } catch {
            return DeadLetter(record: record, reason: error.reason, detail: error.detail)
        }
        // A tombstone carries no fields, so its key is the record key.
        guard let key = source.keyField.flatMap({ row?.value(at: $0)?.keyString }) ?? recordKey else {
            return DeadLetter(record: record, reason: .missingKey, detail: "table '\(source.name)': record has no key")
        }
        tables[source.name]?.set(key, row)
        return nil
    }

    /// Keeps a table's rows in `backend` instead of memory (the daemon's SQLite file).
    public mutating func attach(_ backend: any TableBackend, toTable name: String) {
        tables[name]?.backend = backend
    }

    /// Table name → its topic.
    public var tableTopicsByName: [String: String] {
        Dictionary(uniqueKeysWithValues: tableSources.map { ($0.value.name, $0.key) })
    }

    /// Rows per table, for metrics.
    public var tableSizes: [String: Int] { tables.mapValues(\.count) }

    // MARK: events

    /// Processes one input record, appending its actions, dead letters and repartition records to `out`.
    public mutating func process(_ record: InputRecord, into out: inout EngineOutputs) {
        guard let r = routeIndex(of: record.source.topic) else {
            out.deadLetters.append(DeadLetter(record: record, reason: .processingError,
                                              detail: "topic '\(record.source.topic)' is not a configured input"))
            return
        }
        // The route's parts are read in place: copying the whole `Route` (its decoder spec)
        // retained and released each of its references per record.
        let route = (isRepartition: routes[r].route.isRepartition, pipelines: routes[r].route.pipelines)
        var event: Event
        switch Self.decode(record, with: &routes[r].route) {
        case .success(let e): event = e
        case .failure(let f):
            out.deadLetters.append(DeadLetter(record: record, reason: f.reason, detail: f.detail))
            return
        }
        if route.isRepartition, let original = Self.originalSource(record) { event.source = original }
        let p = StreamPartition(topic: record.source.topic, partition: record.source.partition)
        let id = Self.task(of: p, isRepartition: route.isRepartition)
        var slot = tasks.index(forKey: id)
        if slot == nil {
            openTask(id)
            slot = tasks.index(forKey: id)
        }
        // Identity stitching re-keys the event first: erase, conversions and pipelines all see the stitched id.
        // Checked here: the call copied (retained) the stitching settings per event without them.
        if !route.isRepartition, stitching != nil { stitch(&event, topic: record.source.topic, in: id) }
        if let erase = eraseWhen, !erase.isEmpty, erase.allSatisfy({ $0.matches(event) }) {
            out.erased.append((key: event.key, stores: self.erase(key: event.key)))
        }
        if let conversionWhen = policy?.conversionWhen, !conversionWhen.isEmpty,
           conversionWhen.allSatisfy({ $0.matches(event) }) {
            recordConversion(id, customer: event.key, atMs: event.eventTimeMs, &out)
        }
        if policy?.consentEvents?.matches(event) == true { recordConsent(id, event, record, &out) }
        // Looked up again if the steps above ran (`erase` removes and re-adds tasks); `run`
        // hands back a slot that is valid after it.
        if stitching != nil || eraseWhen != nil || policy != nil { slot = tasks.index(forKey: id) }
        for i in route.pipelines {
            // Lateness is judged against the watermark *before* this event, as in Flink.
            out.emitter.watermarkMs = if let slot { Self.watermarkMs(of: &tasks.values[slot]) } else { .min }
            if let field = pipelines[i].rekeyBy, !route.isRepartition {
                guard let newKey = event[field]?.keyString else {
                    out.deadLetters.append(DeadLetter(record: record, reason: .missingField,
                                                      detail: "pipeline '\(pipelines[i].name)': re-key field '\(field)' is missing or not a string/integer",
                                                      pipeline: pipelines[i].name))
                    continue
                }
                if replay {
                    var rekeyed = event
                    rekeyed.key = newKey
                    slot = run(i, in: id, slot: slot, rekeyed, record, &out)
                } else if let topic = pipelines[i].repartitionTopic {
                    out.repartition.append(RepartitionRecord(topic: topic, key: Array(newKey.utf8), value: record.value ?? [],
                                                             headers: record.headers + Self.sourceHeaders(record.source)))
                }
                continue
            }
            slot = run(i, in: id, slot: slot, event, record, &out)
        }
        guard timeAware, let current = slot else { return }
        if tasks.values[current].watermark.observe(p, eventTimeMs: event.eventTimeMs, nowMs: out.emitter.nowMs) {
            advance(id, slot: current, &out)
        }
    }

    /// Decodes through the route in place: `routes[r].route.decoder.decode(record)` copied the
    /// decoder (retaining and releasing each of its references, the projection's among them)
    /// per record.
    private static func decode(_ record: InputRecord, with route: inout Route) -> Result<Event, DecodeFailure> {
        route.decoder.decode(record)
    }

    /// The position of a topic's route in ``routes``.
    private func routeIndex(of topic: String) -> Int? {
        routes.firstIndex { $0.topic == topic }
    }

    /// Joins the event with the pipeline's tables, then runs the pipeline's operator.
    /// - Parameter slot: the task's slot in `tasks`: the task is reached through it, with no
    ///   search for the TaskID, where each optional-chained `tasks[id]?.…` looked it up again.
    /// - Returns: the task's slot, valid after the call.
    private mutating func run(_ i: Int, in id: TaskID, slot known: TaskSlot?, _ input: Event, _ record: InputRecord,
                              _ out: inout EngineOutputs) -> TaskSlot? {
        // Without joins the event goes on as it came: a copy per record and pipeline retained
        // and released its fields for nothing.
        if pipelines[i].joins.isEmpty { return runOperator(i, in: id, slot: known, input, record, &out) }
        var event = input
        for join in pipelines[i].joins {
            let row = join.lookupKey(for: event).flatMap { tables[join.table]?.lookup($0) }
            if let row {
                event = event.adding([(key: join.alias, value: .object(row))])
            } else if join.required {
                return known
            }
        }
        return runOperator(i, in: id, slot: known, event, record, &out)
    }

    /// Runs the pipeline's operator on the (joined) event, loading its key's state first.
    private mutating func runOperator(_ i: Int, in id: TaskID, slot known: TaskSlot?, _ event: Event, _ record: InputRecord,
                                      _ out: inout EngineOutputs) -> TaskSlot? {
        var slot = known
        if pipelines[i].isStateful, let s = slot, Self.hasBackend(&tasks.values[s]),
           let key = tasks.values[s].ops[i]?.stateKey(for: event) {
            ensureResident(id, i, key: key)
            slot = tasks.index(forKey: id)  // a slot is only valid while no key is added or removed
        }
        // With a policy (every task has one, or none does), the operator emits candidates; the
        // policy decides which reach `emitter`.
        let policed = policy != nil
        if policed { out.prepareCandidates() }
        do {
            if let slot {
                if policed {
                    try tasks.values[slot].ops[i]?.process(event, into: &out.candidates)
                } else {
                    try tasks.values[slot].ops[i]?.process(event, into: &out.emitter)
                }
            }
        } catch {
            out.deadLetters.append(DeadLetter(record: record, reason: error.reason,
                                              detail: "pipeline '\(pipelines[i].name)': \(error.detail)",
                                              pipeline: pipelines[i].name))
        }
        for late in policed ? out.candidates.takeLate() : out.emitter.takeLate() {
            out.deadLetters.append(DeadLetter(record: record, reason: .late,
                                              detail: "pipeline '\(pipelines[i].name)': \(late.detail)",
                                              pipeline: pipelines[i].name))
        }
        if policed {
            decideCandidates(id, pipeline: i, &out)
            slot = tasks.index(forKey: id)  // conservative: the policy works through `tasks[id]`
        }
        return slot
    }

    static func sourceHeaders(_ s: EventSource) -> [RecordHeader] {
        [RecordHeader(key: sourceTopicHeader, value: Array(s.topic.utf8)),
         RecordHeader(key: sourcePartitionHeader, value: Array(String(s.partition).utf8)),
         RecordHeader(key: sourceOffsetHeader, value: Array(String(s.offset).utf8))]
    }

    /// The position of the input record a re-keyed record was copied from (its `sd.source.*` headers).
    public static func originalSource(_ record: InputRecord) -> EventSource? {
        func header(_ name: String) -> String? {
            record.headers.last { $0.key == name }.map { String(decoding: $0.value, as: UTF8.self) }
        }
        guard let topic = header(sourceTopicHeader), let p = header(sourcePartitionHeader).flatMap({ Int32($0) }),
              let o = header(sourceOffsetHeader).flatMap({ Int64($0) }) else { return nil }
        return EventSource(topic: topic, partition: p, offset: o)
    }
}

extension TimeFormat {
    var eventTimeFormat: EventTimeFormat {
        switch self {
        case .epochMillis: .epochMillis
        case .epochSeconds: .epochSeconds
        case .rfc3339: .rfc3339
        case .kafkaTimestamp: .kafkaTimestamp
        }
    }
}
