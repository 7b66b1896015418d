extension EventDecoder {
    /// The event time in epoch milliseconds, per the configured format, within
    /// ``EventTimeRange``. Absent or `null` → `missing_time`; wrong type, unparsable or out
    /// of range → `invalid_time`.
    func extractTime(from fields: JSONObject, record: InputRecord) throws(DecodeFailure) -> Int64 {
        let format = spec.timeFormat
        if format == .kafkaTimestamp {
            return try kafkaTime(record.timestampMs)
        }
        guard let timeLookup else {
            throw DecodeFailure(reason: .missingTime, detail: "no time field is configured for \(format.configName)")
        }
        return try time(timeLookup.value(in: fields), field: timeLookup.path)
    }

    /// The event time from the time field's value as the parser captured it (nil: absent):
    /// what ``extractTime(from:record:)`` says.
    func time(_ captured: JSONValue?, record: InputRecord) throws(DecodeFailure) -> Int64 {
        let format = spec.timeFormat
        if format == .kafkaTimestamp {
            return try kafkaTime(record.timestampMs)
        }
        guard let timeLookup else {
            throw DecodeFailure(reason: .missingTime, detail: "no time field is configured for \(format.configName)")
        }
        return try time(captured, field: timeLookup.path)
    }

    /// ``time(_:record:)`` for the capture of a projected parse: a plain integer within
    /// ``EventTimeRange`` is the time in `epoch_ms`, or seconds times 1000 in `epoch_s` (the
    /// `Double` path computes the same: the products are exact below 2^53); every other capture
    /// (out of range, not an integer, another type, absent) takes the general path, with its
    /// checks and details.
    @inline(__always)
    func time(captured: consuming JSONCaptures.Time?, record: InputRecord) throws(DecodeFailure) -> Int64 {
        // A switch on the consumed capture (see `key(captured:record:)`).
        switch consume captured {
        case .integer(let integer)?:
            if timeLookup != nil {
                switch spec.timeFormat {
                case .epochMillis:
                    if EventTimeRange.contains(integer) { return integer }
                case .epochSeconds:
                    if integer >= 0, integer <= EventTimeRange.maxMs / 1000 { return integer &* 1000 }
                case .rfc3339, .kafkaTimestamp:
                    break
                }
            }
            return try time(JSONCaptures.Time.integer(integer).value, record: record)
        case .value(let value)?:
            return try time(value, record: record)
        case nil:
            return try time(nil, record: record)
        }
    }

    private func time(_ found: JSONValue?, field timeField: FieldPath) throws(DecodeFailure) -> Int64 {
        let format = spec.timeFormat
        guard let value = found else {
            throw DecodeFailure(reason: .missingTime, detail: "field '\(timeField)' is missing")
        }
        switch (format, value) {
        case (_, .null):
            throw DecodeFailure(reason: .missingTime, detail: "field '\(timeField)' is null")
        case (.epochMillis, .number(let milliseconds)):
            guard EventTimeRange.contains(milliseconds) else { throw outOfRange(timeField, value, format) }
            // The conversion truncates toward zero itself (in range, so it cannot trap): what
            // `Int64(milliseconds.rounded(.towardZero))` computed with a libm call per event.
            return Int64(milliseconds)
        case (.epochSeconds, .number(let seconds)):
            return try millisecondsFromSeconds(seconds, field: timeField, value: value)
        case (.rfc3339, .string(let text)):
            return try rfc3339Time(text, field: timeField)
        case (.rfc3339, _):
            throw DecodeFailure(
                reason: .invalidTime,
                detail: "field '\(timeField)' is \(value.kindDescription), expected an RFC 3339 timestamp string"
            )
        default:
            throw DecodeFailure(
                reason: .invalidTime,
                detail: "field '\(timeField)' is \(value.kindDescription), expected an \(format.configName) number"
            )
        }
    }

    private func kafkaTime(_ timestampMs: Int64?) throws(DecodeFailure) -> Int64 {
        // librdkafka reports -1 for "no timestamp"; treat it like an absent one.
        guard let timestampMs, timestampMs != -1 else {
            throw DecodeFailure(reason: .missingTime, detail: "record has no Kafka timestamp")
        }
        guard EventTimeRange.contains(timestampMs) else {
            throw DecodeFailure(
                reason: .invalidTime,
                detail: "Kafka timestamp \(timestampMs) is outside the supported range (years 1970-9999)"
            )
        }
        return timestampMs
    }

    /// Seconds → milliseconds keeping millisecond fractions.
    ///
    /// `1700000000.123` has no exact binary form and `x * 1000` lands a hair below
    /// `…123`; truncating that would lose a millisecond. Products within a few ULPs of an
    /// integer are therefore snapped to it before the (otherwise truncating) conversion.
    private func millisecondsFromSeconds(
        _ seconds: Double,
        field: FieldPath,
        value: JSONValue
    ) throws(DecodeFailure) -> Int64 {
        let product = seconds * 1000
        let nearest = product.rounded()
        let snapped = (product - nearest).magnitude <= 4 * product.ulp ? nearest : product.rounded(.towardZero)
        guard EventTimeRange.contains(snapped) else { throw outOfRange(field, value, .epochSeconds) }
        return Int64(snapped)
    }

    private func rfc3339Time(_ text: String, field: FieldPath) throws(DecodeFailure) -> Int64 {
        try RFC3339.fieldTime(text, field: field)
    }

    private func outOfRange(_ field: FieldPath, _ value: JSONValue, _ format: EventTimeFormat) -> DecodeFailure {
        DecodeFailure(
            reason: .invalidTime,
            detail: "field '\(field)' value \(value) is outside the supported \(format.configName) range (years 1970-9999)"
        )
    }
}
