/// Per-input decoding settings: where the key and the event time are, and how big a value
/// may be.
///
/// A plain value (no parsing of its own) so the engine can build it from validated config
/// and tests can build it inline.
public struct DecodeSpec: Sendable {
    /// Field holding the event key; `nil` means "use the Kafka record key".
    public var keyField: FieldPath?
    /// Field holding the event time; ignored (and normally `nil`) for `.kafkaTimestamp`.
    public var timeField: FieldPath?
    public var timeFormat: EventTimeFormat
    /// Values larger than this are dead-lettered as `oversized` before any parsing, which
    /// bounds the work a single hostile record can cause.
    public var maxValueBytes: Int

    public init(keyField: FieldPath?, timeField: FieldPath?, timeFormat: EventTimeFormat, maxValueBytes: Int) {
        self.keyField = keyField
        self.timeField = timeField
        self.timeFormat = timeFormat
        self.maxValueBytes = maxValueBytes
    }
}
