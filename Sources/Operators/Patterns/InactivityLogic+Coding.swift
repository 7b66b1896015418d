/// Checkpoint layout of inactivity: the key's last A; its input carries nothing.
extension InactivityLogic {
    static var stateKind: StateFormat.Kind { .inactivity }
}

extension InactivityLogic.Input: StateCodable {
    func encode(into writer: inout StateWriter) {}

    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        self.init()
    }
}

extension InactivityLogic.State: StateCodable {
    func encode(into writer: inout StateWriter) {
        writer.writeEvent(last)
    }

    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        self.init(last: try reader.readEvent())
    }
}
