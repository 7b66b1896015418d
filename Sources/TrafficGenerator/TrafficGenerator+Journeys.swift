/// Journey starts and steps. Each step writes at most one event (returning whether it did) and
/// schedules what follows, e.g. a cart_add schedules the purchase-or-not decision 2–40 minutes
/// later, so about a third of carts are abandoned past config/cart-abandonment.yaml's 30 minutes.
extension TrafficGenerator {
    /// Starts a journey of a weighted-random kind for a skewed-random customer.
    mutating func start(now: Int64, _ mode: Mode) -> Bool {
        let pick = rng.below(journeyWeights.last ?? 1)
        let index = journeyWeights.firstIndex { pick < $0 } ?? 0
        let journey = Journey.allCases[index]
        // u² favours low ids: a few customers are far more active than most, as in real traffic.
        let u = rng.unit()
        let customer = Int32(Double(settings.customers) * u * u) + 1
        let c = rng.below(100)
        let channel = UInt8(Catalog.channelWeights.firstIndex { c < $0 } ?? 0)
        var f = FollowUp(due: now, seq: 0, step: journey.firstStep, customer: customer, channel: channel)
        f.sku = Int16(rng.below(Catalog.skus.count))
        f.store = Int16(rng.below(Catalog.stores.count))
        switch journey {
        case .browse: f.remaining = Int32(rng.between(1, 8)); f.ref = 90 * Span.second
        case .botBurst: f.remaining = Int32(rng.between(21, 30)); f.ref = 2_400
        case .login: f.remaining = rng.chance(0.25) ? Int32(rng.between(1, 5)) : 0
        default: break
        }
        if journey == .login, f.remaining > 0 { f.step = .loginFailed }
        return run(f, now: now, mode)
    }

    mutating func run(_ f: FollowUp, now: Int64, _ mode: Mode) -> Bool {
        switch f.step {
        case .pageView, .cartAdd, .cartDecision, .collect, .orderReady, .storeArrival, .waitlist:
            return shopping(f, now: now, mode)
        case .shipped, .shipOutcome, .delivered:
            return parcel(f, now: now, mode)
        case .flightStatus, .flightUpdate, .flightDelayed, .flightDeparted:
            return flight(f, now: now, mode)
        case .loginFailed, .login, .inventory, .support, .membership:
            return account(f, now: now, mode)
        }
    }

    /// Schedules `step` after a random delay in `lo...hi`, carrying `f`'s customer and references.
    mutating func then(_ f: FollowUp, _ step: FollowUp.Step, after lo: Int64, _ hi: Int64, now: Int64) {
        var next = f
        next.step = step
        next.due = now + rng.between(lo, hi)
        schedule(next)
    }

    mutating func newOrder() -> Int64 {
        orders += 1
        return orders
    }
}
