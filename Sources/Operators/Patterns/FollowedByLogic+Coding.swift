/// Checkpoint layout of followed-by; a buffered event's input is 0 (start) or 1 (then).
///
/// State layout 2 (current): count 0, layout byte 2, then the pending As as (event time, kept
/// fields). Layout 1 (before `start.*` fields and `same`) was just the non-empty list of event
/// times, so a leading count of 0 cannot be an old value: old checkpoints, changelogs and
/// restores still read, as As without kept fields (which correlate with nothing under `same`
/// and leave `start.*` empty, as if A had lacked those fields).
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
    static let layout: UInt8 = 2

    func encode(into writer: inout StateWriter) {
        writer.writeCount(0) // marks a layout byte: layout 1 never wrote an empty list
        writer.writeByte(Self.layout)
        writer.writeArray(pending) { writer, entry in
            writer.writeVarInt(entry.timeMs)
            writer.writeJSONObject(entry.fields)
        }
    }

    /// An empty list is refused: the logic drops such a state, and kept it would never expire.
    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        let start = reader.offset
        let count = try reader.readCount()
        var pending: [FollowedByLogic.Pending] = []
        if count > 0 { // layout 1: `count` event times
            pending.reserveCapacity(count)
            for _ in 0..<count { pending.append(.init(timeMs: try reader.readVarInt(), fields: JSONObject([]))) }
        } else {
            let layoutOffset = reader.offset
            let layout = try reader.readByte()
            guard layout == Self.layout else {
                throw StateDecodingError(offset: layoutOffset, message: "unknown followed_by state layout \(layout)")
            }
            pending = try reader.readArray { (reader: inout StateReader) throws(StateDecodingError) in
                FollowedByLogic.Pending(timeMs: try reader.readVarInt(), fields: try reader.readJSONObject())
            }
        }
        guard !pending.isEmpty else { throw StateDecodingError(offset: start, message: "followed_by state without pending starts") }
        self.init(pending: pending)
    }
}
