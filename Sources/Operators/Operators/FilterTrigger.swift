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

    public mutating func process(_ event: Event, into out: inout Emitter) throws(DecodeFailure) {
        guard predicates.allSatisfy({ $0.matches(event) }) else { return }
        let customerID = try self.customerID(of: event)
        out.emit(
            Action(
                actionID: ActionID.make(trigger: trigger, key: event.key, cause: event.source),
                trigger: trigger,
                customerID: customerID,
                channel: channel.render(event),
                message: message.render(event),
                eventTimeMs: event.eventTimeMs,
                emittedAtMs: out.nowMs,
                cause: event.source
            )
        )
    }

    /// A non-empty string, or an exact integer rendered in decimal (like event keys).
    /// Anything else on a matching event is a data problem: `missing_field`.
    private func customerID(of event: Event) throws(DecodeFailure) -> String {
        guard let customerField else { return event.key }
        switch event[customerField] {
        case .string(let string)? where !string.isEmpty:
            return string
        case .number(let number)?:
            guard let integer = number.exactInteger else {
                throw DecodeFailure(
                    reason: .missingField,
                    detail: "field '\(customerField)' is \(JSONValue.number(number)), expected a customer ID string or integer"
                )
            }
            return String(integer)
        case nil:
            throw DecodeFailure(reason: .missingField, detail: "field '\(customerField)' is missing")
        case .null?:
            throw DecodeFailure(reason: .missingField, detail: "field '\(customerField)' is null")
        case .string?:
            throw DecodeFailure(reason: .missingField, detail: "field '\(customerField)' is an empty string")
        case let value?:
            throw DecodeFailure(
                reason: .missingField,
                detail: "field '\(customerField)' is \(value.kindDescription), expected a customer ID string or integer"
            )
        }
    }
}
