/// Which client a librdkafka property belongs to, so one `properties:` map in the config can feed
/// both the consumer and the producer without librdkafka warning (CONFWARN) on every start about
/// properties the other client ignores. Unlisted properties go to both.
public enum PropertyScope {
    private static let consumerPrefixes = [
        "group.", "session.timeout.ms", "heartbeat.interval.ms", "partition.assignment.strategy",
        "max.poll.interval.ms", "enable.auto.", "auto.commit.", "auto.offset.reset", "queued.",
        "fetch.", "isolation.level", "check.crcs", "allow.auto.create.topics", "enable.partition.eof",
        "consume.callback.max.messages", "coordinator.query.interval.ms",
    ]
    private static let producerPrefixes = [
        "acks", "request.required.acks", "linger.ms", "queue.buffering.", "batch.", "compression.",
        "message.timeout.ms", "delivery.timeout.ms", "enable.idempotence", "enable.gapless.guarantee",
        "transactional.id", "transaction.timeout.ms", "retries", "message.send.max.retries",
        "retry.backoff", "partitioner", "sticky.partitioning.linger.ms", "request.timeout.ms",
    ]

    public static func forConsumer(_ props: [(key: String, value: String)]) -> [(key: String, value: String)] {
        props.filter { p in !producerPrefixes.contains { p.key.hasPrefix($0) } }
    }

    public static func forProducer(_ props: [(key: String, value: String)]) -> [(key: String, value: String)] {
        props.filter { p in !consumerPrefixes.contains { p.key.hasPrefix($0) } }
    }
}
