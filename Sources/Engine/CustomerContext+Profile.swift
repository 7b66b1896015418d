import Operators
import Policies

extension CustomerContext {
    /// The context a profile row gives: `time_zone` (IANA identifier), `consent` (channel →
    /// `true`/`false` or `"granted"`/`"denied"`), `do_not_contact` (boolean) and `locale`.
    ///
    /// A row is data, not config: a field of the wrong type counts as absent (unknown consent,
    /// default zone, contact allowed) rather than failing the action, which the policy's
    /// defaults then treat conservatively (marketing needs a recorded opt-in unless
    /// `unknown_consent_allows_marketing`). No row at all is the same as an empty one.
    init(profile row: JSONObject?) {
        self.init()
        guard let row else { return }
        if case .string(let zone)? = row["time_zone"], !zone.isEmpty { timeZoneIdentifier = zone }
        if case .string(let locale)? = row["locale"], !locale.isEmpty { self.locale = locale }
        if case .bool(let flag)? = row["do_not_contact"] { doNotContact = flag }
        if case .object(let channels)? = row["consent"] {
            for (channel, value) in channels.fields {
                if let status = Self.consentStatus(value) { consent[channel] = status }
            }
        }
    }

    static func consentStatus(_ value: JSONValue) -> ConsentStatus? {
        switch value {
        case .bool(let granted): granted ? .granted : .denied
        case .string("granted"): .granted
        case .string("denied"): .denied
        default: nil
        }
    }
}
