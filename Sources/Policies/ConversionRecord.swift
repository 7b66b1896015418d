import Operators

/// A conversion (purchase) attributed to one earlier marketing exposure of the same customer.
///
/// Emitted for the treated group (the action was sent) and the holdout group (it would have
/// been) alike, so conversions per trigger can be compared between the two: the difference is
/// the uplift the trigger causes. Every exposure inside the window gets a record (multi-touch);
/// count distinct `action_id`s for "exposures that converted at least once".
public struct ConversionRecord: Sendable, Equatable {
    public var actionID: String
    public var trigger: String
    public var customerID: String
    /// The channel it was (or would have been) sent on.
    public var channel: String
    public var group: AttributionGroup
    public var exposedAtMs: Int64
    public var convertedAtMs: Int64

    public init(actionID: String, trigger: String, customerID: String, channel: String,
                group: AttributionGroup, exposedAtMs: Int64, convertedAtMs: Int64) {
        self.actionID = actionID
        self.trigger = trigger
        self.customerID = customerID
        self.channel = channel
        self.group = group
        self.exposedAtMs = exposedAtMs
        self.convertedAtMs = convertedAtMs
    }

    /// Time from exposure to conversion, ms (never negative).
    public var lagMs: Int64 { convertedAtMs - exposedAtMs }

    /// Compact JSON with a fixed key order:
    /// `{"action_id":…,"trigger":…,"customer_id":…,"channel":…,"group":"treated"|"holdout",
    /// "exposed_at":…,"converted_at":…,"lag_ms":…}`.
    public func encodeJSON() -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 192)
        writer.raw("{\"action_id\":")
        writer.writeString(actionID)
        writer.raw(",\"trigger\":")
        writer.writeString(trigger)
        writer.raw(",\"customer_id\":")
        writer.writeString(customerID)
        writer.raw(",\"channel\":")
        writer.writeString(channel)
        writer.raw(",\"group\":")
        writer.writeString(group.description)
        writer.raw(",\"exposed_at\":")
        writer.writeInt(exposedAtMs)
        writer.raw(",\"converted_at\":")
        writer.writeInt(convertedAtMs)
        writer.raw(",\"lag_ms\":")
        writer.writeInt(lagMs)
        writer.raw("}")
        return writer.bytes
    }
}
