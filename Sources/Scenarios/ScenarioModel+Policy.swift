import DaemonConfig

/// A scenario's contact-policy parts: profile rows for the customers it constructs, and what
/// the policy must decide. Each expectation list is `nil` when the scenario does not state it:
/// a scenario about actions alone need not spell out every decision behind them, while a
/// stated list (even `[]`) is compared exactly and in order, like `expect_actions`.
struct PolicyExpectations: Sendable {
    /// Rows for the config's `policies.profile_table`, added after the file's.
    var profiles: [ProfileRow] = []
    var decisions: [DecisionExpectation]?
    /// Actions the holdout group would have been sent (the holdout topic).
    var holdout: [ActionExpectation]?
    var conversions: [ConversionExpectation]?
}

/// One customer's profile, the fields the policy reads (`CustomerContext(profile:)`), already
/// checked: a misspelt zone or a consent of `yes` would otherwise count as absent and the
/// scenario would test the default instead of the customer it describes.
struct ProfileRow: Sendable {
    var customerID: String
    var timeZone: String?
    /// Channel → `true` (granted) or `false` (denied), in file order.
    var consent: [(channel: String, granted: Bool)] = []
    var doNotContact: Bool?
    var locale: String?
    var location: ConfigLocation
}

/// What one expected decision record must match; nil fields match anything.
struct DecisionExpectation: Sendable {
    var trigger: String?
    var customerID: String?
    /// `sent`, `suppressed`, `deferred`, `capped` or `held_out`.
    var decision: String?
    /// The record's `reason`: a suppression reason, a cap's name, `quiet_hours`, `holdout`,
    /// `fallback`.
    var reason: String?
    /// The final channel.
    var channel: String?
    var category: String?
    /// When a deferred action will be decided again.
    var untilMs: Int64?
    /// The decision's own time (the record's `time`): a release is decided at its release time.
    var atMs: Int64?
    /// For a release: when the action was deferred.
    var deferredAtMs: Int64?
    /// 1-based position in `events` of the event whose action this is decided on.
    var event: Int?
    var count = 1
    var location: ConfigLocation
}

/// What one expected conversion record must match; nil fields match anything.
struct ConversionExpectation: Sendable {
    var trigger: String?
    var customerID: String?
    /// `treated` or `holdout`.
    var group: String?
    var channel: String?
    var exposedAtMs: Int64?
    var convertedAtMs: Int64?
    var count = 1
    var location: ConfigLocation
}
