/// Checkpoint layout of an absence: the pending A and its deadline; a buffered event's input
/// is 0 (then) or 1 and the deadline `prepare` read (start).
extension AbsenceLogic {
    static var stateKind: StateFormat.Kind { .absence }
}

extension AbsenceLogic.Input: StateCodable {
    func encode(into writer: inout StateWriter) {
        switch self {
        case .then:
            writer.writeByte(0)
        case .start(let deadlineMs):
            writer.writeByte(1)
            writer.writeVarInt(deadlineMs)
        }
    }

    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        let start = reader.offset
        switch try reader.readByte() {
        case 0: self = .then
        case 1: self = .start(deadlineMs: try reader.readVarInt())
        case let tag: throw StateDecodingError(offset: start, message: "invalid absence input tag \(tag)")
        }
    }
}

extension AbsenceLogic.State: StateCodable {
    func encode(into writer: inout StateWriter) {
        writer.writeEvent(start)
        writer.writeVarInt(deadlineMs)
    }

    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        self.init(start: try reader.readEvent(), deadlineMs: try reader.readVarInt())
    }
}
