/// Durable state and residency of ``DistinctFilterTrigger``: per key, the remembered ids with
/// the event time of their first occurrence, so a restart or a rebalance keeps dropping
/// duplicates of records acted on before it.
///
/// Layout (after the ``StateFormat`` header, kind `distinct_filter`): a count, then per id in
/// ascending id order its string and its first-occurrence time — sorted so equal state gives
/// equal bytes, whatever the dictionary order.
extension DistinctFilterTrigger {
    public mutating func takeStateChanges() -> [StateChange] {
        guard !dirtyKeys.isEmpty else { return [] }
        defer { dirtyKeys.removeAll(keepingCapacity: true) }
        return dirtyKeys.sorted().map { key in
            StateChange(key: key, value: slots[key].map(Self.encode))
        }
    }

    public mutating func restoreState(key: String, value: [UInt8]) throws(StateRestoreError) {
        let ids: [String: Int64]
        do {
            ids = try Self.decode(value)
        } catch {
            throw StateRestoreError(key: key, message: error.description)
        }
        slots[key] = ids.isEmpty ? nil : Slot(firstSeenMs: ids, armedMs: nil)
        arm(key: key)
    }

    public mutating func eraseState(key: String) -> Bool {
        guard slots.removeValue(forKey: key) != nil else { return false }
        dirtyKeys.insert(key)
        timers.removeAll { $0.key == key }
        return true
    }

    public func stateKey(for event: Event) -> String? {
        predicates.allSatisfy({ $0.matches(event) }) ? event.key : nil
    }

    /// A dirty key counts as resident even with nothing held: its ids just expired and the
    /// store still has the old value until the next checkpoint deletes it.
    public func isResident(key: String) -> Bool {
        slots[key] != nil || dirtyKeys.contains(key)
    }

    /// Evicts durable keys, recently used ones last; each is woken at its earliest expiry so the
    /// sweep can delete it from the store too.
    public mutating func evictColdState(keepingAtMost limit: Int) -> [EvictedKey] {
        defer { recentKeys.removeAll(keepingCapacity: true) }
        guard slots.count > max(0, limit) else { return [] }
        let excess = slots.count - max(0, limit)
        var evicted: [EvictedKey] = []
        evicted.reserveCapacity(excess)
        for spareRecent in [true, false] where evicted.count < excess {
            for (key, slot) in slots where evicted.count < excess {
                guard !dirtyKeys.contains(key), !(spareRecent && recentKeys.contains(key)) else { continue }
                evicted.append(EvictedKey(key: key, wakeMs: slot.armedMs ?? earliestExpiry(of: slot)))
            }
            // Their queued timers no longer match a slot: stale, skipped when due.
            for e in evicted { slots[e.key] = nil }
        }
        return evicted
    }

    static func encode(_ slot: Slot) -> [UInt8] {
        var writer = StateWriter()
        writer.writeHeader(.distinctFilter)
        writer.writeArray(slot.firstSeenMs.sorted { $0.key < $1.key }) { writer, entry in
            writer.writeString(entry.key)
            writer.writeVarInt(entry.value)
        }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(StateDecodingError) -> [String: Int64] {
        var reader = StateReader(bytes)
        try reader.readHeader(expecting: .distinctFilter)
        let count = try reader.readCount()
        var ids: [String: Int64] = [:]
        for _ in 0..<count {
            let idOffset = reader.offset
            let id = try reader.readString()
            let timeMs = try reader.readVarInt()
            guard ids.updateValue(timeMs, forKey: id) == nil else {
                throw StateDecodingError(offset: idOffset, message: "id '\(id)' appears twice")
            }
        }
        try reader.finish()
        return ids
    }
}
