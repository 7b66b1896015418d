/// Turns raw Kafka records into ``Event``s, or explains precisely why it cannot.
///
/// Decoding never throws past this type and never crashes on input: every malformed record
/// becomes a ``DecodeFailure`` that the engine dead-letters, so one bad producer cannot stall
/// a partition. Checks run in a fixed order (size → encoding → syntax → shape → key → time),
/// cheapest first, and the first failure wins, so the reason is stable for a given record.
public struct EventDecoder: Sendable {
    public let spec: DecodeSpec
    /// `spec.keyField` and `spec.timeField`, prepared once: they are looked up in every event.
    let keyLookup: PreparedFieldPath?
    let timeLookup: PreparedFieldPath?

    public init(spec: DecodeSpec) {
        self.spec = spec
        self.keyLookup = spec.keyField.map(PreparedFieldPath.init)
        self.timeLookup = spec.timeField.map(PreparedFieldPath.init)
    }

    public func decode(_ record: InputRecord) -> Result<Event, DecodeFailure> {
        do throws(DecodeFailure) {
            let fields = try decodeObject(record.value)
            let key = try extractKey(from: fields, record: record)
            let eventTimeMs = try extractTime(from: fields, record: record)
            return .success(Event(source: record.source, key: key, eventTimeMs: eventTimeMs, fields: fields))
        } catch {
            return .failure(error)
        }
    }

    /// Size, encoding, syntax and shape checks on the record value.
    private func decodeObject(_ value: [UInt8]?) throws(DecodeFailure) -> JSONObject {
        guard let value else {
            throw DecodeFailure(reason: .emptyValue, detail: "record value is null")
        }
        guard !value.isEmpty else {
            throw DecodeFailure(reason: .emptyValue, detail: "record value is empty")
        }
        guard value.count <= spec.maxValueBytes else {
            throw DecodeFailure(
                reason: .oversized,
                detail: "record value is \(value.count) bytes, the limit is \(spec.maxValueBytes)"
            )
        }
        let document: JSONValue
        do {
            document = try JSONReader.parse(value)
        } catch {
            if error.isInvalidUTF8 {
                throw DecodeFailure(reason: .invalidUTF8, detail: "record value is not UTF-8 text: \(error)")
            }
            throw DecodeFailure(reason: .invalidJSON, detail: "record value is not valid JSON: \(error)")
        }
        guard case .object(let object) = document else {
            throw DecodeFailure(
                reason: .notAnObject,
                detail: "record value is \(document.kindDescription), expected a JSON object"
            )
        }
        return object
    }
}
