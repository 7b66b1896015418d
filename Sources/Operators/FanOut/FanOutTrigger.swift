/// One firing → one action per member: a flight delay to every booked passenger, a restock to
/// the customers waiting for it (``FanOutSpec``).
///
/// Per key (a flight, a SKU) the trigger keeps a roster built from events of that key (bookings
/// or waitlist entries, re-keyed onto it with `rekey_by`), the firing condition's memory (the
/// delay last announced, the stock level per store) and the queue of paced actions not yet
/// due. It runs on ``PatternDriver``, so `where`, event-time re-sequencing, late events, `cancel`
/// (exit criteria: the key's state is dropped), timers, eviction and the state codec are those
/// of every pattern kind.
///
/// Each action's template sees the firing event's fields plus `member` (`id` and the kept
/// fields), `at_home_store`, `rank` (1-based position in the firing), `final`, and `previous`
/// (the delay last announced, or the store's previous level) and `change` (the delay) where
/// they apply; its `customer_id` is the member id. Its id derives from (trigger, key, the firing
/// event's Kafka position, member id), so a re-processed input re-creates identical ids.
public struct FanOutTrigger: StreamOperator {
    private var driver: PatternDriver<FanOutLogic>

    /// - Parameter common: the action's `customerField` should be `member.id` (the compiler
    ///   sets it), which is where every fanned-out event carries its member.
    public init(common: PatternCommon, spec: FanOutSpec) {
        driver = PatternDriver(common: common, logic: FanOutLogic(spec: spec))
    }

    /// Keys holding state (a roster, a firing memory, queued actions).
    public var pendingKeyCount: Int { driver.keyCount }
    /// Events waiting for the watermark to pass them.
    public var bufferedEventCount: Int { driver.bufferedCount }

    public mutating func process(_ event: Event, into out: inout Emitter) throws(DecodeFailure) {
        try driver.process(event, into: &out)
    }

    public mutating func advance(into out: inout Emitter) {
        driver.advance(into: &out)
    }

    public var nextDueMs: Int64 { driver.nextDueMs }

    public mutating func takeStateChanges() -> [StateChange] { driver.takeStateChanges() }

    public mutating func restoreState(key: String, value: [UInt8]) throws(StateRestoreError) {
        try driver.restoreState(key: key, value: value)
    }

    public mutating func eraseState(key: String) -> Bool { driver.eraseState(key: key) }

    public var stateKeyCount: Int { driver.stateKeyCount }

    public func stateKey(for event: Event) -> String? { driver.stateKey(for: event) }

    public func isResident(key: String) -> Bool { driver.isResident(key: key) }

    public mutating func evictColdState(keepingAtMost limit: Int) -> [EvictedKey] {
        driver.evictColdState(keepingAtMost: limit)
    }
}
