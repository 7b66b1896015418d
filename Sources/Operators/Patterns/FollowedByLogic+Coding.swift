/// Checkpoint layout of followed-by: the pending As' event times; a buffered event's input is
/// 0 (start) or 1 (then).
extension FollowedByLogic {
    static var stateKind: StateFormat.Kind { .followedBy }
}

extension FollowedByLogic.Input: StateCodable {
    func encode(into writer: inout StateWriter) {
        writer.writeByte(self == .start ? 0 : 1)
    }

    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        let start = reader.offset
        switch try reader.readByte() {
        case 0: self = .start
        case 1: self = .then
        case let tag: throw StateDecodingError(offset: start, message: "invalid followed_by input tag \(tag)")
        }
    }
}

extension FollowedByLogic.State: StateCodable {
    func encode(into writer: inout StateWriter) {
        writer.writeArray(startTimes) { $0.writeVarInt($1) }
    }

    /// An empty list is refused: the logic drops such a state, and kept it would never expire.
    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        let start = reader.offset
        let times = try reader.readArray { (reader: inout StateReader) throws(StateDecodingError) in try reader.readVarInt() }
        guard !times.isEmpty else { throw StateDecodingError(offset: start, message: "followed_by state without pending starts") }
        self.init(startTimes: times)
    }
}
