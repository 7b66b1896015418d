import DaemonConfig
import Operators

/// The operator graph built from a config: per input topic, a decoder and the pipelines reading it.
///
/// The engine knows nothing of Kafka: it turns an `InputRecord` into actions and dead letters.
/// The daemon's run loop feeds it from Kafka; tests (and later replay mode) feed it directly.
public struct Engine: Sendable {
    struct Route: Sendable {
        var decoder: EventDecoder
        var pipelines: [Int]
    }

    struct Pipeline: Sendable {
        var name: String
        var op: any StreamOperator
    }

    private var routes: [String: Route] = [:]
    private var pipelines: [Pipeline] = []
    private var watermarks: WatermarkTracker
    /// Whether any pipeline has timers or windows; stateless graphs skip the time bookkeeping.
    private let timeAware: Bool
    public let inputTopics: [String]
    public let triggers: [String]

    /// Compiles the config's pipelines, reporting every problem (e.g. a Mustache syntax error) at
    /// its place in the config file.
    /// - Parameter replay: virtual time (replay mode): the watermark moves only with the input,
    ///   never with the wall clock.
    public init(config: DaemonConfig, replay: Bool = false) throws(ConfigErrors) {
        var diagnostics: [ConfigDiagnostic] = []
        var compiled: [Pipeline] = []
        for p in config.pipelines {
            do {
                compiled.append(Pipeline(name: p.name, op: try PipelineCompiler.compile(p)))
            } catch {
                diagnostics.append(contentsOf: error.diagnostics)
            }
        }
        if !diagnostics.isEmpty { throw ConfigErrors(diagnostics) }
        pipelines = compiled
        for input in config.inputs {
            let spec = DecodeSpec(keyField: input.keyField.map { FieldPath($0) }, timeField: input.timeField.map { FieldPath($0) },
                                  timeFormat: input.timeFormat.eventTimeFormat, maxValueBytes: input.maxValueBytes)
            let readers = config.pipelines.indices.filter { i in
                config.pipelines[i].inputs.isEmpty || config.pipelines[i].inputs.contains(input.topic)
            }
            routes[input.topic] = Route(decoder: EventDecoder(spec: spec), pipelines: readers)
        }
        inputTopics = config.inputs.map(\.topic)
        triggers = config.pipelines.map(\.trigger)
        watermarks = WatermarkTracker(maxOutOfOrdernessMs: config.watermark.maxOutOfOrdernessMs,
                                      idleTimeoutMs: config.watermark.idleTimeoutMs, idleness: !replay)
        timeAware = config.pipelines.contains { $0.kind != .filter }
    }

    /// The current event-time watermark (`Int64.min` before any event).
    public var watermarkMs: Int64 { watermarks.watermarkMs }

    /// A partition was assigned: the watermark waits for it (until it is idle).
    public mutating func assign(_ p: StreamPartition, nowMs: Int64) {
        if timeAware { watermarks.assign(p, nowMs: nowMs) }
    }

    /// A partition was revoked: the watermark no longer waits for it.
    public mutating func revoke(_ p: StreamPartition) {
        watermarks.revoke(p)
    }

    /// Processing time moved to `out.emitter.nowMs` with or without input: re-evaluates idle
    /// partitions (the watermark may follow the wall clock) and fires whatever is due.
    public mutating func tick(into out: inout EngineOutputs) {
        guard timeAware else { return }
        watermarks.recompute(nowMs: out.emitter.nowMs)
        advanceAll(&out)
    }

    private mutating func advanceAll(_ out: inout EngineOutputs) {
        out.emitter.watermarkMs = watermarks.watermarkMs
        for i in pipelines.indices { pipelines[i].op.advance(into: &out.emitter) }
    }

    /// Processes one input record, appending its actions and dead letters to `out`.
    public mutating func process(_ record: InputRecord, into out: inout EngineOutputs) {
        guard let route = routes[record.source.topic] else {
            out.deadLetters.append(DeadLetter(record: record, reason: .processingError,
                                              detail: "topic '\(record.source.topic)' is not a configured input"))
            return
        }
        let event: Event
        switch route.decoder.decode(record) {
        case .success(let e): event = e
        case .failure(let f):
            out.deadLetters.append(DeadLetter(record: record, reason: f.reason, detail: f.detail))
            return
        }
        // Lateness is judged against the watermark *before* this event, as in Flink.
        out.emitter.watermarkMs = watermarks.watermarkMs
        for i in route.pipelines {
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
        guard timeAware else { return }
        let p = StreamPartition(topic: record.source.topic, partition: record.source.partition)
        if watermarks.observe(p, eventTimeMs: event.eventTimeMs, nowMs: out.emitter.nowMs) {
            advanceAll(&out)
        }
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
