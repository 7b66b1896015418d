/// Events in checkpoints: windows keep their latest event, patterns their pending starts and
/// the events still waiting for the watermark, so those must restore exactly — same key,
/// time, Kafka position (action IDs derive from it) and fields in the same order (templates
/// and re-encoding see them).
extension StateWriter {
    public mutating func writeEventSource(_ source: EventSource) {
        writeString(source.topic)
        writeVarInt(Int64(source.partition))
        writeVarInt(source.offset)
    }

    public mutating func writeEvent(_ event: Event) {
        writeString(event.key)
        writeVarInt(event.eventTimeMs)
        writeEventSource(event.source)
        writeJSONObject(event.fields)
    }
}

extension StateReader {
    public mutating func readEventSource() throws(StateDecodingError) -> EventSource {
        let topic = try readString()
        let start = offset
        guard let partition = Int32(exactly: try readVarInt()) else {
            throw StateDecodingError(offset: start, message: "partition out of range")
        }
        return EventSource(topic: topic, partition: partition, offset: try readVarInt())
    }

    public mutating func readEvent() throws(StateDecodingError) -> Event {
        let key = try readString()
        let eventTimeMs = try readVarInt()
        let source = try readEventSource()
        return Event(source: source, key: key, eventTimeMs: eventTimeMs, fields: try readJSONObject())
    }
}
