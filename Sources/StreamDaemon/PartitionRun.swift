import Engine
import KafkaClient

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

    init() { startNext = nil }

    init(partition: StreamPartition, runtime: TaskRuntime?, next: Int64?) {
        self.partition = partition
        self.runtime = runtime
        self.startNext = next
        self.next = next
    }

    /// Whether `msg` belongs to this run (same topic and partition).
    func matches(_ msg: ConsumedMessage) -> Bool {
        msg.partition == partition.partition && msg.topic == partition.topic
    }
}
