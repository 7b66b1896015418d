/// A customer-experience action emitted by a trigger (send this message on this channel).
///
/// This is the daemon's output contract: downstream delivery services consume the JSON from
/// ``encodeJSON()``, deduplicate on `action_id`, and use `cause` to trace back to the input.
public struct Action: Sendable, Equatable {
    /// Deterministic ID (see ``ActionID``): the same input record and trigger always yield
    /// the same ID, so redeliveries after a crash can be deduplicated downstream.
    public var actionID: String {
        get { storedID.text }
        set { storedID = .text(newValue) }
    }
    /// ``actionID`` as stored: a derived id may stay two hash halves until it is read or
    /// encoded (see ``ActionIDValue``). Compared by text, so `==` is unchanged.
    var storedID: ActionIDValue
    public var trigger: String
    public var customerID: String
    public var channel: String
    public var message: String
    /// Event time of the causing event, epoch ms.
    public var eventTimeMs: Int64
    /// Processing time at which the action was emitted, epoch ms.
    public var emittedAtMs: Int64
    public var cause: EventSource
    /// The locale of the message when the pipeline configures its message per locale (e.g.
    /// `ko-KR`), else nil — and then not written by ``encodeJSON()``, so the output of every
    /// single-template pipeline stays byte-identical to what it was before locales existed.
    public var locale: String?
    /// For a per-locale message whose event did not choose the locale: what is needed to render
    /// it again in the customer's profile locale, which only the engine's contact-policy stage
    /// knows (``applyProfileLocale(_:)``). Never encoded; nil otherwise.
    public var localization: ActionLocalization?

    public init(
        actionID: String,
        trigger: String,
        customerID: String,
        channel: String,
        message: String,
        eventTimeMs: Int64,
        emittedAtMs: Int64,
        cause: EventSource,
        locale: String? = nil
    ) {
        self.init(storedID: .text(actionID), trigger: trigger, customerID: customerID, channel: channel,
                  message: message, eventTimeMs: eventTimeMs, emittedAtMs: emittedAtMs, cause: cause, locale: locale)
    }

    /// ``init(actionID:trigger:customerID:channel:message:eventTimeMs:emittedAtMs:cause:locale:)``
    /// with the id in either stored form.
    init(storedID: ActionIDValue, trigger: String, customerID: String, channel: String, message: String,
         eventTimeMs: Int64, emittedAtMs: Int64, cause: EventSource, locale: String? = nil) {
        self.storedID = storedID
        self.trigger = trigger
        self.customerID = customerID
        self.channel = channel
        self.message = message
        self.eventTimeMs = eventTimeMs
        self.emittedAtMs = emittedAtMs
        self.cause = cause
        self.locale = locale
    }

    /// The action as compact JSON with a fixed key order:
    /// `{"action_id":…,"trigger":…,"customer_id":…,"channel":…,"message":…,"event_time":…,
    /// "emitted_at":…,"cause":{"topic":…,"partition":…,"offset":…}}`, with `"locale":…` after
    /// `message` only when `locale` is set (per-locale messages).
    ///
    /// The order is fixed (not dictionary order) so outputs are byte-for-byte reproducible.
    public func encodeJSON() -> [UInt8] {
        if let plain = encodeUnescapedJSON() { return plain }
        var writer = JSONWriter(reservingCapacity: 192 + message.utf8.count + (locale?.utf8.count ?? 0))
        writeJSON(into: &writer)
        return writer.bytes
    }
}
