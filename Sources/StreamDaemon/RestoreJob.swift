import Engine
import KafkaClient
import StateStore

/// One task being restored: its file, and what has been read of its changelog partitions.
///
/// Restores run a slice at a time on the processing thread (`Daemon.restoreStep`), one task
/// after another, while the tasks already restored keep processing; the restoring task's input
/// partitions stay paused until it is done.
final class RestoreJob {
    let id: TaskID
    let file: TaskStateStore
    let stores: [String]
    /// The file's checkpoint (nil: no usable file, the changelog is read from the beginning).
    let local: TaskCheckpoint?
    /// Per store, the changelog offset after the file's last marker (where the tail starts).
    var next: [String: Int64]
    var batchers: [String: ChangelogBatcher]
    var checkpoints: [UInt64: TaskCheckpoint] = [:]
    var maxID: UInt64
    /// Stores whose changelog had any record at all.
    var seen: Set<String> = []
    /// Changelog topic → store.
    let storeOfTopic: [String: String]
    /// Changelog partitions and where reading starts.
    let starts: [TopicPartition: Int64]
    /// The task's input partitions assigned so far (paused until the restore completes).
    var partitions: Set<TopicPartition> = []
    var started = false
    /// Whether the changelog partitions' reported end is confirmed.
    var end = EndConfirmation()
    var records = 0
    let began = ContinuousClock.now
    var lastProgress = ContinuousClock.now

    init(id: TaskID, file: TaskStateStore, stores: [String], local: TaskCheckpoint?, next: [String: Int64],
         changelogTopic: (String) -> String) {
        self.id = id
        self.file = file
        self.stores = stores
        self.local = local
        self.next = next
        batchers = Dictionary(uniqueKeysWithValues: stores.map { ($0, ChangelogBatcher()) })
        maxID = local?.id ?? 0
        if let local { checkpoints[local.id] = local }
        storeOfTopic = Dictionary(uniqueKeysWithValues: stores.map { (changelogTopic($0), $0) })
        starts = Dictionary(uniqueKeysWithValues: stores.map {
            (TopicPartition(topic: changelogTopic($0), partition: id.partition), next[$0] ?? 0)
        })
    }

    /// Applies one changelog record: rows wait for their marker; a marker hands out the batch it
    /// proves committed, which goes to the file at once (so memory holds one batch per store).
    func apply(_ msg: ConsumedMessage, markerHeader: String) throws {
        guard let store = storeOfTopic[msg.topic] else { return }
        seen.insert(store)
        records += 1
        if msg.headers.contains(where: { $0.key == markerHeader }) {
            let cp = try TaskCheckpoint(decoding: msg.value ?? [])
            checkpoints[cp.id] = cp
            maxID = max(maxID, cp.id)
            if let rows = batchers[store]?.marker(cp, offset: msg.offset), !rows.isEmpty {
                try file.commit(rows: rows.map { StateRow(store: store, key: $0.key, value: $0.value) }, meta: [:])
            }
        } else {
            batchers[store]?.row(key: String(decoding: msg.key ?? [], as: UTF8.self), value: msg.value)
        }
    }
}
