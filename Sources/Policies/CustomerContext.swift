/// A customer's consent to be contacted on one channel.
///
/// Three states rather than a `Bool`, because "never asked" is not "said no": whether an
/// unknown consent allows a message is a per-category setting
/// (``ContactPolicySettings/unknownConsentAllowsMarketing``), while a recorded refusal always
/// blocks the channel.
public enum ConsentStatus: UInt8, Sendable, Hashable {
    case unknown = 0
    case granted = 1
    case denied = 2
}

/// What the policy needs to know about the customer at the moment of a decision.
///
/// The engine builds it from the profile table and consent events; the policy never looks
/// anything up itself, so a decision is a pure function of its inputs. A deferred action keeps
/// the context it was deferred with, in case the engine has no fresher one at release time.
public struct CustomerContext: Sendable, Equatable {
    /// IANA identifier such as `Asia/Seoul`; `nil` (or an identifier this system does not
    /// know) means ``ContactPolicySettings/defaultTimeZone``.
    public var timeZoneIdentifier: String?
    /// Channel (as in ``Operators/Action/channel``) → consent. A channel missing here is
    /// ``ConsentStatus/unknown``.
    public var consent: [String: ConsentStatus]
    /// Global opt-out from all contact (blocks marketing always, transactional only when
    /// ``ContactPolicySettings/doNotContactBlocksTransactional``).
    public var doNotContact: Bool
    /// The customer's locale, e.g. `ko-KR`. Not used by any rule: carried so a deferred action
    /// keeps the whole context it was decided with.
    public var locale: String?

    public init(
        timeZoneIdentifier: String? = nil,
        consent: [String: ConsentStatus] = [:],
        doNotContact: Bool = false,
        locale: String? = nil
    ) {
        self.timeZoneIdentifier = timeZoneIdentifier
        self.consent = consent
        self.doNotContact = doNotContact
        self.locale = locale
    }

    /// The consent recorded for `channel`, ``ConsentStatus/unknown`` when none is.
    public func consent(for channel: String) -> ConsentStatus {
        consent[channel] ?? .unknown
    }
}
