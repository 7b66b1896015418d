/// The stateless trigger: when an event matches all predicates, emit one action.
///
/// This covers the bulk of real-time CX rules ("order over 100 → send a thank-you SMS").
/// It is stateless, so replays and redeliveries yield identical actions (same deterministic
/// ID), which is what makes at-least-once delivery safe downstream.
public struct FilterTrigger: StreamOperator {
    public let trigger: String
    /// All must match (logical AND); an empty list matches every event.
    public let predicates: [Predicate]
    public let channel: MessageTemplate
    public let message: MessageTemplate
    /// Field holding the customer to act on; `nil` means the event key.
    public let customerField: FieldPath?

    public init(
        trigger: String,
        predicates: [Predicate],
        channel: MessageTemplate,
        message: MessageTemplate,
        customerField: FieldPath?
    ) {
        self.trigger = trigger
        self.predicates = predicates
        self.channel = channel
        self.message = message
        self.customerField = customerField
    }

    /// Its `where:`, the variables of its texts and its customer field; `.all` when a text is
    /// not a plain-variable template (sections, per-locale messages may read anything).
    public var fieldReads: FieldProjection {
        guard let channelReads = channel.simpleVariables, let messageReads = message.simpleVariables else { return .all }
        return .reading(predicates.flatMap(\.fieldPaths) + channelReads + messageReads + [customerField].compactMap { $0 })
    }

    public mutating func process(_ event: Event, into out: inout Emitter) throws(DecodeFailure) {
        guard predicates.allSatisfy({ $0.matches(event) }) else { return }
        out.emit(try ActionTemplate(trigger: trigger, channel: channel, message: message, customerField: customerField)
            .make(from: event, emittedAtMs: out.nowMs))
    }
}
