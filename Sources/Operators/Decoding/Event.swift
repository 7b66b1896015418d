/// A decoded input record: a JSON object with its key and event time already extracted.
///
/// Key and time are resolved once by ``EventDecoder`` so that every operator sees the same
/// values and none of them has to re-validate the record.
public struct Event: Sendable, Equatable {
    public var source: EventSource
    /// Partitioning/grouping key (a customer or entity ID), never empty.
    public var key: String
    /// Event time in milliseconds since the Unix epoch.
    public var eventTimeMs: Int64
    /// The record value's top-level object.
    public var fields: JSONObject

    public init(source: EventSource, key: String, eventTimeMs: Int64, fields: JSONObject) {
        self.source = source
        self.key = key
        self.eventTimeMs = eventTimeMs
        self.fields = fields
    }

    /// The value at a dotted path, `nil` if absent.
    public subscript(path: FieldPath) -> JSONValue? {
        fields.value(at: path)
    }
}
