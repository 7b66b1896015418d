import Operators

/// Treated / holdout pair of counts for one trigger.
public struct GroupCounts: Sendable, Equatable {
    public var treated: Int = 0
    public var holdout: Int = 0

    public init(treated: Int = 0, holdout: Int = 0) {
        self.treated = treated
        self.holdout = holdout
    }

    public subscript(group: AttributionGroup) -> Int {
        get { group == .treated ? treated : holdout }
        set { if group == .treated { treated = newValue } else { holdout = newValue } }
    }
}

/// Cumulative counts of what the policy decided, for the daemon's metrics line.
///
/// Process-local like every other metric (not part of the durable state): after a restart
/// they count from zero, and re-processed input is counted again.
public struct PolicyCounters: Sendable, Equatable {
    /// Decisions of every kind (candidates and releases).
    public var decisions = 0
    public var sent = 0
    /// Of `sent`, those on a fallback channel.
    public var sentViaFallback = 0
    /// By ``SuppressionReason`` raw value.
    public var suppressed: [String: Int] = [:]
    /// Actions deferred by quiet hours (each deferral, including a re-deferral at release).
    public var deferred = 0
    /// Deferred actions decided again when their time came.
    public var released = 0
    /// Deferred actions dropped by an erase (right to be forgotten) before their release.
    public var deferredCancelled = 0
    /// By frequency-cap name.
    public var capped: [String: Int] = [:]
    public var heldOut = 0
    /// Contexts naming a time zone this system does not know (the default zone was used).
    public var unknownTimeZones = 0
    /// Marketing exposures (sent = treated, held out = holdout) by trigger: the denominators.
    public var exposures: [String: GroupCounts] = [:]
    /// Attributed conversions by trigger: the numerators.
    public var conversions: [String: GroupCounts] = [:]

    public init() {}

    mutating func count(_ decision: PolicyDecision, viaFallback: Bool) {
        decisions += 1
        switch decision {
        case .sent:
            sent += 1
            if viaFallback { sentViaFallback += 1 }
        case .suppressed(let reason): suppressed[reason.rawValue, default: 0] += 1
        case .deferred: deferred += 1
        case .capped(let rule): capped[rule, default: 0] += 1
        case .heldOut: heldOut += 1
        }
    }

    /// One JSON object, keys in a fixed order and map keys sorted:
    /// `{"decisions":…,"sent":…,"sent_via_fallback":…,"suppressed":{…},"deferred":…,
    /// "released":…,"deferred_cancelled":…,"capped":{…},"held_out":…,"unknown_time_zones":…,
    /// "exposures":{"<trigger>":{"treated":…,"holdout":…}},"conversions":{…}}`.
    public func encodeJSON() -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256)
        writer.raw("{\"decisions\":")
        writer.writeInt(Int64(decisions))
        writer.raw(",\"sent\":")
        writer.writeInt(Int64(sent))
        writer.raw(",\"sent_via_fallback\":")
        writer.writeInt(Int64(sentViaFallback))
        writer.raw(",\"suppressed\":")
        writer.writeCounts(suppressed)
        writer.raw(",\"deferred\":")
        writer.writeInt(Int64(deferred))
        writer.raw(",\"released\":")
        writer.writeInt(Int64(released))
        writer.raw(",\"deferred_cancelled\":")
        writer.writeInt(Int64(deferredCancelled))
        writer.raw(",\"capped\":")
        writer.writeCounts(capped)
        writer.raw(",\"held_out\":")
        writer.writeInt(Int64(heldOut))
        writer.raw(",\"unknown_time_zones\":")
        writer.writeInt(Int64(unknownTimeZones))
        writer.raw(",\"exposures\":")
        writer.writeGroupCounts(exposures)
        writer.raw(",\"conversions\":")
        writer.writeGroupCounts(conversions)
        writer.raw("}")
        return writer.bytes
    }
}

extension JSONWriter {
    fileprivate mutating func writeCounts(_ counts: [String: Int]) {
        writeValue(.object(JSONObject(counts.sorted { $0.key < $1.key }.map { (key: $0.key, value: .number(Double($0.value))) })))
    }

    fileprivate mutating func writeGroupCounts(_ counts: [String: GroupCounts]) {
        let members = counts.sorted { $0.key < $1.key }.map { entry in
            (key: entry.key, value: JSONValue.object(JSONObject([
                (key: "treated", value: .number(Double(entry.value.treated))),
                (key: "holdout", value: .number(Double(entry.value.holdout))),
            ])))
        }
        writeValue(.object(JSONObject(members)))
    }
}
