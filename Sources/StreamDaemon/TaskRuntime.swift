import Engine
import KafkaClient
import StateStore

/// The daemon's bookkeeping for one open task: its SQLite file, its last durable checkpoint and
/// how far processing has got since.
///
/// The operator state itself lives in the `Engine` (per task); this is what is needed to
/// checkpoint it and to resume after a crash exactly where that checkpoint left off.
final class TaskRuntime {
    let id: TaskID
    let store: TaskStateStore
    /// Loads evicted keys for the engine and keeps the wake index.
    let backend: SQLiteTaskBackend
    /// The task's stores (one per stateful pipeline of its domain, or the offsets-only store).
    let stores: [String]
    /// The last checkpoint committed to SQLite (and to the changelogs before that).
    var checkpoint: TaskCheckpoint
    /// Next offset to process per input topic-partition; the next checkpoint's offsets.
    var positions: [StreamPartition: Int64]
    /// Highest upstream source offset applied per upstream partition (repartition tasks).
    var upstream: [StreamPartition: Int64]
    /// Per store: the changelog offset after the last marker this file reflects (where a
    /// restore with this file reads the tail from).
    var changelogNext: [String: Int64]
    /// The next checkpoint's id: above every id ever written to the changelogs, including
    /// markers of checkpoints that a crash left incomplete.
    var nextID: UInt64
    /// The checkpoint offsets this process last asked the group to commit; nil until it has. A
    /// restored task starts at nil: its predecessor's (asynchronous) commit may have died with it.
    var offsetsCommittedToGroup: [StreamPartition: Int64]?

    init(id: TaskID, store: TaskStateStore, backend: SQLiteTaskBackend, stores: [String], checkpoint: TaskCheckpoint,
         changelogNext: [String: Int64], nextID: UInt64) {
        self.id = id
        self.store = store
        self.backend = backend
        self.stores = stores
        self.checkpoint = checkpoint
        self.positions = checkpoint.offsets
        self.upstream = checkpoint.upstream
        self.changelogNext = changelogNext
        self.nextID = nextID
    }

    /// Whether anything moved since the last checkpoint (besides state, which the engine knows).
    /// A task that never had a checkpoint always has one to take: the first one records the output
    /// floor, without which a crash before it would leave no way to find the actions it sent.
    func hasProgress(watermarkMs: Int64) -> Bool {
        checkpoint.id == 0 || positions != checkpoint.offsets || upstream != checkpoint.upstream
            || watermarkMs != checkpoint.watermarkMs
    }

    /// SQLite meta names.
    static let checkpointMeta = "checkpoint"
    static let changelogMeta = "changelog"
}
