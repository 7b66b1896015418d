import Operators
import Policies
import Testing

@Suite("ContactPolicy: holdout group")
struct HoldoutTests {
    static let holdout = HoldoutSettings(salt: "exp-2026", share: 0.05)

    @Test func aboutTheConfiguredShareOfCustomersIsHeldOut() {
        let held = (0..<10_000).filter { Self.holdout.group(of: "c-\($0)") == .holdout }.count
        // Binomial(10 000, 5%): σ ≈ 22, so ±50 is more than 2σ.
        #expect((450...550).contains(held))
        #expect(held == 515, "membership is frozen: the same ids are held out on every run and platform")
        #expect(HoldoutSettings(salt: "exp-2026", share: 0).group(of: "c-6") == .treated)
        #expect(HoldoutSettings(salt: "exp-2026", share: 1).group(of: "c-1") == .holdout)
    }

    @Test func membershipIsStableForKnownIDs() {
        // Pinned values, cross-checked with an independent implementation of the documented
        // construction (length-prefixed FNV-1a 64 + fmix64).
        #expect(HoldoutHash.hash(salt: "", customerID: "") == 0xA5E0_DBA6_C385_580A)
        #expect(HoldoutHash.hash(salt: "exp-2026", customerID: "c-1") == 0x3D7C_37E0_822A_6525)
        let heldOut = ["c-6", "c-88", "c-134", "c-149", "c-153", "c-167", "c-170", "c-182", "c-195"]
        #expect((0..<200).map { "c-\($0)" }.filter { Self.holdout.group(of: $0) == .holdout } == heldOut)
        for id in ["c-1", "c-2", "c-3", "alice", "bob", "고객-7"] {
            #expect(Self.holdout.group(of: id) == .treated, "\(id)")
        }
    }

    @Test func aNewSaltDrawsADifferentGroup() {
        let other = HoldoutSettings(salt: "exp-2027", share: 0.05)
        let first = Set((0..<2_000).filter { Self.holdout.group(of: "c-\($0)") == .holdout })
        let second = Set((0..<2_000).filter { other.group(of: "c-\($0)") == .holdout })
        #expect(first != second)
        #expect(first.intersection(second).count < 20, "independent draws overlap by about 5% of 5%")
    }

    @Test func heldOutCustomersGetNoMarketingButStillGetTransactional() {
        let policy = Harness(P.settings(holdout: Self.holdout))
        let context = CustomerContext(consent: ["sms": .granted])
        let marketing = policy.decide(P.action("m", customer: "c-6"), category: .marketing, atMs: 1_000, context: context)
        #expect(marketing.decision == .heldOut)
        #expect(marketing.actionToSend == nil)
        #expect(marketing.heldOutAction?.channel == "sms")
        #expect(marketing.record.finalChannel == "sms")
        #expect(marketing.record.reason == "holdout")
        let transactional = policy.decide(P.action("t", customer: "c-6"), category: .transactional, atMs: 1_000, context: context)
        #expect(transactional.decision == .sent(channel: "sms"))
        let treated = policy.decide(P.action("m", customer: "c-1"), category: .marketing, atMs: 1_000, context: context)
        #expect(treated.decision == .sent(channel: "sms"))
        #expect(policy.counters.heldOut == 1)
        #expect(policy.counters.exposures == ["promo": GroupCounts(treated: 1, holdout: 1)])
    }

    @Test func heldOutActionsAreCappedLikeTreatedOnesWouldBe() {
        let policy = Harness(P.settings(caps: [FrequencyCap(name: "daily", limit: 1, days: 1)],
                                                        holdout: Self.holdout))
        let context = CustomerContext(consent: ["sms": .granted])
        #expect(policy.decision(P.action("m1", customer: "c-6"), at: 1_000, context) == .heldOut)
        #expect(policy.decision(P.action("m2", customer: "c-6"), at: 2_000, context) == .capped(rule: "daily"))
    }

    @Test func holdoutFollowsConsentSoOnlyReachableCustomersAreCompared() {
        let policy = Harness(P.settings(holdout: Self.holdout))
        let context = CustomerContext(consent: ["sms": .denied, "email": .denied])
        #expect(policy.decision(P.action("m", customer: "c-6"), at: 1_000, context) == .suppressed(.noConsent))
        #expect(policy.counters.exposures.isEmpty)
    }
}
