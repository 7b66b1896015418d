/// A record as consumed from Kafka, before any decoding.
///
/// This is the boundary type between the Kafka client and the pure operators: it holds only
/// plain values (no librdkafka handles), so decoding can be tested and run without a broker.
public struct InputRecord: Sendable {
    public var source: EventSource
    /// The Kafka record key; `nil` when the producer sent none.
    public var key: [UInt8]?
    /// The Kafka record value; `nil` for tombstones.
    public var value: [UInt8]?
    /// The Kafka record timestamp in epoch milliseconds; `nil` when the broker reported none.
    public var timestampMs: Int64?
    public var headers: [RecordHeader]

    public init(
        source: EventSource,
        key: [UInt8]?,
        value: [UInt8]?,
        timestampMs: Int64?,
        headers: [RecordHeader] = []
    ) {
        self.source = source
        self.key = key
        self.value = value
        self.timestampMs = timestampMs
        self.headers = headers
    }
}
