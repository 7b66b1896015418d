/// Identity stitching's durable mapping of one task: anonymous id (a device) → known id (a
/// customer), written by login events and read for every event of a stitched input to find
/// the key it counts for.
///
/// It is task state like an operator's (store `_identity`): changed links are reported by
/// ``takeStateChanges()`` for the checkpoint and changelog, and ``restoreState(key:value:)``
/// rebuilds them. Unlike pattern state it is never evicted: a link is a few dozen bytes and
/// is consulted for every event, so the whole map stays in memory (its file rows and changelog
/// are its durable copy), like the contact policy's store.
///
/// Which link wins: the one with the later event time; at equal times, the one read last. So
/// two logins of one device arriving out of order still leave the later one in force.
public struct IdentityMap: Sendable {
    /// A device's current link.
    public struct Link: Sendable, Equatable {
        public var knownID: String
        /// Event time of the login that made it.
        public var linkedAtMs: Int64

        public init(knownID: String, linkedAtMs: Int64) {
            self.knownID = knownID
            self.linkedAtMs = linkedAtMs
        }
    }

    private var links: [String: Link] = [:]
    /// Known id → the anonymous ids linked to it, so an erase of a customer finds their devices
    /// without scanning every link.
    private var anonymousByKnown: [String: Set<String>] = [:]
    /// Anonymous ids whose link changed since the last ``takeStateChanges()``.
    private var dirty: Set<String> = []

    public init() {}

    /// Number of linked anonymous ids (metrics, `state stats`).
    public var count: Int { links.count }

    /// The known id `anonymousID` is linked to, if any.
    public func knownID(for anonymousID: String) -> String? { links[anonymousID]?.knownID }

    /// The full link of `anonymousID` (tests, tooling).
    public func link(of anonymousID: String) -> Link? { links[anonymousID] }

    /// Records that `anonymousID` belongs to `knownID` as of `atMs`, unless a link of a later
    /// event time is already in force.
    /// - Returns: whether the device now maps to a different known id than before (a new link
    ///   or a re-link to another customer): the caller then moves the device's state over.
    @discardableResult
    public mutating func link(_ anonymousID: String, to knownID: String, atMs: Int64) -> Bool {
        guard anonymousID != knownID else { return false }
        let previous = links[anonymousID]
        if let previous, previous.linkedAtMs > atMs { return false }
        guard previous != Link(knownID: knownID, linkedAtMs: atMs) else { return false }
        if let previous, previous.knownID != knownID { unindex(anonymousID, from: previous.knownID) }
        links[anonymousID] = Link(knownID: knownID, linkedAtMs: atMs)
        anonymousByKnown[knownID, default: []].insert(anonymousID)
        dirty.insert(anonymousID)
        return previous?.knownID != knownID
    }

    /// Right to be forgotten: drops every link pointing to `id`, and the link of `id` itself if
    /// it is an anonymous id. The deletions appear in the next ``takeStateChanges()``.
    /// - Returns: how many links were dropped.
    @discardableResult
    public mutating func eraseLinks(involving id: String) -> Int {
        var dropped = 0
        for anonymousID in (anonymousByKnown.removeValue(forKey: id) ?? []).sorted() {
            links[anonymousID] = nil
            dirty.insert(anonymousID)
            dropped += 1
        }
        if let own = links.removeValue(forKey: id) {
            unindex(id, from: own.knownID)
            dirty.insert(id)
            dropped += 1
        }
        return dropped
    }

    /// Links changed since the previous call, sorted by anonymous id (a deletion as `nil`);
    /// clears the set. Same contract as ``StreamOperator/takeStateChanges()``.
    public mutating func takeStateChanges() -> [StateChange] {
        guard !dirty.isEmpty else { return [] }
        var writer = StateWriter(reservingCapacity: 64)
        let changes = dirty.sorted().map { anonymousID -> StateChange in
            guard let link = links[anonymousID] else { return StateChange(key: anonymousID, value: nil) }
            writer.removeAll()
            link.encode(into: &writer)
            return StateChange(key: anonymousID, value: writer.bytes)
        }
        dirty.removeAll(keepingCapacity: true)
        return changes
    }

    /// Loads one link as written by ``takeStateChanges()``, replacing the device's current one.
    /// Does not mark it changed (it is already durable); on error nothing changes.
    public mutating func restoreState(key: String, value: [UInt8]) throws(StateRestoreError) {
        let link: Link
        do throws(StateDecodingError) {
            link = try Link(decoding: value)
        } catch {
            throw StateRestoreError(key: key, message: error.description)
        }
        if let previous = links[key] { unindex(key, from: previous.knownID) }
        links[key] = link
        anonymousByKnown[link.knownID, default: []].insert(key)
    }

    private mutating func unindex(_ anonymousID: String, from knownID: String) {
        anonymousByKnown[knownID]?.remove(anonymousID)
        if anonymousByKnown[knownID]?.isEmpty == true { anonymousByKnown[knownID] = nil }
    }
}
