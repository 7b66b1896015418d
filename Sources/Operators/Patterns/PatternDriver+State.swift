/// Durable state of a pattern trigger: per key, its slot (the logic's state and the cooldown)
/// and its events still waiting in the buffer for the watermark, each with what `prepare`
/// made of it. The buffered events belong to the state because their offsets are committed
/// with the checkpoint: after a restore nothing redelivers them.
///
/// Layout: header (``StateFormat``, the logic's kind), optional logic state, optional
/// cooldown end, then the buffered events in release order, each followed by its step (0:
/// cancel, 1: input and the input's layout). The slot's timer is not stored: a restore
/// re-arms it from the state, the way ``PatternDriver`` arms it after every change.
extension PatternDriver {
    private typealias Entry = EventTimeBuffer<PatternStep<Logic.Input>>.Entry

    /// Keys with a slot or buffered events. O(keys with buffered events), which the
    /// out-of-orderness bound keeps small; for metrics, not the event path.
    var stateKeyCount: Int {
        var count = slots.count
        for key in buffer.keys where slots[key] == nil { count += 1 }
        return count
    }

    /// Serialises the dirty keys. Walks the buffer once if any of them has buffered events.
    mutating func takeStateChanges() -> [StateChange] {
        guard !dirtyKeys.isEmpty else { return [] }
        let dirty = dirtyKeys
        recentKeys.formUnion(dirty)
        dirtyKeys = []
        let pending = dirty.contains(where: buffer.hasEntries(forKey:)) ? buffer.entries(forKeys: dirty) : [:]
        var writer = StateWriter(reservingCapacity: 256)
        return dirty.sorted().map { key in
            let slot = slots[key]
            let entries = pending[key] ?? []
            guard slot != nil || !entries.isEmpty else { return StateChange(key: key, value: nil) }
            writer.removeAll()
            writer.writeHeader(Logic.stateKind)
            writer.writeOptional(slot?.state) { $1.encode(into: &$0) }
            writer.writeOptional(slot?.cooldownUntilMs) { $0.writeVarInt($1) }
            writer.writeArray(entries) { writer, entry in
                writer.writeEvent(entry.event)
                switch entry.payload {
                case .cancel:
                    writer.writeByte(0)
                case .input(let input):
                    writer.writeByte(1)
                    input.encode(into: &writer)
                }
            }
            return StateChange(key: key, value: writer.bytes)
        }
    }

    mutating func restoreState(key: String, value: [UInt8]) throws(StateRestoreError) {
        let restored: (slot: PatternKeySlot<Logic.State>, entries: [Entry])
        do throws(StateDecodingError) {
            restored = try decode(value, key: key)
        } catch {
            throw StateRestoreError(key: key, message: error.description)
        }
        slots[key] = nil // its live timer, if any, turns stale
        if buffer.hasEntries(forKey: key) { buffer.removeAll(forKey: key) }
        for entry in restored.entries { buffer.insert(entry.event, payload: entry.payload) }
        var slot = restored.slot
        guard !slot.isIdle else { return }
        armTimer(&slot, key: key, after: nil)
        slots[key] = slot
    }

    /// Drops the key's slot and buffered events; its queued timer turns stale (it no longer
    /// matches a slot's token), so nothing fires for it.
    mutating func eraseState(key: String) -> Bool {
        let hadSlot = slots.removeValue(forKey: key) != nil
        let hadEvents = buffer.removeAll(forKey: key)
        guard hadSlot || hadEvents else { return false }
        dirtyKeys.insert(key)
        return true
    }

    private func decode(_ value: [UInt8], key: String) throws(StateDecodingError)
        -> (slot: PatternKeySlot<Logic.State>, entries: [Entry]) {
        var reader = StateReader(value)
        try reader.readHeader(expecting: Logic.stateKind)
        var slot = PatternKeySlot<Logic.State>()
        slot.state = try reader.readOptional { (reader: inout StateReader) throws(StateDecodingError) in
            try Logic.State(decodingFrom: &reader)
        }
        slot.cooldownUntilMs = try reader.readOptional { (reader: inout StateReader) throws(StateDecodingError) in
            try reader.readVarInt()
        }
        let entries = try reader.readArray { (reader: inout StateReader) throws(StateDecodingError) -> Entry in
            let start = reader.offset
            let event = try reader.readEvent()
            guard event.key == key else {
                throw StateDecodingError(offset: start, message: "buffered event of key '\(event.key)'")
            }
            let stepOffset = reader.offset
            switch try reader.readByte() {
            case 0:
                return Entry(event: event, payload: .cancel)
            case 1:
                return Entry(event: event, payload: .input(try Logic.Input(decodingFrom: &reader)))
            case let tag:
                throw StateDecodingError(offset: stepOffset, message: "invalid buffered step tag \(tag)")
            }
        }
        try reader.finish()
        return (slot, entries)
    }
}
