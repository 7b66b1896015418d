/// Checkpoint layout of a lapse: the optional term (deadline event, deadline, offered), the
/// last activity and the start time (each optional); a buffered event's input is its optional
/// deadline and one flags byte (bit 0 activity, bit 1 start).
extension LapseLogic {
    static var stateKind: StateFormat.Kind { .lapse }
}

extension LapseLogic.Input: StateCodable {
    func encode(into writer: inout StateWriter) {
        writer.writeOptional(deadlineMs) { $0.writeVarInt($1) }
        writer.writeByte((isActivity ? 1 : 0) | (isStart ? 2 : 0))
    }

    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        let deadlineMs = try reader.readOptional { (reader: inout StateReader) throws(StateDecodingError) in
            try reader.readVarInt()
        }
        let offset = reader.offset
        let flags = try reader.readByte()
        guard flags & ~3 == 0 else { throw StateDecodingError(offset: offset, message: "invalid lapse input flags \(flags)") }
        self.init(deadlineMs: deadlineMs, isActivity: flags & 1 != 0, isStart: flags & 2 != 0)
    }
}

extension LapseLogic.State: StateCodable {
    func encode(into writer: inout StateWriter) {
        writer.writeOptional(term) { writer, term in
            writer.writeEvent(term.event)
            writer.writeVarInt(term.deadlineMs)
            writer.writeBool(term.offered)
        }
        writer.writeOptional(lastActivityMs) { $0.writeVarInt($1) }
        writer.writeOptional(startedMs) { $0.writeVarInt($1) }
    }

    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        let term = try reader.readOptional { (reader: inout StateReader) throws(StateDecodingError) in
            LapseLogic.Term(event: try reader.readEvent(), deadlineMs: try reader.readVarInt(), offered: try reader.readBool())
        }
        let last = try reader.readOptional { (reader: inout StateReader) throws(StateDecodingError) in try reader.readVarInt() }
        let started = try reader.readOptional { (reader: inout StateReader) throws(StateDecodingError) in try reader.readVarInt() }
        self.init(term: term, lastActivityMs: last, startedMs: started)
    }
}
