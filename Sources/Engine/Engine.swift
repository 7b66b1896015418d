import DaemonConfig
import Operators

/// The operator graph built from a config: per input topic, a decoder and the pipelines reading
/// it; tables for stream–table joins; internal repartition topics for re-keyed pipelines.
///
/// The engine knows nothing of Kafka: it turns an `InputRecord` into actions, dead letters and
/// repartition records. The daemon's run loop feeds it from Kafka; tests and replay mode feed it
/// directly.
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
    }

    private var routes: [String: Route] = [:]
    private var pipelines: [Pipeline] = []
    private var tables: [String: Table] = [:]
    /// Table topic → (table name, key field).
    private var tableSources: [String: (name: String, keyField: FieldPath?)] = [:]
    /// Event time per domain: "" for the configured inputs, and one per repartition topic. A
    /// re-keyed pipeline takes its watermark only from its repartition topic (as a Kafka Streams
    /// task does): the input it merely forwards must not make its events late.
    private var watermarks: [String: WatermarkTracker] = [:]
    /// Pipeline index → its watermark domain.
    private var domains: [String] = []
    /// Whether any pipeline has timers or windows; stateless graphs skip the time bookkeeping.
    private let timeAware: Bool
    /// Replay mode: virtual time, and re-keying happens in place (one process sees every key).
    private let replay: Bool
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
                let op = try PipelineCompiler.compile(p)
                let joins = p.joins.map { TableJoin(table: $0.table, on: $0.on.map { FieldPath($0) }, alias: $0.alias, required: $0.required) }
                compiled.append(Pipeline(name: p.name, op: op, joins: joins, rekeyBy: p.rekeyBy.map { FieldPath($0) },
                                         repartitionTopic: p.rekeyBy == nil ? nil : Self.repartitionTopic(group: config.kafka.groupID, pipeline: p.name)))
            } catch {
                diagnostics.append(contentsOf: error.diagnostics)
            }
        }
        if !diagnostics.isEmpty { throw ConfigErrors(diagnostics.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }) }
        pipelines = compiled
        var specs: [String: DecodeSpec] = [:]
        for input in config.inputs {
            let spec = DecodeSpec(keyField: input.keyField.map { FieldPath($0) }, timeField: input.timeField.map { FieldPath($0) },
                                  timeFormat: input.timeFormat.eventTimeFormat, maxValueBytes: input.maxValueBytes)
            specs[input.topic] = spec
            let readers = config.pipelines.indices.filter { i in
                config.pipelines[i].inputs.isEmpty || config.pipelines[i].inputs.contains(input.topic)
            }
            routes[input.topic] = Route(decoder: EventDecoder(spec: spec), pipelines: readers, isRepartition: false)
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
        inputTopics = config.inputs.map(\.topic) + internalTopics
        triggers = config.pipelines.map(\.trigger)
        let tracker = WatermarkTracker(maxOutOfOrdernessMs: config.watermark.maxOutOfOrdernessMs,
                                       idleTimeoutMs: config.watermark.idleTimeoutMs, idleness: !replay)
        domains = compiled.map { replay ? "" : ($0.repartitionTopic ?? "") }
        for d in Set(domains + [""]) { watermarks[d] = tracker }
        timeAware = config.pipelines.contains { $0.kind != .filter }
        self.replay = replay
    }

    /// `<group>-<pipeline>-repartition`, with characters Kafka does not allow replaced by '_'.
    public static func repartitionTopic(group: String, pipeline: String) -> String {
        let raw = "\(group)-\(pipeline)-repartition"
        return String(raw.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
    }

    /// The event-time watermark of the configured inputs (`Int64.min` before any event).
    public var watermarkMs: Int64 { watermarks[""]?.watermarkMs ?? .min }

    private func domain(of topic: String) -> String {
        routes[topic]?.isRepartition == true ? topic : ""
    }

    /// A partition was assigned: the watermark waits for it (until it is idle).
    public mutating func assign(_ p: StreamPartition, nowMs: Int64) {
        if timeAware { watermarks[domain(of: p.topic)]?.assign(p, nowMs: nowMs) }
    }

    /// A partition was revoked: the watermark no longer waits for it.
    public mutating func revoke(_ p: StreamPartition) {
        watermarks[domain(of: p.topic)]?.revoke(p)
    }

    /// Processing time moved to `out.emitter.nowMs` with or without input: re-evaluates idle
    /// partitions (the watermark may follow the wall clock) and fires whatever is due.
    public mutating func tick(into out: inout EngineOutputs) {
        guard timeAware else { return }
        for d in watermarks.keys { watermarks[d]?.recompute(nowMs: out.emitter.nowMs) }
        advanceAll(&out)
    }

    private func watermark(ofPipeline i: Int) -> Int64 {
        watermarks[domains[i]]?.watermarkMs ?? .min
    }

    private mutating func advanceAll(_ out: inout EngineOutputs) {
        // Replay: virtual processing time is the watermark, so timers fire "at" their due time.
        if replay { out.emitter.nowMs = max(out.emitter.nowMs, watermarkMs) }
        for i in pipelines.indices {
            out.emitter.watermarkMs = watermark(ofPipeline: i)
            pipelines[i].op.advance(into: &out.emitter)
        }
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

    /// Rows per table, for metrics.
    public var tableSizes: [String: Int] { tables.mapValues(\.count) }

    // MARK: events

    /// Processes one input record, appending its actions, dead letters and repartition records to `out`.
    public mutating func process(_ record: InputRecord, into out: inout EngineOutputs) {
        guard let route = routes[record.source.topic] else {
            out.deadLetters.append(DeadLetter(record: record, reason: .processingError,
                                              detail: "topic '\(record.source.topic)' is not a configured input"))
            return
        }
        var event: Event
        switch route.decoder.decode(record) {
        case .success(let e): event = e
        case .failure(let f):
            out.deadLetters.append(DeadLetter(record: record, reason: f.reason, detail: f.detail))
            return
        }
        if route.isRepartition, let original = Self.originalSource(record) { event.source = original }
        for i in route.pipelines {
            // Lateness is judged against the watermark *before* this event, as in Flink.
            out.emitter.watermarkMs = watermark(ofPipeline: i)
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
                    run(i, rekeyed, record, &out)
                } else if let topic = pipelines[i].repartitionTopic {
                    out.repartition.append(RepartitionRecord(topic: topic, key: Array(newKey.utf8), value: record.value ?? [],
                                                             headers: record.headers + Self.sourceHeaders(record.source)))
                }
                continue
            }
            run(i, event, record, &out)
        }
        guard timeAware else { return }
        let p = StreamPartition(topic: record.source.topic, partition: record.source.partition)
        if watermarks[domain(of: p.topic)]?.observe(p, eventTimeMs: event.eventTimeMs, nowMs: out.emitter.nowMs) == true {
            advanceAll(&out)
        }
    }

    /// Joins the event with the pipeline's tables, then runs the pipeline's operator.
    private mutating func run(_ i: Int, _ input: Event, _ record: InputRecord, _ out: inout EngineOutputs) {
        var event = input
        for join in pipelines[i].joins {
            let row = join.lookupKey(for: event).flatMap { tables[join.table]?.lookup($0) }
            if let row {
                event = event.adding([(key: join.alias, value: .object(row))])
            } else if join.required {
                return
            }
        }
        do {
            try pipelines[i].op.process(event, into: &out.emitter)
        } catch {
            out.deadLetters.append(DeadLetter(record: record, reason: error.reason,
                                              detail: "pipeline '\(pipelines[i].name)': \(error.detail)",
                                              pipeline: pipelines[i].name))
        }
        for late in out.emitter.takeLate() {
            out.deadLetters.append(DeadLetter(record: record, reason: .late,
                                              detail: "pipeline '\(pipelines[i].name)': \(late.detail)",
                                              pipeline: pipelines[i].name))
        }
    }

    static func sourceHeaders(_ s: EventSource) -> [RecordHeader] {
        [RecordHeader(key: sourceTopicHeader, value: Array(s.topic.utf8)),
         RecordHeader(key: sourcePartitionHeader, value: Array(String(s.partition).utf8)),
         RecordHeader(key: sourceOffsetHeader, value: Array(String(s.offset).utf8))]
    }

    static func originalSource(_ record: InputRecord) -> EventSource? {
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
