import DaemonConfig
import Engine
import Foundation
import KafkaClient
import Logging
import Operators
import StateStore

/// Durable state: checkpoints (SQLite + changelog topics) and restores.
///
/// Exactly-once without Kafka transactions (the test broker does not honour `read_committed`):
/// 1. A checkpoint happens only when every output produced so far is acknowledged (the producer
///    is flushed first). The task's state changes go to its changelog partitions, then a marker
///    carrying the ``TaskCheckpoint`` (input offsets, watermark, re-keying high-water marks, output
///    floor); once those are acknowledged too, the same rows and checkpoint are committed to the
///    task's SQLite file in one transaction, and the input offsets to Kafka (for lag tooling).
/// 2. A crash loses only work after the last checkpoint. The task restarts from it (local file +
///    changelog tail, or the changelog alone on a new machine) and re-processes the input after
///    it. Processing is deterministic and action ids are a function of (trigger, key, cause), so
///    it re-creates exactly the actions it had created before the crash; the ones that had reached
///    the actions topic are found by scanning that topic from the checkpoint's output floor, and
///    are not sent again. Re-keyed copies re-sent by a replaying upstream task are recognised by
///    their source offset (`TaskCheckpoint.upstream`).
extension Daemon {
    /// Tokens at or above this mark changelog records (the commit tracker's tokens stay far below).
    static let internalTokenBase: UInt64 = 1 << 62
    /// Tokens at or above this mark checkpoint markers, the only internal records whose delivery
    /// reports are looked up (`markerTokens`): the changelog records' reports, one per changed
    /// key, are told apart by a comparison instead of a dictionary miss each.
    static let markerTokenBase: UInt64 = 1 << 63
    static let markerKey = Array("\u{0}sd.checkpoint".utf8)
    static let markerHeader = "sd.checkpoint"

    // MARK: topics

    /// `<group>-<store>-changelog`, with characters Kafka does not allow replaced by '_'.
    func changelogTopic(_ store: String) -> String {
        let raw = "\(config.kafka.groupID)-\(store)-changelog"
        return String(raw.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
    }

    /// The stores of a task of `domain`: one per stateful pipeline; a domain without any still
    /// gets one store (holding only checkpoints), so its offsets and output floor survive too.
    func stores(ofDomain domain: String) -> [String] {
        let stores = engine.stores(ofDomain: domain)
        return stores.isEmpty ? ["_offsets-" + (domain.isEmpty ? "inputs" : domain)] : stores
    }

    /// The domains (configured inputs, repartition topics) and the topic that sets their partition count.
    var domainPartitionSources: [(domain: String, topic: String)] {
        [("", config.inputs[0].topic)] + engine.internalTopics.map { ($0, $0) }
    }

    /// Creates every changelog topic (compacted), one partition per task partition.
    func createChangelogTopics(using producer: KafkaProducer, counting consumer: KafkaConsumer) throws {
        for (domain, topic) in domainPartitionSources {
            let partitions = (try? consumer.partitionCount(topic: topic)) ?? config.kafka.topicPartitions
            let topics = stores(ofDomain: domain).map(changelogTopic)
            do {
                try KafkaAdmin.createTopics(topics, partitions: partitions, replicationFactor: config.kafka.replicationFactor,
                                            configs: [("cleanup.policy", "compact"), ("min.compaction.lag.ms", "3600000")],
                                            using: producer)
            } catch {
                // Some brokers (the test broker) refuse topic configs; the topic must exist regardless.
                logger.warning("creating changelog topics with configs failed; creating without", metadata: ["error": "\(error)"])
                try KafkaAdmin.createTopics(topics, partitions: partitions, replicationFactor: config.kafka.replicationFactor,
                                            using: producer)
            }
        }
    }

    // MARK: checkpoint

    /// Checkpoints the given tasks (all open ones by default). Returns false when outputs could not
    /// all be acknowledged in time; the work stays uncheckpointed and is retried next interval.
    @discardableResult
    /// - Parameter waitForCommit: whether the consumer-offset commit is waited for. The periodic
    ///   checkpoint does not wait: the offsets there only inform lag tooling (the state file and
    ///   the changelog hold the resume positions), and waiting blocked the processing thread for a
    ///   broker round trip every commit interval, delaying every record fetched meanwhile.
    func checkpoint(_ only: [TaskID]? = nil, flushTimeoutMs: Int32 = 10_000, waitForCommit: Bool = true) -> Bool {
        guard failure == nil, let producer else { return false }
        let ids = (only ?? Array(runtimes.keys)).filter { runtimes[$0] != nil }.sorted()
        guard !ids.isEmpty else { return true }
        guard producer.flush(timeoutMs: flushTimeoutMs) else {
            logger.warning("checkpoint postponed: outputs not yet acknowledged", metadata: ["outstanding": "\(producer.outstanding)"])
            return false
        }
        foldDeliveredFloors()
        var pending: [(rt: TaskRuntime, cp: TaskCheckpoint, rows: [StateRow])] = []
        for id in ids {
            guard let rt = runtimes[id] else { continue }
            let changes = engine.takeStateChanges(id)
            let watermark = engine.watermark(of: id)
            guard !changes.isEmpty || rt.hasProgress(watermarkMs: watermark) else { continue }
            let cp = TaskCheckpoint(id: rt.nextID, offsets: rt.positions, watermarkMs: watermark, upstream: rt.upstream,
                                    outputFloor: outputFloor)
            var rows: [StateRow] = []
            rows.reserveCapacity(changes.reduce(0) { $0 + $1.changes.count })
            for (store, list) in changes {
                let topic = changelogTopic(store)
                // Read in place: `for c in list` copied (retained and released) every change.
                list.withUnsafeBufferPointer { list in
                    for j in list.indices {
                        rows.append(StateRow(store: store, key: list[j].key, value: list[j].value))
                        sendChangelog(topic: topic, partition: id.partition, key: list[j].key, value: list[j].value)
                    }
                }
            }
            for store in rt.stores { sendMarker(cp, task: id, store: store) }
            pending.append((rt, cp, rows))
        }
        guard !pending.isEmpty else {
            commitGroupOffsets(ids, synchronous: waitForCommit)
            return true
        }
        guard producer.flush(timeoutMs: max(flushTimeoutMs, 30_000)), failure == nil else {
            // The changes were taken from the operators: without their acknowledgement the only
            // safe continuation is a restart from the last checkpoint.
            failure = failure ?? "changelog records not acknowledged within 30 s"
            return false
        }
        for (rt, cp, rows) in pending {
            for store in rt.stores {
                if let offset = markerOffsets.removeValue(forKey: MarkerRef(task: rt.id, store: store, checkpoint: cp.id)) {
                    rt.changelogNext[store] = offset + 1
                }
            }
            do {
                try rt.store.commit(rows: rows, meta: [TaskRuntime.checkpointMeta: cp.encoded(),
                                                       TaskRuntime.changelogMeta: OffsetMap.encode(rt.changelogNext)])
            } catch {
                // The changelog has the checkpoint; a restart restores from there.
                failure = "task \(rt.id): cannot write state file \(rt.store.path): \(error)"
                return false
            }
            rt.checkpoint = cp
            rt.nextID = cp.id + 1
        }
        // Now durable, unchanged keys beyond the cache size may leave memory.
        for rt in runtimes.values {
            do {
                try rt.backend.add(engine.evictColdState(rt.id, keepingAtMost: config.state.cacheMaxKeys))
            } catch {
                failure = "task \(rt.id): cannot index evicted state in \(rt.store.path): \(error)"
                return false
            }
        }
        metrics.checkpoints += 1
        commitGroupOffsets(ids, synchronous: waitForCommit)
        return true
    }

    /// Asks the group to commit the checkpointed input offsets of these tasks that it has not
    /// been asked to commit yet: those of checkpoints just written, and those of restored
    /// checkpoints. Why the restored ones: the group's offsets only inform lag tooling (a restart
    /// resumes from the checkpoint), but a predecessor killed before its asynchronous commit
    /// landed left them behind, and a task with no new input writes no new checkpoint, so on an
    /// idle partition they stayed behind for good (seen in the kill -9 chaos test).
    private func commitGroupOffsets(_ ids: [TaskID], synchronous: Bool) {
        var offsets: [TopicPartition: Int64] = [:]
        var runtimesCommitted: [TaskRuntime] = []
        for id in ids {
            guard let rt = runtimes[id], rt.checkpoint.id > 0, rt.offsetsCommittedToGroup != rt.checkpoint.offsets else { continue }
            for (p, o) in rt.checkpoint.offsets { offsets[TopicPartition(topic: p.topic, partition: p.partition)] = o }
            runtimesCommitted.append(rt)
        }
        guard let consumer, !offsets.isEmpty else { return }
        do {
            try consumer.commit(offsets, synchronous: synchronous)
            metrics.commits += 1
            for rt in runtimesCommitted { rt.offsetsCommittedToGroup = rt.checkpoint.offsets }
        } catch {
            logger.warning("offset commit failed (state checkpoint is durable; only lag tooling sees it late)",
                           metadata: ["error": "\(error)"])
        }
    }

    func sendMarker(_ cp: TaskCheckpoint, task: TaskID, store: String) {
        internalTokens &+= 1
        let token = Self.markerTokenBase + internalTokens
        markerTokens[token] = MarkerRef(task: task, store: store, checkpoint: cp.id)
        send(topic: changelogTopic(store), partition: task.partition, key: Self.markerKey, value: cp.encoded(),
             headers: [(Self.markerHeader, Array(String(cp.id).utf8))], token: token, cause: nil)
    }

    func sendInternal(topic: String, partition: Int32, key: [UInt8], value: [UInt8]?, headers: [(key: String, value: [UInt8])]) {
        send(topic: topic, partition: partition, key: key, value: value, headers: headers, token: nextInternalToken(), cause: nil)
    }

    /// A changelog record from borrowed bytes: no key array per changed key (a checkpoint sends
    /// one record per key changed in the interval, ~100k in the `us` benchmark).
    private func sendChangelog(topic: String, partition: Int32, key: String, value: [UInt8]?) {
        var key = key
        key.withUTF8 { k in
            let k = UnsafeRawBufferPointer(k)
            if let value {
                value.withUnsafeBytes { v in
                    sendRaw(topic: topic, partition: partition, key: k, value: v, token: nextInternalToken(), cause: nil)
                }
            } else {
                sendRaw(topic: topic, partition: partition, key: k, value: nil, token: nextInternalToken(), cause: nil)
            }
        }
    }

    private func nextInternalToken() -> UInt64 {
        internalTokens &+= 1
        return Self.internalTokenBase + internalTokens
    }

    /// Action ids already in the actions topic after the restored checkpoints' output floors:
    /// re-processing will re-create them, and they must not be sent again.
    func scanSentActions(for restored: [TaskRuntime]) {
        let withHistory = restored.filter { $0.checkpoint.id > 0 }
        guard !withHistory.isEmpty else { return }
        var floors: [TopicPartition: Int64] = [:]
        for p in 0..<Int32(outputPartitions) {
            let tp = TopicPartition(topic: config.output.actionsTopic, partition: p)
            floors[tp] = withHistory.map { $0.checkpoint.outputFloor[p] ?? 0 }.min() ?? 0
        }
        var found = 0
        do {
            try readToEnd(floors) { msg in
                guard let id = ActionIDPeek.actionID(in: msg.value ?? []) else { return }
                if alreadySent.insert(id).inserted { found += 1 }
            }
        } catch {
            failure = "cannot scan \(config.output.actionsTopic) for actions already sent: \(error)"
        }
        logger.info("scanned output tail", metadata: ["from": "\(floors.sorted { $0.key < $1.key }.map { "\($0.key)@\($0.value)" })",
                                                      "action_ids": "\(found)"])
    }

    /// Reads partitions from the given offsets up to their current ends with the restore consumer.
    func readToEnd(_ starts: [TopicPartition: Int64], _ body: (ConsumedMessage) throws -> Void) throws {
        guard !starts.isEmpty else { return }
        let rc = try restoreConsumer()
        try rc.assign(starts)
        var batch: [ConsumedMessage] = []
        let clock = ContinuousClock()
        var deadline = clock.now + .seconds(60)
        var end = EndConfirmation()
        while true {
            guard clock.now < deadline else {
                throw DaemonStartError(message: "timed out reading \(Set(starts.keys).subtracting(rc.reachedEnd).sorted()) to its end")
            }
            batch.removeAll(keepingCapacity: true)
            rc.poll(max: 4096, timeoutMs: 30, into: &batch)
            if !batch.isEmpty { deadline = clock.now + .seconds(60) }
            for msg in batch { try body(msg) }
            producer?.poll(timeoutMs: 0)
            if end.observe(atReportedEnd: Set(starts.keys).isSubset(of: rc.reachedEnd), gotRecords: !batch.isEmpty) { break }
        }
        try rc.assign([:])
    }

    func restoreConsumer() throws -> KafkaConsumer {
        if let rc = restoreClient { return rc }
        let rc = try KafkaConsumer(
            properties: [("bootstrap.servers", config.kafka.brokers), ("group.id", "\(config.kafka.groupID)-restore"),
                         ("client.id", "stream-daemon-restore")] + PropertyScope.forConsumer(config.kafka.properties)
                // A restore reads to the end: an empty or caught-up partition is recognised only
                // when a fetch returns, and a broker may hold a fetch up to fetch.wait.max.ms
                // (500 ms by default, ~2 s per task measured by bench/restore.py).
                + [("enable.partition.eof", "true"), ("fetch.wait.max.ms", "10")],
            logger: logger) { _ in AssignmentPlan() }
        restoreClient = rc
        return rc
    }

    /// Closes tasks whose partitions were revoked (after checkpointing them) or lost (without).
    func closeTasks(for tps: [TopicPartition], checkpointFirst: Bool) {
        let ids = Set(tps.map { engine.task(of: StreamPartition(topic: $0.topic, partition: $0.partition)) }).sorted()
        for id in ids { abandonRestore(id) }
        if checkpointFirst { checkpoint(ids) }
        for id in ids {
            guard let rt = runtimes.removeValue(forKey: id) else { continue }
            rt.store.close()
            engine.closeTask(id)
        }
    }
}

/// A marker awaiting its delivery report (its offset is where a restore with the file resumes).
struct MarkerRef: Hashable {
    var task: TaskID
    var store: String
    var checkpoint: UInt64
}

/// Reads `action_id` from an action record without parsing it: ``Action/encodeJSON()`` always
/// starts with `{"action_id":"<id>"`. Anything else (a foreign record) is skipped.
enum ActionIDPeek {
    static let prefix = Array("{\"action_id\":\"".utf8)

    static func actionID(in value: [UInt8]) -> String? {
        guard value.count > prefix.count, value.starts(with: prefix),
              let end = value[prefix.count...].firstIndex(of: 0x22) else { return nil }
        return String(decoding: value[prefix.count..<end], as: UTF8.self)
    }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
