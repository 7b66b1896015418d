import Operators

extension ContactPolicy {
    /// Customers whose state changed since the previous call, sorted by customer ID, each
    /// with its encoded state or `nil` once nothing is left (a delete / tombstone); clears the
    /// set. Same contract as ``Operators/StreamOperator/takeStateChanges()``.
    public mutating func takeStateChanges() -> [StateChange] {
        guard !dirty.isEmpty else { return [] }
        var writer = StateWriter(reservingCapacity: 256)
        let changes = dirty.sorted().map { customer -> StateChange in
            guard let state = customers[customer] else { return StateChange(key: customer, value: nil) }
            writer.removeAll()
            state.encode(into: &writer)
            return StateChange(key: customer, value: writer.bytes)
        }
        dirty.removeAll(keepingCapacity: true)
        return changes
    }

    /// Loads one customer's state as written by ``takeStateChanges()``, replacing anything
    /// held for them, and re-arms their release and expiry timers. Does not mark the key
    /// changed; on error nothing held for the key changes.
    public mutating func restoreState(key: String, value: [UInt8]) throws(StateRestoreError) {
        let state: CustomerPolicyState
        do {
            state = try CustomerPolicyState(decoding: value, customerID: key)
        } catch {
            throw StateRestoreError(key: key, message: error.description)
        }
        timers.removeAll { $0.key == key }
        expiryArmed[key] = nil
        customers[key] = state.isEmpty ? nil : state
        armTimers(key)
    }

    /// Forgets the customer (right to be forgotten): send history, exposures, consent events,
    /// and deferred actions, which are cancelled without a decision. The deletion appears in the next
    /// ``takeStateChanges()`` if there was state.
    /// - Returns: whether the customer had any state.
    public mutating func eraseState(key: String) -> Bool {
        timers.removeAll { $0.key == key }
        expiryArmed[key] = nil
        guard let state = customers.removeValue(forKey: key) else { return false }
        counters.deferredCancelled += state.deferred.count
        dirty.insert(key)
        return true
    }

    /// Number of customers holding state.
    public var stateKeyCount: Int { customers.count }

    /// Changes a customer's state, marks it dirty, and drops it once empty.
    mutating func update(_ customer: String, _ body: (inout CustomerPolicyState) -> Void) {
        var state = customers.removeValue(forKey: customer) ?? CustomerPolicyState()
        body(&state)
        if !state.isEmpty { customers[customer] = state }
        dirty.insert(customer)
    }

    /// Applies retention at `atMs`; marks the customer dirty only if something was dropped.
    mutating func prune(_ customer: String, atMs: Int64) {
        guard var state = customers.removeValue(forKey: customer) else { return }
        if state.prune(atMs: atMs, sendRetentionMs: sendRetentionMs, exposureRetentionMs: exposureRetentionMs) {
            dirty.insert(customer)
        }
        if !state.isEmpty { customers[customer] = state }
    }
}
