extension EventDecoder {
    /// The event key, from the configured field or else from the Kafka record key.
    ///
    /// Integral numbers are accepted as keys (many producers send numeric customer IDs) and
    /// rendered in decimal, so `42` and `"42"` address the same customer. Non-integral or
    /// inexact (> 2^53) numbers are rejected rather than rounded into someone else's ID.
    func extractKey(from fields: JSONObject, record: InputRecord) throws(DecodeFailure) -> String {
        guard let keyLookup else {
            return try recordKey(record.key)
        }
        return try key(keyLookup.value(in: fields), field: keyLookup.path)
    }

    /// The key from the key field's value as the parser captured it (nil: absent), or from
    /// the record key when no key field is configured: what ``extractKey(from:record:)`` says.
    func key(_ captured: JSONValue?, record: InputRecord) throws(DecodeFailure) -> String {
        guard let keyLookup else { return try recordKey(record.key) }
        return try key(captured, field: keyLookup.path)
    }

    /// ``key(_:record:)`` for the capture of a projected parse: a non-empty string is the key
    /// as is, without the `JSONValue` round trip; every other capture takes the general path.
    @inline(__always)
    func key(captured: consuming JSONCaptures.Key?, record: InputRecord) throws(DecodeFailure) -> String {
        // A switch on the consumed capture: each case owns its payload, so the usual one
        // returns its string without a copy and a destroy of the capture.
        switch consume captured {
        case .string(let string)?:
            if keyLookup != nil, !string.isEmpty { return string }
            return try key(.string(string), record: record)
        case .value(let value)?:
            return try key(value, record: record)
        case nil:
            return try key(nil, record: record)
        }
    }

    private func key(_ found: JSONValue?, field keyField: FieldPath) throws(DecodeFailure) -> String {
        guard let value = found else {
            throw DecodeFailure(reason: .missingKey, detail: "field '\(keyField)' is missing")
        }
        switch value {
        case .null:
            throw DecodeFailure(reason: .missingKey, detail: "field '\(keyField)' is null")
        case .string(let string):
            guard !string.isEmpty else {
                throw DecodeFailure(reason: .invalidKey, detail: "field '\(keyField)' is an empty string")
            }
            return string
        case .number(let number):
            guard let integer = number.exactInteger else {
                throw DecodeFailure(
                    reason: .invalidKey,
                    detail: "field '\(keyField)' is \(value), expected a string or an integer below 2^53"
                )
            }
            return String(integer)
        case .bool, .array, .object:
            throw DecodeFailure(
                reason: .invalidKey,
                detail: "field '\(keyField)' is \(value.kindDescription), expected a string or an integer"
            )
        }
    }

    private func recordKey(_ key: [UInt8]?) throws(DecodeFailure) -> String {
        guard let key else {
            throw DecodeFailure(reason: .missingKey, detail: "record has no key and no key field is configured")
        }
        guard !key.isEmpty else {
            throw DecodeFailure(reason: .missingKey, detail: "record key is empty and no key field is configured")
        }
        if let error = UTF8Validator.firstError(in: key) {
            throw DecodeFailure(reason: .invalidKey, detail: "record key is not UTF-8 text: \(error)")
        }
        return String(decoding: key, as: UTF8.self)
    }
}
