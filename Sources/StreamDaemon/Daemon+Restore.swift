import DaemonConfig
import Engine
import Foundation
import KafkaClient
import Logging
import Operators
import StateStore

/// Restores, incrementally: assignment only opens a `RestoreJob` and pauses the task's input;
/// the loop reads its changelog a slice at a time (`restoreStep`), so tasks already running are
/// not held up, then loads the state, finds the actions already sent, and resumes the input at
/// the checkpoint.
extension Daemon {
    /// Handles newly assigned partitions: starts restoring tasks that are not open yet (their
    /// partitions are paused until done); partitions of open tasks resume at their positions.
    func openTasks(for tps: [TopicPartition]) -> AssignmentPlan {
        var plan = AssignmentPlan()
        for tp in tps {
            let p = StreamPartition(topic: tp.topic, partition: tp.partition)
            let id = engine.task(of: p)
            if let rt = runtimes[id] {
                if let offset = rt.positions[p] { plan.starts[tp] = offset }
                continue
            }
            if restoring[id] == nil {
                do {
                    restoring[id] = try prepareRestore(id)
                    restoreOrder.append(id)
                } catch {
                    failure = "task \(id): cannot open its state: \(error)"
                    logger.error("restore failed", metadata: ["task": "\(id)", "error": "\(error)"])
                    continue
                }
            }
            restoring[id]?.partitions.insert(tp)
            plan.paused.insert(tp)
        }
        return plan
    }

    /// Opens the task's file and reads its checkpoint; the changelog is read by `restoreStep`.
    private func prepareRestore(_ id: TaskID) throws -> RestoreJob {
        let path = TaskStateStore.path(stateDir: config.state.dir, group: config.kafka.groupID, task: id.description)
        let file = try TaskStateStore(path: path)
        var local: TaskCheckpoint?
        var next: [String: Int64] = [:]
        do {
            local = try file.meta(TaskRuntime.checkpointMeta).map { bytes throws(CheckpointError) in try TaskCheckpoint(decoding: bytes) }
            next = OffsetMap.decode(try file.meta(TaskRuntime.changelogMeta))
        } catch {
            logger.warning("unreadable state file: rebuilding it from the changelog", metadata: ["task": "\(id)", "file": "\(path)", "error": "\(error)"])
            local = nil
        }
        if local == nil { try file.deleteAll(); next = [:] }
        return RestoreJob(id: id, file: file, stores: stores(ofDomain: id.domain), local: local, next: next,
                          changelogTopic: changelogTopic)
    }

    /// Reads the next slice of the first restoring task's changelogs; finishes the task when all
    /// of them reached their end. Called from the loop while anything is restoring.
    func restoreStep() {
        guard let id = restoreOrder.first, let job = restoring[id] else { return }
        do {
            let rc = try restoreConsumer()
            if !job.started {
                try rc.assign(job.starts)
                job.started = true
            }
            batch.removeAll(keepingCapacity: true)
            // Wait a little for changelog records rather than spin: the main poll does not block
            // while anything restores, so this is the loop's only wait (running tasks lose ≤ 10 ms).
            rc.poll(max: 8_192, timeoutMs: runtimes.isEmpty ? 50 : 10, into: &batch)
            for msg in batch { try job.apply(msg, markerHeader: Self.markerHeader) }
            let clock = ContinuousClock()
            if !batch.isEmpty { job.lastProgress = clock.now }
            if job.end.observe(atReportedEnd: Set(job.starts.keys).isSubset(of: rc.reachedEnd), gotRecords: !batch.isEmpty) {
                try rc.assign([:])
                try finishRestore(job)
            } else if clock.now - job.lastProgress > .seconds(60) {
                throw DaemonStartError(message: "no progress reading \(Set(job.starts.keys).subtracting(rc.reachedEnd).sorted()) for 60 s")
            }
        } catch {
            failure = "task \(id): restore failed: \(error)"
            logger.error("restore failed", metadata: ["task": "\(id)", "error": "\(error)"])
        }
    }

    /// Settles the consistent cut, rolls back what a crash left uncommitted, loads the state into
    /// the engine (bounded by `cache_max_keys`), finds the actions already sent, and resumes input.
    private func finishRestore(_ job: RestoreJob) throws {
        let id = job.id
        let file = job.file
        // The consistent cut: the newest checkpoint every store has completed. A store whose
        // changelog is empty (a pipeline added since) has nothing to agree on.
        let lastIDs = job.stores.filter { job.seen.contains($0) || job.local != nil }.map { job.batchers[$0]?.lastID ?? job.local?.id }
        let consistent = ChangelogBatcher.consistentID(lastIDs)
        var rollback: [(store: String, keys: Set<String>)] = []
        for store in job.stores {
            guard var b = job.batchers[store] else { continue }
            let (committed, uncommitted) = b.finish(at: consistent)
            if !committed.isEmpty {
                try file.commit(rows: committed.map { StateRow(store: store, key: $0.key, value: $0.value) }, meta: [:])
            }
            if let applied = b.applied { job.next[store] = applied.nextOffset }
            if !uncommitted.isEmpty { rollback.append((store, uncommitted)) }
        }
        let checkpoint = consistent.flatMap { job.checkpoints[$0] } ?? TaskCheckpoint()
        // Roll back what a crash left uncommitted: re-write the committed values (tombstones for
        // keys that had none) and re-mark the checkpoint, so the store's log ends consistent and
        // compaction cannot keep an uncommitted value.
        if !rollback.isEmpty {
            for (store, keys) in rollback {
                for key in keys.sorted() {
                    sendInternal(topic: changelogTopic(store), partition: id.partition, key: Array(key.utf8),
                                 value: try file.get(store: store, key: key), headers: [])
                }
                if consistent != nil { sendMarker(checkpoint, task: id, store: store) }
            }
            guard producer?.flush(timeoutMs: 30_000) == true, failure == nil else {
                throw DaemonStartError(message: "changelog rollback not acknowledged")
            }
            for (store, _) in rollback {
                if let offset = markerOffsets.removeValue(forKey: MarkerRef(task: id, store: store, checkpoint: checkpoint.id)) {
                    job.next[store] = offset + 1
                }
            }
            logger.info("rolled back uncommitted changelog records", metadata: [
                "task": "\(id)", "stores": "\(rollback.map(\.store))", "keys": "\(rollback.map(\.keys.count).reduce(0, +))"])
        }
        try file.commit(rows: [], meta: [TaskRuntime.checkpointMeta: checkpoint.encoded(),
                                         TaskRuntime.changelogMeta: OffsetMap.encode(job.next)])
        // Load the state, keeping at most `cache_max_keys` per store in memory: the rest is
        // evicted as it loads and indexed by when its timers are due.
        engine.openTask(id)
        let backend = SQLiteTaskBackend(file: file)
        try backend.reset()
        engine.attach(backend, to: id)
        let limit = config.state.cacheMaxKeys
        for store in job.stores where engine.stores(ofDomain: id.domain).contains(store) {
            var loaded = 0
            try file.forEach(store: store) { key, value in
                try engine.restoreState(id, store: store, key: key, value: value)
                loaded += 1
                if loaded % limit == 0 { try backend.add(engine.evictColdState(id, keepingAtMost: limit / 2)) }
            }
        }
        try backend.add(engine.evictColdState(id, keepingAtMost: limit))
        engine.restoreWatermark(id, checkpoint.watermarkMs)
        for (p, o) in checkpoint.outputFloor { outputFloor[p] = max(outputFloor[p] ?? 0, o) }
        let rt = TaskRuntime(id: id, store: file, backend: backend, stores: job.stores, checkpoint: checkpoint,
                             changelogNext: job.next, nextID: job.maxID + 1)
        scanSentActions(for: [rt])
        runtimes[id] = rt
        restoring[id] = nil
        restoreOrder.removeAll { $0 == id }
        // A task starting from nothing takes its first checkpoint before it produces anything:
        // it records the output floor, so a crash at any later moment finds what it sent.
        if checkpoint.id == 0, !self.checkpoint([id], flushTimeoutMs: 30_000) {
            throw DaemonStartError(message: "could not take the task's first checkpoint")
        }
        // Resume the input where the checkpoint left off.
        let nowMs = Self.wallClockMs()
        for tp in job.partitions.sorted() {
            let p = StreamPartition(topic: tp.topic, partition: tp.partition)
            engine.assign(p, nowMs: nowMs)
            if let offset = checkpoint.offsets[p] { try consumer?.seek(tp, to: offset) }
            if !paused { consumer?.resume([tp]) }
        }
        let ms = (ContinuousClock.now - job.began).milliseconds
        logger.info("task restored", metadata: ["task": "\(id)", "checkpoint": "\(checkpoint.id)", "records": "\(job.records)",
                                                "keys": "\(engine.stateKeyCount(of: id))", "ms": "\(ms)",
                                                "resume_at": "\(checkpoint.offsets.sorted { $0.key < $1.key }.map { "\($0.key)@\($0.value)" })"])
    }

    /// Drops a restore in progress (its partitions were revoked or lost).
    func abandonRestore(_ id: TaskID) {
        guard let job = restoring.removeValue(forKey: id) else { return }
        if restoreOrder.first == id, job.started { _ = try? restoreClient?.assign([:]) }
        restoreOrder.removeAll { $0 == id }
        job.file.close()
        engine.closeTask(id)
    }

    /// Whether a partition's task is still restoring (its input stays paused).
    func isRestoring(_ tp: TopicPartition) -> Bool {
        !restoring.isEmpty && restoring[engine.task(of: StreamPartition(topic: tp.topic, partition: tp.partition))] != nil
    }
}
