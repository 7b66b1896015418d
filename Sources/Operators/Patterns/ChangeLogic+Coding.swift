/// Checkpoint layout of change: readings as (quantity, value as the event had it); the state
/// is the optional first value, the optional value at the last firing and the time of the
/// last reading; an input is the reading and the optional configured baseline.
extension ChangeLogic {
    static var stateKind: StateFormat.Kind { .change }
}

extension ChangeLogic.Reading: StateCodable {
    func encode(into writer: inout StateWriter) {
        writer.writeDouble(quantity)
        writer.writeJSON(raw)
    }

    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        self.init(quantity: try reader.readDouble(), raw: try reader.readJSON())
    }
}

extension ChangeLogic.Input: StateCodable {
    func encode(into writer: inout StateWriter) {
        value.encode(into: &writer)
        writer.writeOptional(baseline) { $1.encode(into: &$0) }
    }

    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        let value = try ChangeLogic.Reading(decodingFrom: &reader)
        self.init(value: value, baseline: try reader.readOptional { (reader: inout StateReader) throws(StateDecodingError) in
            try ChangeLogic.Reading(decodingFrom: &reader)
        })
    }
}

extension ChangeLogic.State: StateCodable {
    func encode(into writer: inout StateWriter) {
        writer.writeOptional(firstValue) { $1.encode(into: &$0) }
        writer.writeOptional(lastFired) { $1.encode(into: &$0) }
        writer.writeVarInt(lastSeenMs)
    }

    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        let start = reader.offset
        let firstValue = try reader.readOptional { (reader: inout StateReader) throws(StateDecodingError) in
            try ChangeLogic.Reading(decodingFrom: &reader)
        }
        let lastFired = try reader.readOptional { (reader: inout StateReader) throws(StateDecodingError) in
            try ChangeLogic.Reading(decodingFrom: &reader)
        }
        guard firstValue != nil || lastFired != nil else {
            throw StateDecodingError(offset: start, message: "change state without a first or fired value")
        }
        self.init(firstValue: firstValue, lastFired: lastFired, lastSeenMs: try reader.readVarInt())
    }
}
