extension JSONValue {
    /// The compact JSON encoding of this value (see ``JSONWriter``).
    public func encoded() -> [UInt8] {
        var writer = JSONWriter()
        writer.writeValue(self)
        return writer.bytes
    }
}
