/// JSON values in checkpoints: a tag byte per value, numbers as their bit pattern.
///
/// Written directly rather than as JSON text so a restore does not re-run the strict parser
/// over every stored event, and so numbers round-trip bit for bit (the JSON writer prints
/// `-0` and NaN differently from how they were held).
enum StateJSONTag: UInt8 {
    case null = 0, falseValue = 1, trueValue = 2, number = 3, string = 4, array = 5, object = 6
}

extension StateWriter {
    public mutating func writeJSON(_ value: JSONValue) {
        switch value {
        case .null:
            writeByte(StateJSONTag.null.rawValue)
        case .bool(let bool):
            writeByte(bool ? StateJSONTag.trueValue.rawValue : StateJSONTag.falseValue.rawValue)
        case .number(let number):
            writeByte(StateJSONTag.number.rawValue)
            writeDouble(number)
        case .string(let string):
            writeByte(StateJSONTag.string.rawValue)
            writeString(string)
        case .array(let elements):
            writeByte(StateJSONTag.array.rawValue)
            writeArray(elements) { $0.writeJSON($1) }
        case .object(let object):
            writeByte(StateJSONTag.object.rawValue)
            writeJSONObject(object)
        }
    }

    /// The members in stored order, duplicates included, so the object restores `==` itself.
    public mutating func writeJSONObject(_ object: JSONObject) {
        writeArray(object.fields) { writer, field in
            writer.writeString(field.key)
            writer.writeJSON(field.value)
        }
    }
}

extension StateReader {
    /// Deeper nesting than any parsed event can have (``JSONReader/maxDepth``), with margin;
    /// the limit only guards the recursion against corrupt input.
    static let maxJSONDepth = 2 * JSONReader.maxDepth

    public mutating func readJSON() throws(StateDecodingError) -> JSONValue {
        try readJSON(depth: 0)
    }

    public mutating func readJSONObject() throws(StateDecodingError) -> JSONObject {
        try readJSONObject(depth: 0)
    }

    private mutating func readJSON(depth: Int) throws(StateDecodingError) -> JSONValue {
        let start = offset
        let raw = try readByte()
        guard let tag = StateJSONTag(rawValue: raw) else {
            throw StateDecodingError(offset: start, message: "invalid JSON value tag \(raw)")
        }
        switch tag {
        case .null: return .null
        case .falseValue: return .bool(false)
        case .trueValue: return .bool(true)
        case .number: return .number(try readDouble())
        case .string: return .string(try readString())
        case .array:
            try checkDepth(depth, at: start)
            return .array(try readArray { (reader: inout StateReader) throws(StateDecodingError) in
                try reader.readJSON(depth: depth + 1)
            })
        case .object:
            try checkDepth(depth, at: start)
            return .object(try readJSONObject(depth: depth + 1))
        }
    }

    private mutating func readJSONObject(depth: Int) throws(StateDecodingError) -> JSONObject {
        JSONObject(try readArray { (reader: inout StateReader) throws(StateDecodingError) in
            (key: try reader.readString(), value: try reader.readJSON(depth: depth))
        })
    }

    private func checkDepth(_ depth: Int, at start: Int) throws(StateDecodingError) {
        guard depth < Self.maxJSONDepth else {
            throw StateDecodingError(offset: start, message: "JSON nesting exceeds \(Self.maxJSONDepth)")
        }
    }
}
