import Foundation
import Operators

extension ContactPolicy {
    /// The decision for one candidate, and the channel it is (or would be, if held out) sent
    /// on. Side effects: a deferral stores the action; a marketing send or holdout is
    /// remembered for caps and attribution.
    mutating func applyRules(to candidate: Action, category: ActionCategory, atMs: Int64,
                             context: CustomerContext, deferredAtMs: Int64?) -> (PolicyDecision, channel: String?) {
        if context.doNotContact && (category == .marketing || settings.doNotContactBlocksTransactional) {
            return (.suppressed(.doNotContact), nil)
        }
        guard let channel = consentedChannel(for: candidate.channel, category: category, customer: candidate.customerID,
                                             atMs: atMs, context: context) else {
            return (.suppressed(.noConsent), nil)
        }
        let clock = clock(for: context)
        if let quietHours = settings.quietHours, category == .marketing || settings.transactionalQuietHours == .defer,
           let untilMs = quietHours.endOfQuiet(around: atMs, in: clock) {
            return (deferAction(candidate, category: category, context: context,
                                deferredAtMs: deferredAtMs ?? atMs, untilMs: untilMs), nil)
        }
        guard category == .marketing else { return (.sent(channel: channel), channel) }
        if let cap = reachedCap(of: candidate.customerID, atMs: atMs, clock: clock) {
            return (.capped(rule: cap.name), nil)
        }
        let group = group(of: candidate.customerID)
        remember(candidate, channel: channel, atMs: atMs, group: group)
        return (group == .holdout ? .heldOut : .sent(channel: channel), channel)
    }

    /// The action's channel if the customer allows it at `atMs`, else the first allowed fallback.
    func consentedChannel(for channel: String, category: ActionCategory, customer: String, atMs: Int64,
                          context: CustomerContext) -> String? {
        let allows = { (channel: String) in
            self.allows(channel, category: category, status: self.consent(of: customer, on: channel, atMs: atMs,
                                                                          context: context))
        }
        if allows(channel) { return channel }
        return settings.fallbackChannels[channel]?.first(where: allows)
    }

    /// Whether `status` (consent events over the profile, see ``consent(of:on:atMs:context:)``)
    /// lets a `category` action use the channel.
    func allows(_ channel: String, category: ActionCategory, status: ConsentStatus) -> Bool {
        switch status {
        case .granted: true
        case .denied: false
        case .unknown:
            category == .marketing ? settings.unknownConsentAllowsMarketing : settings.unknownConsentAllowsTransactional
        }
    }

    /// The customer's zone, or the default one if the context names none or an unknown one.
    mutating func clock(for context: CustomerContext) -> LocalClock {
        guard let identifier = context.timeZoneIdentifier else { return LocalClock(zone: defaultZone) }
        guard let zone = TimeZone(identifier: identifier) else {
            counters.unknownTimeZones += 1
            return LocalClock(zone: defaultZone)
        }
        return LocalClock(zone: zone)
    }

    mutating func deferAction(_ candidate: Action, category: ActionCategory, context: CustomerContext,
                              deferredAtMs: Int64, untilMs: Int64) -> PolicyDecision {
        let customer = candidate.customerID
        guard (customers[customer]?.deferred.count ?? 0) < settings.maxDeferredPerCustomer else {
            return .suppressed(.deferralLimit)
        }
        update(customer) {
            $0.insertDeferred(DeferredAction(action: candidate, category: category, context: context,
                                             deferredAtMs: deferredAtMs, untilMs: untilMs))
        }
        timers.schedule(at: untilMs, key: customer, payload: .release)
        return .deferred(untilMs: untilMs)
    }

    /// The first cap (in configured order) the customer has reached on `atMs`'s local day.
    func reachedCap(of customer: String, atMs: Int64, clock: LocalClock) -> FrequencyCap? {
        guard !caps.isEmpty else { return nil }
        let today = clock.day(atMs: atMs)
        let days = (customers[customer]?.sends ?? []).map { clock.day(atMs: $0) }
        return caps.first { cap in
            let firstDay = today - Int64(cap.days) + 1
            return days.count { $0 >= firstDay && $0 <= today } >= cap.limit
        }
    }

    /// Records a marketing send or holdout: for the caps (if any) and attribution (if on).
    mutating func remember(_ action: Action, channel: String, atMs: Int64, group: AttributionGroup) {
        counters.exposures[action.trigger, default: GroupCounts()][group] += 1
        let keepsSend = !caps.isEmpty, keepsExposure = exposureRetentionMs > 0 && settings.maxExposuresPerCustomer > 0
        guard keepsSend || keepsExposure else { return }
        let limit = settings.maxExposuresPerCustomer
        update(action.customerID) { state in
            if keepsSend { state.sends.append(atMs) }
            if keepsExposure {
                state.exposures.append(Exposure(actionID: action.actionID, trigger: action.trigger,
                                                channel: channel, atMs: atMs, group: group))
                if state.exposures.count > limit { state.exposures.removeFirst(state.exposures.count - limit) }
            }
        }
    }
}
