/// Checkpoint layout of a threshold; its input carries nothing.
///
/// Layout 1 (still read): the counted event times as an array of varints, never empty.
/// Layout 2 (written): a zero count — impossible in layout 1, so an older build refuses the
/// value instead of misreading it — then the layout byte `2`, the counted times, and the
/// `distinct_by` ids seen in the window as (id, time) pairs. Times or ids may be empty, not both.
extension ThresholdLogic {
    static var stateKind: StateFormat.Kind { .threshold }
    static let stateLayout: UInt8 = 2
}

extension ThresholdLogic.Input: StateCodable {
    func encode(into writer: inout StateWriter) {}

    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        self.init()
    }
}

extension ThresholdLogic.State: StateCodable {
    func encode(into writer: inout StateWriter) {
        writer.writeCount(0)
        writer.writeByte(ThresholdLogic.stateLayout)
        writer.writeArray(times) { $0.writeVarInt($1) }
        writer.writeArray(seen) { writer, item in
            writer.writeString(item.id)
            writer.writeVarInt(item.timeMs)
        }
    }

    /// An empty state is refused: the logic drops such a state, and kept it would never expire.
    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        let start = reader.offset
        let legacyCount = try reader.readCount()
        guard legacyCount == 0 else {
            var times: [Int64] = []
            times.reserveCapacity(legacyCount)
            for _ in 0..<legacyCount { times.append(try reader.readVarInt()) }
            self.init(times: times)
            return
        }
        let layoutOffset = reader.offset
        let layout = try reader.readByte()
        guard layout == ThresholdLogic.stateLayout else {
            throw StateDecodingError(offset: layoutOffset, message: "unknown threshold state layout \(layout) "
                + "(this build reads 1 and \(ThresholdLogic.stateLayout))")
        }
        let times = try reader.readArray { (reader: inout StateReader) throws(StateDecodingError) in try reader.readVarInt() }
        let seen = try reader.readArray { (reader: inout StateReader) throws(StateDecodingError) in
            ThresholdLogic.SeenID(id: try reader.readString(), timeMs: try reader.readVarInt())
        }
        guard !times.isEmpty || !seen.isEmpty else {
            throw StateDecodingError(offset: start, message: "threshold state without event times or ids")
        }
        self.init(times: times, seen: seen)
    }
}
