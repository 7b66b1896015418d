import Engine

/// A run of consecutive messages of one input partition within a polled batch, with what the
/// run loop looked up once for all of them (see `Daemon.process`).
struct PartitionRun {
    var partition = StreamPartition(topic: "", partition: -1)
    /// The partition's task, nil while it is restoring (its messages are skipped).
    var runtime: TaskRuntime?
    /// The task's resume position for the partition when the run started.
    let startNext: Int64?
    /// Next offset to process (the position the run leaves behind).
    var next: Int64?
    /// Messages of the run seen so far (counted per topic in the metrics).
    var consumed = 0
    /// The partition's place in the commit tracker (saves hashing the partition per message).
    var slot: CommitTracker.Slot?

    init() { startNext = nil }

    init(partition: StreamPartition, runtime: TaskRuntime?, next: Int64?, slot: CommitTracker.Slot) {
        self.partition = partition
        self.runtime = runtime
        self.startNext = next
        self.next = next
        self.slot = slot
    }

    /// Whether a message of `topic`/`partition` belongs to this run. (Not a whole
    /// `ConsumedMessage`: passing one copied its key and value references.)
    func matches(partition: Int32, topic: String) -> Bool {
        partition == self.partition.partition && topic == self.partition.topic
    }
}
