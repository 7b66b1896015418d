/// Browsing, carts, click-and-collect and waitlists.
extension TrafficGenerator {
    mutating func shopping(_ f: FollowUp, now: Int64, _ mode: Mode) -> Bool {
        var f = f
        switch f.step {
        case .pageView:
            if f.remaining > 1 {
                var next = f
                next.remaining -= 1
                then(next, .pageView, after: max(1, f.ref / 18), f.ref, now: now)
            }
            // Pages are viewed on the web or in the app, whatever channel the journey started on.
            guard begin(.pageView, customer: f.customer, channel: f.channel & 1, now: now, mode) else { return false }
            writer.string(",\"url\":\"", Catalog.urls[rng.below(Catalog.urls.count)])
            end(.pageView, mode)
        case .cartAdd:
            then(f, .cartDecision, after: 2 * Span.minute, 40 * Span.minute, now: now)
            guard begin(.cartAdd, customer: f.customer, channel: f.channel, now: now, mode) else { return false }
            writer.string(",\"sku\":\"", Catalog.skus[Int(f.sku)])
            writer.number(",\"qty\":", rng.between(1, 3))
            writer.money(",\"price\":", Catalog.prices[Int(f.sku)])
            end(.cartAdd, mode)
        case .cartDecision:
            let r = rng.below(100)
            if r < 55 {
                f.ref = newOrder()
                then(f, .shipped, after: 30 * Span.minute, 6 * Span.hour, now: now)
                return purchase(f, now: now, mode, collect: false)
            }
            guard r < 67, begin(.cartCleared, customer: f.customer, channel: f.channel, now: now, mode) else { return false }
            end(.cartCleared, mode)
        case .collect:
            f.ref = newOrder()
            then(f, .orderReady, after: 30 * Span.minute, 4 * Span.hour, now: now)
            return purchase(f, now: now, mode, collect: true)
        case .orderReady:
            if rng.chance(0.85) { then(f, .storeArrival, after: 10 * Span.minute, 2 * Span.day, now: now) }
            guard begin(.orderReady, customer: f.customer, channel: f.channel, now: now, mode) else { return false }
            writer.id(",\"order_id\":\"", "o-", f.ref)
            writer.string(",\"store_id\":\"", Catalog.stores[Int(f.store)])
            end(.orderReady, mode)
        case .storeArrival:
            guard begin(.storeArrival, customer: f.customer, channel: 2, now: now, mode) else { return false }
            writer.string(",\"store_id\":\"", Catalog.stores[Int(f.store)])
            writer.id(",\"order_id\":\"", "o-", f.ref)
            end(.storeArrival, mode)
        case .waitlist:
            guard begin(.waitlistJoined, customer: f.customer, channel: f.channel, now: now, mode) else { return false }
            writer.string(",\"sku\":\"", Catalog.skus[Int(f.sku)])
            writer.string(",\"store_id\":\"", Catalog.stores[Int(f.store)])
            end(.waitlistJoined, mode)
        default:
            return false
        }
        return true
    }

    private mutating func purchase(_ f: FollowUp, now: Int64, _ mode: Mode, collect: Bool) -> Bool {
        guard begin(.purchase, customer: f.customer, channel: f.channel, now: now, mode) else { return false }
        writer.id(",\"order_id\":\"", "o-", f.ref)
        writer.string(",\"sku\":\"", Catalog.skus[Int(f.sku)])
        writer.money(",\"total\":", Catalog.prices[Int(f.sku)] * rng.between(1, 3))
        if collect {
            writer.raw(",\"fulfilment\":\"click_and_collect\"")
            writer.string(",\"store_id\":\"", Catalog.stores[Int(f.store)])
        } else {
            writer.raw(",\"fulfilment\":\"delivery\"")
        }
        end(.purchase, mode)
        return true
    }
}
