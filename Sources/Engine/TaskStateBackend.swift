/// Where a task's operators find state that is not in memory: the task's durable store.
///
/// Why a protocol: the engine is pure (no SQLite, no Kafka) and replays run with everything in
/// memory; the daemon plugs in its SQLite file so that memory holds at most
/// `state.cache_max_keys` keys per store and the rest is loaded on demand.
///
/// Called only from the thread that drives the engine (the daemon's processing thread), which is
/// why implementations may be `@unchecked Sendable` wrappers over a non-thread-safe handle.
public protocol TaskStateBackend: AnyObject, Sendable {
    /// Whether any key of the task has ever been evicted. Until then every key with state is in
    /// memory, so a key that is not needs no lookup — the common case when the state fits the
    /// cache, where a lookup per new key would cost a file read (and a lock) per event.
    var mayHoldEvictedKeys: Bool { get }
    /// The key's durable state in `store`, or nil if it has none.
    func load(store: String, key: String) -> [UInt8]?
    /// Removes from the wake index and returns the evicted keys of `store` whose timers are due
    /// at or before `watermarkMs`. Must be cheap when nothing is due (it runs on every advance).
    func takeDue(store: String, atOrBefore watermarkMs: Int64) -> [String]
}
