/// How a pipeline turns an event (or a synthetic event describing a window or a pattern match)
/// into an action: shared by every trigger kind so all actions look alike downstream.
public struct ActionTemplate: Sendable {
    public let trigger: String
    public let channel: MessageTemplate
    public let message: MessageTemplate
    /// Field holding the customer to act on; `nil` means the event key.
    public let customerField: FieldPath?

    public init(trigger: String, channel: MessageTemplate, message: MessageTemplate, customerField: FieldPath?) {
        self.trigger = trigger
        self.channel = channel
        self.message = message
        self.customerField = customerField
    }

    /// Builds the action for `event`, whose fields feed the templates. A per-locale message is
    /// rendered in the event's locale, else the default, keeping what a profile locale needs to
    /// change that (``Action/localization``).
    /// - Parameters:
    ///   - cause: the input the action is attributed to (defaults to `event.source`).
    ///   - discriminator: for actions caused by a state change rather than one event (window
    ///     close, timer), names that occurrence; the id then derives from it instead of `cause`.
    public func make(from event: Event, cause: EventSource? = nil, discriminator: String? = nil,
                     emittedAtMs: Int64) throws(DecodeFailure) -> Action {
        let source = cause ?? event.source
        let id = discriminator.map { ActionID.make(trigger: trigger, key: event.key, discriminator: $0) }
            ?? ActionID.make(trigger: trigger, key: event.key, cause: source)
        return try make(from: event, cause: source, actionID: id, emittedAtMs: emittedAtMs)
    }

    /// ``make(from:cause:discriminator:emittedAtMs:)`` with the id already computed, for callers
    /// that derive it without building a discriminator string (a window's final result).
    func make(from event: Event, cause source: EventSource, actionID id: String,
              emittedAtMs: Int64) throws(DecodeFailure) -> Action {
        let text = message.render(localizing: event)
        var action = Action(actionID: id, trigger: trigger, customerID: try customerID(of: event),
                            channel: channel.render(event), message: text.text,
                            eventTimeMs: event.eventTimeMs, emittedAtMs: emittedAtMs, cause: source,
                            locale: text.locale)
        if !text.chosenByEvent { action.localization = ActionLocalization(event: event, message: message) }
        return action
    }

    /// A non-empty string, or an exact integer rendered in decimal (like event keys).
    /// Anything else on a matching event is a data problem: `missing_field`.
    public func customerID(of event: Event) throws(DecodeFailure) -> String {
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

extension Event {
    /// A copy with extra fields (overriding same-named ones), e.g. a window's `count`, so
    /// templates can use them next to the event's own fields.
    ///
    /// Runs once per window result and pattern match: the extras are a handful, so a linear scan
    /// over their names beats building a `Set` (hashing every name), and the result is built in
    /// one exactly-sized array instead of a filtered copy plus a concatenation (callgrind: 8.9k
    /// instructions per call before, on the bench's window results).
    public func adding(_ extra: [(key: String, value: JSONValue)]) -> Event {
        var copy = self
        var merged: [(key: String, value: JSONValue)] = []
        merged.reserveCapacity(fields.fields.count + extra.count)
        for field in fields.fields where !extra.contains(where: { $0.key == field.key }) {
            merged.append(field)
        }
        merged.append(contentsOf: extra)
        copy.fields = JSONObject(merged)
        return copy
    }
}
