/// One Kafka record header.
///
/// Kept as raw bytes because Kafka does not require header values to be text; the operators
/// never interpret headers, they only carry them so the engine can propagate tracing headers.
public struct RecordHeader: Sendable, Equatable {
    public var key: String
    public var value: [UInt8]

    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }
}
