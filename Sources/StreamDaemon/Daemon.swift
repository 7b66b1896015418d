import DaemonConfig
import Engine
import Foundation
import KafkaClient
import Logging
import Operators

/// The run loop: consume → decode → operator graph → produce → commit, on one thread.
///
/// Why one thread: librdkafka serves rebalance callbacks inside `consumer.poll` and delivery
/// reports inside `producer.poll`, both called from here, so offset bookkeeping (`CommitTracker`),
/// operator state and metrics are plain values with no locks on the per-event path. librdkafka's
/// own threads do the network I/O. The loop blocks in `consumer.poll` (5 ms while outputs are in
/// flight, 100 ms when idle), so it never busy-waits and notices a stop request promptly.
///
/// Delivery guarantee (exactly-once actions): state and input offsets are checkpointed together,
/// only when every output is acknowledged; after a crash a task resumes from its checkpoint and
/// does not re-send actions the output topic already holds (see `Daemon+State.swift`).
final class Daemon {
    let config: DaemonConfig
    var engine: Engine
    let logger: Logger
    private var tracker = CommitTracker()
    var metrics = DaemonMetrics()
    private var outputs = EngineOutputs(nowMs: 0)
    var batch: [ConsumedMessage] = []
    var producer: KafkaProducer?
    var consumer: KafkaConsumer?
    /// Open tasks (one per assigned partition number and domain) with their state files.
    var runtimes: [TaskID: TaskRuntime] = [:]
    /// Tasks being restored (their input paused), restored one after another in this order.
    var restoring: [TaskID: RestoreJob] = [:]
    var restoreOrder: [TaskID] = []
    /// Reads changelog tails and the actions topic's tail during restores (assign mode, no group).
    var restoreClient: KafkaConsumer?
    /// Actions topic partition → offset at or below any action produced from now on.
    var outputFloor: [Int32: Int64] = [:]
    var outputPartitions = 1
    /// Action ids found in the actions topic after restored checkpoints: not sent again.
    var alreadySent: Set<String> = []
    var markerTokens: [UInt64: MarkerRef] = [:]
    var markerOffsets: [MarkerRef: Int64] = [:]
    var internalTokens: UInt64 = 0
    /// Reads table topics whole, outside the group (see `loadTables`).
    private var tableConsumer: KafkaConsumer?
    /// Table topic → the SQLite file holding its rows.
    var tableBackends: [String: SQLiteTableBackend] = [:]
    var paused = false
    private var assigned: Set<TopicPartition> = []
    /// Hot-path copies and scratch of the produce and delivery paths (see `DeliveryPath`).
    private var hot: DeliveryPath
    /// A failure that must stop the daemon without committing past it.
    var failure: String?

    init(config: DaemonConfig, engine: Engine, logger: Logger) {
        self.config = config
        self.engine = engine
        self.logger = logger
        self.hot = DeliveryPath(actionsTopic: config.output.actionsTopic, hasPolicies: config.policies != nil)
    }

    deinit { hot.release() }

    /// Runs until a stop signal or a fatal error; returns the process exit code.
    func run() -> Int32 {
        do {
            try start()
        } catch {
            logger.critical("start failed", metadata: ["error": "\(error)"])
            return 1
        }
        loop()
        return shutdown()
    }

    // MARK: start

    private var producerProperties: [(key: String, value: String)] {
        [("bootstrap.servers", config.kafka.brokers), ("client.id", "stream-daemon-producer")]
            + PropertyScope.forProducer(config.kafka.properties)
    }

    private var consumerProperties: [(key: String, value: String)] {
        [("bootstrap.servers", config.kafka.brokers), ("group.id", config.kafka.groupID), ("client.id", "stream-daemon")]
            + PropertyScope.forConsumer(config.kafka.properties)
    }

    private func start() throws {
        do {
            try FileManager.default.createDirectory(atPath: config.state.dir, withIntermediateDirectories: true)
        } catch {
            throw DaemonStartError(message: "cannot create state directory '\(config.state.dir)': \(error.localizedDescription)")
        }
        let producer = try KafkaProducer(properties: producerProperties,
                                         logger: logger) { [unowned self] report in self.onDelivery(report) }
        self.producer = producer
        if config.kafka.createTopics {
            let topics = Array(Set(config.inputs.map(\.topic) + engine.internalTopics + engine.tableTopics
                + [config.output.actionsTopic, config.output.deadLetterTopic]
                + (config.policies?.outputTopics ?? []))).sorted()
            try KafkaAdmin.createTopics(topics, partitions: config.kafka.topicPartitions,
                                        replicationFactor: config.kafka.replicationFactor, using: producer)
            logger.info("topics ready", metadata: ["topics": "\(topics.joined(separator: ","))"])
        }
        try loadTables()
        let consumer = try KafkaConsumer(
            properties: consumerProperties,
            logger: logger) { [unowned self] event in self.onRebalance(event) }
        self.consumer = consumer
        if config.kafka.createTopics {
            try createChangelogTopics(using: producer, counting: consumer)
        }
        // A lower bound of where this process's actions will land, per output partition.
        outputPartitions = max(1, (try? consumer.partitionCount(topic: config.output.actionsTopic)) ?? 1)
        for p in 0..<Int32(outputPartitions) {
            if let high = try? consumer.queryHighWatermark(TopicPartition(topic: config.output.actionsTopic, partition: p)) {
                outputFloor[p] = high
            }
        }
        try consumer.subscribe(engine.inputTopics)
        logger.info("subscribed", metadata: ["group": "\(config.kafka.groupID)", "topics": "\(engine.inputTopics.joined(separator: ","))"])
    }

    // MARK: tables

    /// Reads every table topic up to its current end before any event is processed (a join must
    /// not miss a profile that already exists), then keeps following it. Rows live in one SQLite
    /// file per table (`SQLiteTableBackend`), so a start reads only the topic's tail after the
    /// file's offsets, and memory holds a bounded cache.
    private func loadTables() throws {
        let topics = engine.tableTopics
        guard !topics.isEmpty else { return }
        for (name, topic) in engine.tableTopicsByName.sorted(by: { $0.key < $1.key }) {
            let backend = try SQLiteTableBackend(name: name, stateDir: config.state.dir, group: config.kafka.groupID,
                                                 maxCached: config.state.cacheMaxKeys)
            engine.attach(backend, toTable: name)
            tableBackends[topic] = backend
        }
        let tc = try KafkaConsumer(
            properties: [("bootstrap.servers", config.kafka.brokers), ("group.id", "\(config.kafka.groupID)-tables"),
                         ("client.id", "stream-daemon-tables")] + PropertyScope.forConsumer(config.kafka.properties)
                + [("enable.partition.eof", "true")],
            logger: logger) { _ in AssignmentPlan() }
        var partitions: [TopicPartition] = []
        for t in topics {
            let n = try tc.partitionCount(topic: t)
            partitions += (0..<n).map { TopicPartition(topic: t, partition: Int32($0)) }
        }
        var starts: [TopicPartition: Int64] = [:]
        for tp in partitions {
            starts[tp] = tableBackends[tp.topic]?.offsets[tp.partition] ?? KafkaOffset.beginning
        }
        try tc.assign(starts)
        tableConsumer = tc
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        var rows = 0
        var end = EndConfirmation()
        while clock.now < deadline && !SignalHandling.isStopRequested {
            let read = pollTables(timeoutMs: 100)
            rows += read
            if end.observe(atReportedEnd: Set(partitions).isSubset(of: tc.reachedEnd), gotRecords: read > 0) { break }
        }
        try flushTables()
        logger.info("tables loaded", metadata: ["records": "\(rows)", "tables": "\(engine.tableSizes)"])
    }

    /// Makes the table rows applied so far durable, with the topic offsets they reflect.
    func flushTables() throws {
        for (_, backend) in tableBackends.sorted(by: { $0.key < $1.key }) { try backend.flush() }
    }

    /// Applies table updates; bad rows are dead-lettered (they are not tied to an input offset).
    @discardableResult
    private func pollTables(timeoutMs: Int32) -> Int {
        guard let tc = tableConsumer else { return 0 }
        batch.removeAll(keepingCapacity: true)
        tc.poll(max: 1024, timeoutMs: timeoutMs, into: &batch)
        outputs.reset(nowMs: Self.wallClockMs())
        for msg in batch {
            let record = InputRecord(source: EventSource(topic: msg.topic, partition: msg.partition, offset: msg.offset),
                                     key: msg.key, value: msg.value, timestampMs: msg.timestampMs,
                                     headers: msg.headers.map { RecordHeader(key: $0.key, value: $0.value) })
            if let dead = engine.applyTableRecord(record) { outputs.deadLetters.append(dead) }
            tableBackends[msg.topic]?.applied(partition: msg.partition, nextOffset: msg.offset + 1)
        }
        if !outputs.deadLetters.isEmpty { dispatch(token: 0) }
        return batch.count
    }

    // MARK: loop

    private func loop() {
        guard let consumer, let producer else { return }
        let clock = ContinuousClock()
        var nextCommit = clock.now + .milliseconds(config.runtime.commitIntervalMs)
        var nextMetrics = clock.now + .milliseconds(config.metrics.intervalMs)
        batch.reserveCapacity(1024)
        while !SignalHandling.isStopRequested && failure == nil {
            if let fatal = consumer.fatalError ?? producer.fatalError {
                failure = "fatal client error: \(fatal)"; break
            }
            hot.clock.resync()
            producer.poll(timeoutMs: 0)
            applyBackpressure()
            batch.removeAll(keepingCapacity: true)
            // Poll even while paused: it serves rebalance and error callbacks and keeps the member
            // within max.poll.interval.ms; paused partitions deliver at most what was prefetched.
            let waitMs: Int32 = !restoreOrder.isEmpty ? 0 : (tracker.inFlight > 0 || paused ? 5 : 100)
            consumer.poll(max: paused ? 64 : 1024, timeoutMs: waitMs, into: &batch)
            if paused { _ = producer.poll(timeoutMs: 5) }
            if !batch.isEmpty { process(&batch) }
            if !restoreOrder.isEmpty { restoreStep() }
            if tableConsumer != nil { pollTables(timeoutMs: 0) }
            tick()
            let now = clock.now
            if now >= nextCommit {
                let pauseStart = clock.now
                checkpoint(flushTimeoutMs: 2_000, waitForCommit: false)
                let pause = (clock.now - pauseStart).components
                metrics.checkpointPauseMaxMs = max(metrics.checkpointPauseMaxMs,
                                                   Double(pause.seconds) * 1e3 + Double(pause.attoseconds) / 1e15)
                do {
                    try flushTables()
                } catch {
                    failure = "cannot write table rows: \(error)"
                }
                nextCommit = clock.now + .milliseconds(config.runtime.commitIntervalMs)
            }
            if now >= nextMetrics {
                emitMetrics()
                nextMetrics = now + .milliseconds(config.metrics.intervalMs)
            }
        }
    }

    /// Messages arrive in runs of one partition (librdkafka hands out a fetched batch at a time),
    /// so the partition's task, its resume position and the per-topic counter are looked up once
    /// per run, not per message: hashing the topic string and copying the `Engine` value (which
    /// `engine.task(of:)` through this class costs) were a visible share of the per-event path.
    /// Nothing in here changes `runtimes` (rebalances are served only inside `consumer.poll`).
    /// Moves each message's key and value into its `InputRecord` (the batch is cleared after
    /// this anyway): sharing them cost a retain and a release per array per message.
    private func process(_ messages: inout [ConsumedMessage]) {
        let nowMs = Self.wallClockMs()
        let consumedNs = hot.clock.nowNs()
        var run = PartitionRun()
        metrics.eventsIn += messages.count
        // By index: `for msg in messages` copied (retained) every message's fields once more.
        for i in messages.indices {
            if !run.matches(partition: messages[i].partition, topic: messages[i].topic) {
                endRun(&run)
                let p = StreamPartition(topic: messages[i].topic, partition: messages[i].partition)
                let rt = runtimes[engine.task(of: p)]
                run = PartitionRun(partition: p, runtime: rt, next: rt?.positions[p], slot: tracker.slot(of: p))
            }
            run.consumed += 1
            // No runtime: the task is still restoring (fetched before the pause took effect);
            // it resumes from its checkpoint, which is at or before this record.
            guard let rt = run.runtime else { continue }
            if let last = run.next, messages[i].offset < last { continue } // fetched before a seek; already applied
            run.next = messages[i].offset + 1
            let p = run.partition
            let record = Self.takeRecord(&messages[i])
            outputs.reset(nowMs: nowMs)
            if isRepartitionCopyAlreadyApplied(record, rt) {
                metrics.repartitionDuplicates += 1
            } else {
                engine.process(record, into: &outputs)
            }
            suppressResends()
            if !outputs.erased.isEmpty { logErasures(record) }
            let count = outputs.count + (hot.hasPolicies ? policyRecordCount(outputs) : 0)
            guard let token = tracker.processed(run.slot ?? tracker.slot(of: p), offset: messages[i].offset, outputs: count,
                                                timing: InputTiming(consumedNs: consumedNs, recordTsMs: messages[i].timestampMs))
            else { continue }
            dispatch(token: token)
        }
        endRun(&run)
    }

    private func logErasures(_ record: InputRecord) {
        for (_, stores) in outputs.erased {
            metrics.erasures += 1
            // No key in the log: it is personal data, and erasing it is the point.
            logger.info("erase request carried out", metadata: ["source": "\(record.source)", "stores": "\(stores)"])
        }
    }

    /// The message as an `InputRecord`, its key and value moved (not shared) into it. A function
    /// of its own: built inline, the record was copied once more (a retain and release of each
    /// of its references, ~2 % of the daemon's CPU).
    @inline(never)
    private static func takeRecord(_ message: inout ConsumedMessage) -> InputRecord {
        InputRecord(source: EventSource(topic: message.topic, partition: message.partition, offset: message.offset),
                    key: message.key.take(), value: message.value.take(), timestampMs: message.timestampMs,
                    headers: message.headers.isEmpty ? [] : message.headers.map { RecordHeader(key: $0.key, value: $0.value) })
    }

    /// Writes back what a run of one partition's messages changed: the task's resume position
    /// and the per-topic input counter.
    private func endRun(_ run: inout PartitionRun) {
        guard run.consumed > 0 else { return }
        metrics.eventsInByTopic[run.partition.topic, default: 0] += run.consumed
        if let rt = run.runtime, let next = run.next, next != run.startNext {
            rt.positions[run.partition] = next
        }
        run.consumed = 0
    }

    /// A re-keyed record whose source offset its task has already applied: an upstream task that
    /// re-processed its tail after a crash sent it again.
    private func isRepartitionCopyAlreadyApplied(_ record: InputRecord, _ rt: TaskRuntime) -> Bool {
        guard !rt.id.domain.isEmpty, let source = Engine.originalSource(record) else { return false }
        let upstream = StreamPartition(topic: source.topic, partition: source.partition)
        if let applied = rt.upstream[upstream], source.offset <= applied { return true }
        rt.upstream[upstream] = source.offset
        return false
    }

    /// Drops re-created actions that the actions topic already holds (found when restoring).
    private func suppressResends() {
        guard !alreadySent.isEmpty, !outputs.emitter.actions.isEmpty else { return }
        let before = outputs.emitter.actions.count
        outputs.emitter.removeActions { alreadySent.remove($0.actionID) != nil }
        metrics.resendsSuppressed += before - outputs.emitter.actions.count
    }

    /// Lets time-driven operators fire (absence timers, window closes) even when no input arrives.
    /// Their outputs carry token 0: they belong to no input offset (see docs/ARCHITECTURE.md).
    private func tick() {
        outputs.reset(nowMs: Self.wallClockMs())
        engine.tick(into: &outputs)
        suppressResends()
        if outputs.count + (hot.hasPolicies ? policyRecordCount(outputs) : 0) > 0 { dispatch(token: 0) }
    }

    /// Produces the current `outputs`: actions to the actions topic, dead letters to theirs,
    /// re-keyed events to their internal repartition topics, policy records to the policy topics.
    private func dispatch(token: UInt64) {
        for r in outputs.repartition {
            metrics.repartitioned += 1
            send(topic: r.topic, key: r.key, value: r.value, headers: r.headers.map { (key: $0.key, value: $0.value) },
                 token: token, cause: nil)
        }
        // In place (`updateActions` hands each action `inout`): binding an `Action` to a
        // variable, or calling a method on `actions[i]` of an array or an unsafe buffer, copied
        // (retained and released) all of its strings per action (~1.4 % of the daemon's CPU).
        // Nothing below touches `outputs` (delivery reports served while librdkafka's queue is
        // full update the tracker, metrics and `hot` only).
        if !outputs.emitter.actions.isEmpty {
            metrics.actionsOut += outputs.emitter.actions.count
            outputs.emitter.updateActions { action in
                hot.countAction(trigger: action.trigger, into: &metrics)
                sendAction(&action, token: token)
            }
        }
        for dead in outputs.deadLetters {
            metrics.deadLetters += 1
            metrics.deadLettersByReason[dead.reason.rawValue, default: 0] += 1
            logger.debug("dead letter", metadata: ["source": "\(dead.record.source)", "reason": "\(dead.reason.rawValue)",
                                                   "detail": "\(dead.detail)"])
            send(topic: config.output.deadLetterTopic, key: dead.record.key, value: dead.record.value,
                 headers: DeadLetterHeaders.make(dead), token: token, cause: dead.record.source)
        }
        // Guarded here: the call copied all of `outputs` even without `policies:`.
        if hot.hasPolicies { dispatchPolicyRecords(outputs, token: token) }
    }

    /// Brings `outputFloor` up to the actions acknowledged so far (kept per partition in `hot`).
    func foldDeliveredFloors() { hot.floors.fold(into: &outputFloor) }

    static func wallClockMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Produces an action: the customer id's UTF-8 as the key and the JSON encoded into
    /// `hot`'s reused buffer (``Action/encodePlainJSON(into:)``; ``Action/encodeJSON()`` when a
    /// string needs an escape), handed to librdkafka without an array per key or value.
    /// `inout` only so the action is read in place (see `dispatch`); it is not changed.
    private func sendAction(_ action: inout Action, token: UInt64) {
        var customerID = action.customerID
        let topic = hot.actionsTopic
        let buffer = hot.encodeBuffer(capacity: action.plainJSONCapacity)
        let encoded = action.encodePlainJSON(into: buffer)
        customerID.withUTF8 { key in
            if let encoded {
                sendRaw(topic: topic, key: UnsafeRawBufferPointer(key),
                        value: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<encoded]),
                        token: token, cause: action.cause)
            } else {
                action.encodeJSON().withUnsafeBytes { value in
                    sendRaw(topic: topic, key: UnsafeRawBufferPointer(key), value: value, token: token, cause: action.cause)
                }
            }
        }
    }

    /// ``send(topic:partition:key:value:headers:token:cause:)`` from borrowed bytes, no headers.
    /// `cause` is evaluated only on failure (copying it per action retained its topic string).
    func sendRaw(topic: String, partition: Int32? = nil, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
                 token: UInt64, cause: @autoclosure () -> EventSource?) {
        guard let producer else { return }
        while true {
            do {
                switch try producer.produce(topic: topic, partition: partition, key: key, value: value, token: token) {
                case .enqueued: return
                case .queueFull: producer.poll(timeoutMs: 10)
                }
            } catch {
                producerFailed(topic: topic, cause: cause(), error)
                return
            }
        }
    }

    /// Not committing this input: it will be re-processed after restart.
    private func producerFailed(topic: String, cause: EventSource?, _ error: any Error) {
        failure = "cannot produce output of \(cause?.description ?? "-") to \(topic): \(error)"
        logger.error("produce failed", metadata: ["cause": "\(cause?.description ?? "-")", "topic": "\(topic)", "error": "\(error)"])
    }

    /// Produces one output, waiting (serving delivery reports) while librdkafka's queue is full.
    func send(topic: String, partition: Int32? = nil, key: [UInt8]?, value: [UInt8]?, headers: [(key: String, value: [UInt8])],
              token: UInt64, cause: EventSource?) {
        guard let producer else { return }
        while true {
            do {
                switch try producer.produce(topic: topic, partition: partition, key: key, value: value, headers: headers, token: token) {
                case .enqueued: return
                case .queueFull: producer.poll(timeoutMs: 10)
                }
            } catch {
                producerFailed(topic: topic, cause: cause, error)
                return
            }
        }
    }

    private func onDelivery(_ report: DeliveryReport) {
        if let error = report.error {
            metrics.deliveryFailures += 1
            // librdkafka already retried (idempotently) until message.timeout.ms: stop without
            // committing this input so a restart re-processes it.
            if failure == nil { failure = "delivery failed: \(error)" }
            logger.error("delivery failed", metadata: ["topic": "\(report.topic)", "partition": "\(report.partition)",
                                                       "error": "\(error)"])
            return
        }
        if report.token >= Self.internalTokenBase {
            if report.token >= Self.markerTokenBase, let ref = markerTokens.removeValue(forKey: report.token) {
                markerOffsets[ref] = report.offset
            }
            return
        }
        metrics.delivered += 1
        if report.topic == hot.actionsTopic { hot.floors.delivered(partition: report.partition, offset: report.offset) }
        if let t = tracker.acknowledged(token: report.token) {
            let nowNs = hot.clock.nowNs()
            _ = metrics.processing.record((nowNs &- t.consumedNs) / 1000)
            if let ts = t.recordTsMs {
                let e2e = hot.clock.wallMs(atNs: nowNs) - ts
                _ = metrics.endToEnd.record(UInt64(max(0, e2e)) * 1000)
            }
        }
    }

    // MARK: rebalances

    private func onRebalance(_ event: RebalanceEvent) -> AssignmentPlan {
        metrics.rebalances += 1
        switch event {
        case .assigned(let tps):
            // New tasks restore first (their partitions stay paused until then); partitions of
            // open tasks start where those left off.
            var plan = openTasks(for: tps)
            let nowMs = Self.wallClockMs()
            for tp in tps {
                assigned.insert(tp)
                let p = StreamPartition(topic: tp.topic, partition: tp.partition)
                tracker.assign(p)
                if !plan.paused.contains(tp) {
                    engine.assign(p, nowMs: nowMs)
                    if paused { plan.paused.insert(tp) }
                }
            }
            logger.info("partitions assigned", metadata: ["partitions": "\(tps.map(\.description).joined(separator: ","))",
                                                          "restoring": "\(restoreOrder.map(\.description))"])
            return plan
        case .revoked(let tps):
            // Last chance to checkpoint these partitions' work before another member owns them.
            closeTasks(for: tps, checkpointFirst: true)
            forget(tps)
            logger.info("partitions revoked", metadata: ["partitions": "\(tps.map(\.description).joined(separator: ","))"])
        case .lost(let tps):
            // Another member may own them already: their work since the checkpoint is dropped
            // (it restores from the changelog), never committed from here.
            closeTasks(for: tps, checkpointFirst: false)
            forget(tps)
            logger.warning("partitions lost", metadata: ["partitions": "\(tps.map(\.description).joined(separator: ","))"])
        }
        return AssignmentPlan()
    }

    private func forget(_ tps: [TopicPartition]) {
        for tp in tps {
            assigned.remove(tp)
            let p = StreamPartition(topic: tp.topic, partition: tp.partition)
            tracker.revoke(p)
            engine.revoke(p)
        }
    }

    /// Pauses every assigned partition while too many outputs await acknowledgement, resuming at half.
    private func applyBackpressure() {
        guard let consumer else { return }
        let limit = config.runtime.maxInFlight
        if !paused && tracker.inFlight >= limit {
            paused = true
            consumer.pause(Array(assigned))
            logger.info("backpressure: paused input", metadata: ["in_flight": "\(tracker.inFlight)"])
        } else if paused && tracker.inFlight <= limit / 2 {
            paused = false
            consumer.resume(assigned.filter { !isRestoring($0) })
            logger.info("backpressure: resumed input", metadata: ["in_flight": "\(tracker.inFlight)"])
        }
    }

    // MARK: metrics

    private func emitMetrics() {
        hot.flushActionCounts(into: &metrics)
        var lag: [(partition: String, lag: Int64)] = []
        if let consumer {
            for tp in assigned.sorted() {
                let p = StreamPartition(topic: tp.topic, partition: tp.partition)
                if let high = consumer.highWatermark(tp), let pos = tracker.position(p) {
                    lag.append((tp.description, max(0, high - pos)))
                }
            }
        }
        let line = metrics.renderLine(.init(lag: lag, inFlight: tracker.inFlight, assignedPartitions: assigned.count,
                                            watermarkMs: engine.watermarkMs, tableRows: engine.tableSizes,
                                            stateKeys: engine.stateKeyCounts, policy: engine.policyCounters,
                                            policyDeferred: engine.policyDeferredCount,
                                            stateReadFailures: engine.loadFailures
                                                + runtimes.values.reduce(0) { $0 + $1.backend.failures }
                                                + tableBackends.values.reduce(0) { $0 + $1.failures }))
        StandardStreams.writeStdout(line)
    }

    // MARK: shutdown

    /// Drain, flush, commit, leave the group — bounded by `runtime.shutdown_timeout`; a watchdog
    /// ends the process if librdkafka itself hangs past that.
    private func shutdown() -> Int32 {
        let timeoutMs = config.runtime.shutdownTimeoutMs
        logger.info("stopping", metadata: ["reason": "\(failure ?? "signal")", "timeout_ms": "\(timeoutMs)"])
        let watchdog = DispatchWorkItem { [logger] in
            logger.critical("shutdown exceeded its timeout; exiting")
            _exit(1)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeoutMs) + 2_000), execute: watchdog)
        if !checkpoint(flushTimeoutMs: Int32(timeoutMs * 6 / 10)) {
            logger.warning("final checkpoint not taken; the work since the last one is re-done after restart",
                           metadata: ["outstanding": "\(producer?.outstanding ?? 0)"])
        }
        consumer?.close()
        for id in restoreOrder { abandonRestore(id) }
        for (_, rt) in runtimes { rt.store.close() }
        runtimes = [:]
        try? flushTables()
        for (_, backend) in tableBackends { backend.file.close() }
        tableConsumer?.close()
        restoreClient?.close()
        emitMetrics()
        consumer = nil
        tableConsumer = nil
        restoreClient = nil
        producer = nil
        watchdog.cancel()
        if let failure {
            logger.error("stopped after failure", metadata: ["error": "\(failure)"])
            return 1
        }
        logger.info("stopped cleanly")
        return 0
    }
}

struct DaemonStartError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
