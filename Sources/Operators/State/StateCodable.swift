/// A value with a checkpoint layout of its own: the per-kind pattern states and inputs, which
/// ``PatternDriver`` writes into a key's state without knowing their shape.
protocol StateCodable: Sendable {
    func encode(into writer: inout StateWriter)
    init(decodingFrom reader: inout StateReader) throws(StateDecodingError)
}
