/// Checkpoint layout of a threshold: the event times of the As in the window; its input
/// carries nothing.
extension ThresholdLogic {
    static var stateKind: StateFormat.Kind { .threshold }
}

extension ThresholdLogic.Input: StateCodable {
    func encode(into writer: inout StateWriter) {}

    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        self.init()
    }
}

extension ThresholdLogic.State: StateCodable {
    func encode(into writer: inout StateWriter) {
        writer.writeArray(times) { $0.writeVarInt($1) }
    }

    /// An empty list is refused: the logic drops such a state, and kept it would never expire.
    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        let start = reader.offset
        let times = try reader.readArray { (reader: inout StateReader) throws(StateDecodingError) in try reader.readVarInt() }
        guard !times.isEmpty else { throw StateDecodingError(offset: start, message: "threshold state without event times") }
        self.init(times: times)
    }
}
