/// Logins (linking a device to the customer), failed-login bursts, stock levels, support
/// contacts and membership expiry.
extension TrafficGenerator {
    mutating func account(_ f: FollowUp, now: Int64, _ mode: Mode) -> Bool {
        var f = f
        switch f.step {
        case .loginFailed:
            if f.remaining > 1 {
                var next = f
                next.remaining -= 1
                then(next, .loginFailed, after: 10 * Span.second, 10 * Span.minute, now: now)
            } else if rng.chance(0.6) {
                then(f, .login, after: 30 * Span.second, 5 * Span.minute, now: now)
            }
            guard begin(.loginFailed, customer: f.customer, channel: f.channel, now: now, mode) else { return false }
            writeDevice(f.customer, fresh: false)
            writer.string(",\"reason\":\"", Catalog.loginFailures[rng.below(Catalog.loginFailures.count)])
            end(.loginFailed, mode)
        case .login:
            guard begin(.login, customer: f.customer, channel: f.channel, now: now, mode) else { return false }
            // One customer, mostly one device; sometimes a new one (the device-to-customer link).
            writeDevice(f.customer, fresh: rng.chance(0.1))
            writer.string(",\"method\":\"", Catalog.loginMethods[rng.below(Catalog.loginMethods.count)])
            end(.login, mode)
        case .inventory:
            if f.remaining == 0 { f.value = rng.between(0, 40) }
            // Stock sells down, reaches zero, and is restocked: the change config/restock.yaml watches.
            if rng.chance(0.6) {
                var next = f
                next.remaining += 1
                next.value = f.value == 0 ? rng.between(5, 50) : f.value - rng.between(1, f.value)
                then(next, .inventory, after: 10 * Span.minute, 4 * Span.hour, now: now)
            }
            guard beginStock(.inventoryUpdate, sku: f.sku, store: f.store, now: now, mode) else { return false }
            writer.number(",\"units\":", f.value)
            end(.inventoryUpdate, mode)
        case .support:
            let contact = rng.below(Catalog.contactChannels.count)
            if rng.chance(0.3) { then(f, .support, after: 10 * Span.minute, 2 * Span.day, now: now) }
            let channel: UInt8 = contact == 0 ? 3 : contact == 1 ? 0 : f.channel
            guard begin(.supportContact, customer: f.customer, channel: channel, now: now, mode) else { return false }
            writer.string(",\"contact_channel\":\"", Catalog.contactChannels[contact])
            writer.string(",\"topic\":\"", Catalog.supportTopics[rng.below(Catalog.supportTopics.count)])
            writer.number(",\"duration_s\":", rng.between(30, 1_800))
            end(.supportContact, mode)
        case .membership:
            guard begin(.membershipExpiring, customer: f.customer, channel: f.channel, now: now, mode) else { return false }
            writer.string(",\"tier\":\"", Catalog.tiers[rng.below(Catalog.tiers.count)])
            writer.time(",\"expires_at\":\"", now + rng.between(7 * Span.day, 30 * Span.day))
            end(.membershipExpiring, mode)
        default:
            return false
        }
        return true
    }

    /// `device_id`: stable per customer (a hash of the id), or a fresh random one.
    private mutating func writeDevice(_ customer: Int32, fresh: Bool) {
        let id = fresh ? Int64(rng.below(100_000_000)) : Int64((UInt64(customer) &* 2_654_435_761) % 100_000_000)
        writer.id(",\"device_id\":\"", "d-", id)
    }
}
