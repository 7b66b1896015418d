/// A customer-experience action emitted by a trigger (send this message on this channel).
///
/// This is the daemon's output contract: downstream delivery services consume the JSON from
/// ``encodeJSON()``, deduplicate on `action_id`, and use `cause` to trace back to the input.
public struct Action: Sendable, Equatable {
    /// Deterministic ID (see ``ActionID``): the same input record and trigger always yield
    /// the same ID, so redeliveries after a crash can be deduplicated downstream.
    public var actionID: String
    public var trigger: String
    public var customerID: String
    public var channel: String
    public var message: String
    /// Event time of the causing event, epoch ms.
    public var eventTimeMs: Int64
    /// Processing time at which the action was emitted, epoch ms.
    public var emittedAtMs: Int64
    public var cause: EventSource

    public init(
        actionID: String,
        trigger: String,
        customerID: String,
        channel: String,
        message: String,
        eventTimeMs: Int64,
        emittedAtMs: Int64,
        cause: EventSource
    ) {
        self.actionID = actionID
        self.trigger = trigger
        self.customerID = customerID
        self.channel = channel
        self.message = message
        self.eventTimeMs = eventTimeMs
        self.emittedAtMs = emittedAtMs
        self.cause = cause
    }

    /// The action as compact JSON with a fixed key order:
    /// `{"action_id":…,"trigger":…,"customer_id":…,"channel":…,"message":…,"event_time":…,
    /// "emitted_at":…,"cause":{"topic":…,"partition":…,"offset":…}}`.
    ///
    /// The order is fixed (not dictionary order) so outputs are byte-for-byte reproducible.
    public func encodeJSON() -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 192 + message.utf8.count)
        writer.raw("{\"action_id\":")
        writer.writeString(actionID)
        writer.raw(",\"trigger\":")
        writer.writeString(trigger)
        writer.raw(",\"customer_id\":")
        writer.writeString(customerID)
        writer.raw(",\"channel\":")
        writer.writeString(channel)
        writer.raw(",\"message\":")
        writer.writeString(message)
        writer.raw(",\"event_time\":")
        writer.writeInt(eventTimeMs)
        writer.raw(",\"emitted_at\":")
        writer.writeInt(emittedAtMs)
        writer.raw(",\"cause\":{\"topic\":")
        writer.writeString(cause.topic)
        writer.raw(",\"partition\":")
        writer.writeInt(Int64(cause.partition))
        writer.raw(",\"offset\":")
        writer.writeInt(cause.offset)
        writer.raw("}}")
        return writer.bytes
    }
}
