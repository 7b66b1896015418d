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
    /// The members events keep (see ``init(spec:projection:)``).
    public let projection: FieldProjection
    /// `projection` and the captured key and time fields prepared for the parser; nil for `.all`.
    let memberFilter: JSONMemberFilter?
    /// Whether the key and the time field are read from the parser's captures rather than
    /// from the kept members.
    let capturesKey: Bool
    let capturesTime: Bool

    /// - Parameter projection: the top-level members the events must carry (what the readers of
    ///   this input read, see ``StreamOperator/fieldReads``). Records are validated in full
    ///   either way: only what an accepted event holds differs. A top-level key or time field
    ///   is captured while parsing and kept only if the projection names it (a window that
    ///   counts keeps no member at all: no array per event); a nested one keeps its first
    ///   component.
    public init(spec: DecodeSpec, projection: FieldProjection = .all) {
        self.spec = spec
        self.keyLookup = spec.keyField.map(PreparedFieldPath.init)
        self.timeLookup = spec.timeField.map(PreparedFieldPath.init)
        guard case .topLevel(var names) = projection else {
            self.projection = .all
            self.memberFilter = nil
            self.capturesKey = false
            self.capturesTime = false
            return
        }
        // The time field is read only for the formats that read one.
        let timeField = spec.timeFormat == .kafkaTimestamp ? nil : spec.timeField
        let keyName = spec.keyField.flatMap { $0.components.count == 1 ? $0.components[0] : nil }
        let timeName = timeField.flatMap { $0.components.count == 1 ? $0.components[0] : nil }
        for nested in [spec.keyField, timeField] {
            if let nested, nested.components.count > 1 { names.insert(nested.components[0]) }
        }
        self.projection = .topLevel(names)
        self.memberFilter = JSONMemberFilter(keeping: names, capturingKey: keyName, time: timeName)
        self.capturesKey = keyName != nil
        self.capturesTime = timeName != nil
    }

    public func decode(_ record: InputRecord) -> Result<Event, DecodeFailure> {
        do throws(DecodeFailure) {
            guard let memberFilter else {
                var unused = JSONCaptures()
                let fields = try decodeObject(record.value, filter: nil, captures: &unused)
                let key = try extractKey(from: fields, record: record)
                let eventTimeMs = try extractTime(from: fields, record: record)
                return .success(Event(source: record.source, key: key, eventTimeMs: eventTimeMs, fields: fields))
            }
            var captures = JSONCaptures()
            let fields = try decodeObject(record.value, filter: memberFilter, captures: &captures)
            let key = capturesKey
                ? try key(captured: captures.takeKey(), record: record)
                : try extractKey(from: fields, record: record)
            let eventTimeMs = capturesTime
                ? try time(captured: captures.takeTime(), record: record)
                : try extractTime(from: fields, record: record)
            return .success(Event(source: record.source, key: key, eventTimeMs: eventTimeMs, fields: fields))
        } catch {
            return .failure(error)
        }
    }

    /// Size, encoding, syntax and shape checks on the record value. Inline: a call of ~34
    /// instructions per record otherwise (callgrind).
    @inline(__always)
    private func decodeObject(_ value: [UInt8]?, filter: JSONMemberFilter?,
                              captures: inout JSONCaptures) throws(DecodeFailure) -> JSONObject {
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
            if let filter {
                document = try JSONReader.parse(value, keeping: filter, captures: &captures)
            } else {
                document = try JSONReader.parse(value)
            }
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
