import Operators
import Policies
import Testing

@Suite("ContactPolicy: consent and do-not-contact")
struct ConsentTests {
    static let now = P.ms("2026-06-01T12:00:00Z")

    @Test func aConsentedChannelIsSentAsIs() {
        let policy = Harness(P.settings())
        let outcome = policy.decide(P.action("a1"), category: .marketing, atMs: Self.now, context: CustomerContext(consent: ["sms": .granted]))
        #expect(outcome.decision == .sent(channel: "sms"))
        #expect(outcome.actionToSend == P.action("a1"))
        #expect(outcome.record.reason == nil)
    }

    @Test func noConsentFallsBackToAConsentedChannelKeepingTheActionID() {
        let policy = Harness(P.settings())
        let context = CustomerContext(consent: ["sms": .denied, "email": .granted])
        let outcome = policy.decide(P.action("a1"), category: .marketing, atMs: Self.now, context: context)
        #expect(outcome.decision == .sent(channel: "email"))
        #expect(outcome.action.channel == "email")
        #expect(outcome.action.actionID == "a1")
        #expect(outcome.record.candidateChannel == "sms")
        #expect(outcome.record.finalChannel == "email")
        #expect(outcome.record.reason == "fallback")
        #expect(policy.counters.sentViaFallback == 1)
    }

    @Test func fallbacksAreTriedInOrder() {
        let policy = Harness(P.settings())
        let onlyEmail = CustomerContext(consent: ["push": .denied, "sms": .denied, "email": .granted])
        let both = CustomerContext(consent: ["push": .denied, "sms": .granted, "email": .granted])
        #expect(policy.decide(P.action("a1", channel: "push"), category: .marketing, atMs: Self.now, context: onlyEmail).decision
            == .sent(channel: "email"))
        #expect(policy.decide(P.action("a2", channel: "push"), category: .marketing, atMs: Self.now, context: both).decision
            == .sent(channel: "sms"))
    }

    @Test func noConsentAndNoConsentedFallbackIsSuppressed() {
        let policy = Harness(P.settings())
        let context = CustomerContext(consent: ["sms": .denied, "email": .denied])
        let outcome = policy.decide(P.action("a1"), category: .marketing, atMs: Self.now, context: context)
        #expect(outcome.decision == .suppressed(.noConsent))
        #expect(outcome.actionToSend == nil)
        #expect(outcome.record.finalChannel == nil)
        #expect(policy.counters.suppressed == ["no_consent": 1])
        // A channel without a configured fallback is suppressed too.
        let whatsapp = policy.decide(P.action("a2", channel: "whatsapp"), category: .marketing, atMs: Self.now, context: context)
        #expect(whatsapp.decision == .suppressed(.noConsent))
    }

    @Test func unknownConsentBlocksMarketingButNotTransactionalByDefault() {
        let policy = Harness(P.settings())
        let unknown = CustomerContext()
        #expect(policy.decide(P.action("m"), category: .marketing, atMs: Self.now, context: unknown).decision
            == .suppressed(.noConsent))
        #expect(policy.decide(P.action("t"), category: .transactional, atMs: Self.now, context: unknown).decision
            == .sent(channel: "sms"))
        // A recorded refusal blocks transactional actions on that channel (email fallback is unknown → allowed).
        let refused = CustomerContext(consent: ["sms": .denied])
        #expect(policy.decide(P.action("t2"), category: .transactional, atMs: Self.now, context: refused).decision
            == .sent(channel: "email"))
    }

    @Test func unknownConsentTreatmentIsConfigurable() {
        var settings = P.settings()
        settings.unknownConsentAllowsMarketing = true
        settings.unknownConsentAllowsTransactional = false
        let policy = Harness(settings)
        #expect(policy.decide(P.action("m"), category: .marketing, atMs: Self.now, context: CustomerContext()).decision
            == .sent(channel: "sms"))
        #expect(policy.decide(P.action("t"), category: .transactional, atMs: Self.now, context: CustomerContext()).decision
            == .suppressed(.noConsent))
    }

    @Test func doNotContactSuppressesMarketingAndByDefaultStillSendsTransactional() {
        let policy = Harness(P.settings())
        let context = CustomerContext(consent: ["sms": .granted], doNotContact: true)
        #expect(policy.decide(P.action("m"), category: .marketing, atMs: Self.now, context: context).decision
            == .suppressed(.doNotContact))
        #expect(policy.decide(P.action("t"), category: .transactional, atMs: Self.now, context: context).decision
            == .sent(channel: "sms"))
        #expect(policy.counters.suppressed == ["do_not_contact": 1])
        #expect(policy.stateKeyCount == 0, "suppressions leave no state")
    }

    @Test func doNotContactCanAlsoBlockTransactional() {
        var settings = P.settings()
        settings.doNotContactBlocksTransactional = true
        let policy = Harness(settings)
        let context = CustomerContext(consent: ["sms": .granted], doNotContact: true)
        #expect(policy.decide(P.action("t"), category: .transactional, atMs: Self.now, context: context).decision
            == .suppressed(.doNotContact))
    }

    @Test func doNotContactWinsOverConsent() {
        let policy = Harness(P.settings())
        let context = CustomerContext(consent: ["sms": .denied, "email": .denied], doNotContact: true)
        let outcome = policy.decide(P.action("m"), category: .marketing, atMs: Self.now, context: context)
        #expect(outcome.record.reason == "do_not_contact")
    }
}
