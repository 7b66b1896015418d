/// Layout of one `_identity` value: ``StateFormat/version``, the kind byte
/// ``IdentityMap/Link/kindByte``, the known id (string), the link's event time (varint).
///
/// The kind byte sits outside ``StateFormat/Kind``'s small operator numbers on purpose: this
/// store belongs to the engine, not to a pipeline, and an operator's bytes restored into it
/// (or the reverse) must be refused, never misread.
extension IdentityMap.Link {
    static let kindByte: UInt8 = 0x49 // "I"

    func encode(into writer: inout StateWriter) {
        writer.writeByte(StateFormat.version)
        writer.writeByte(Self.kindByte)
        writer.writeString(knownID)
        writer.writeVarInt(linkedAtMs)
    }

    init(decoding value: [UInt8]) throws(StateDecodingError) {
        var reader = StateReader(value)
        let version = try reader.readByte()
        guard version == StateFormat.version else {
            throw StateDecodingError(offset: 0, message: "unknown state format version \(version) (this build reads \(StateFormat.version))")
        }
        let kind = try reader.readByte()
        guard kind == Self.kindByte else {
            throw StateDecodingError(offset: 1, message: "state kind \(kind) is not an identity link (\(Self.kindByte))")
        }
        let knownID = try reader.readString()
        guard !knownID.isEmpty else { throw StateDecodingError(offset: 2, message: "empty known id") }
        let linkedAtMs = try reader.readVarInt()
        try reader.finish()
        self.init(knownID: knownID, linkedAtMs: linkedAtMs)
    }
}
