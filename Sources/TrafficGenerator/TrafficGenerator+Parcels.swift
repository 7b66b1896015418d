/// Shipments with a promised delivery time, and flights with scheduled and estimated departures:
/// the logistics updates CX triggers compare against a promise.
extension TrafficGenerator {
    mutating func parcel(_ f: FollowUp, now: Int64, _ mode: Mode) -> Bool {
        var f = f
        switch f.step {
        case .shipped:
            f.value = now + rng.between(Span.day, 3 * Span.day)
            // The outcome lands around the promise: mostly before it, sometimes after.
            var next = f
            next.step = .shipOutcome
            next.due = f.value + rng.between(-12 * Span.hour, 6 * Span.hour)
            schedule(next)
            guard begin(.shipped, customer: f.customer, channel: f.channel, now: now, mode) else { return false }
            writer.id(",\"order_id\":\"", "o-", f.ref)
            writer.string(",\"carrier\":\"", Catalog.carriers[Int(f.ref % Int64(Catalog.carriers.count))])
            writer.time(",\"promised_delivery\":\"", f.value)
            end(.shipped, mode)
        case .shipOutcome:
            let r = rng.below(100)
            if r < 80 { return delivered(f, now: now, mode) }
            if r < 90 {
                let eta = max(now, f.value) + rng.between(6 * Span.hour, 2 * Span.day)
                var next = f
                next.step = .delivered
                next.due = eta
                schedule(next)
                guard begin(.parcelDelayed, customer: f.customer, channel: f.channel, now: now, mode) else { return false }
                writer.id(",\"order_id\":\"", "o-", f.ref)
                writer.time(",\"promised_delivery\":\"", f.value)
                writer.time(",\"eta\":\"", eta)
                end(.parcelDelayed, mode)
                return true
            }
            guard begin(.deliveryException, customer: f.customer, channel: f.channel, now: now, mode) else { return false }
            writer.id(",\"order_id\":\"", "o-", f.ref)
            writer.string(",\"reason\":\"", Catalog.exceptionReasons[rng.below(Catalog.exceptionReasons.count)])
            end(.deliveryException, mode)
        case .delivered:
            return delivered(f, now: now, mode)
        default:
            return false
        }
        return true
    }

    private mutating func delivered(_ f: FollowUp, now: Int64, _ mode: Mode) -> Bool {
        guard begin(.delivered, customer: f.customer, channel: f.channel, now: now, mode) else { return false }
        writer.id(",\"order_id\":\"", "o-", f.ref)
        writer.time(",\"promised_delivery\":\"", f.value)
        writer.raw(now <= f.value ? ",\"on_time\":true" : ",\"on_time\":false")
        end(.delivered, mode)
        return true
    }

    /// scheduled → (delayed: a status update and a flight_delayed with minutes) or boarding
    /// or cancelled → departed.
    mutating func flight(_ f: FollowUp, now: Int64, _ mode: Mode) -> Bool {
        var f = f
        var status = 0
        var estimate = f.value
        switch f.step {
        case .flightStatus:
            f.ref = rng.between(100, 9_999)
            f.value = now + rng.between(2 * Span.hour, 48 * Span.hour)
            f.remaining = 0
            estimate = f.value
            then(f, .flightUpdate, after: 10 * Span.minute, 2 * Span.hour, now: now)
        case .flightUpdate:
            let r = rng.below(100)
            if r < 35 {
                f.remaining = Int32(rng.between(10, 240))
                status = 1
                then(f, .flightDelayed, after: Span.second, Span.minute, now: now)
            } else if r < 40 {
                status = 4
            } else {
                status = 2
            }
            estimate = f.value + Int64(f.remaining) * Span.minute
            if status != 4 {
                var next = f
                next.step = .flightDeparted
                next.due = max(now + Span.minute, estimate)
                schedule(next)
            }
        case .flightDelayed:
            guard begin(.flightDelayed, customer: f.customer, channel: 1, now: now, mode) else { return false }
            writeFlight(f.ref)
            writer.number(",\"delay_min\":", Int64(f.remaining))
            writer.time(",\"departure_scheduled\":\"", f.value)
            writer.time(",\"departure_estimate\":\"", f.value + Int64(f.remaining) * Span.minute)
            end(.flightDelayed, mode)
            return true
        case .flightDeparted:
            status = 3
            estimate = f.value + Int64(f.remaining) * Span.minute
        default:
            return false
        }
        guard begin(.flightStatus, customer: f.customer, channel: 1, now: now, mode) else { return false }
        writeFlight(f.ref)
        writer.string(",\"status\":\"", Catalog.flightStates[status])
        writer.time(",\"departure_scheduled\":\"", f.value)
        writer.time(",\"departure_estimate\":\"", estimate)
        end(.flightStatus, mode)
        return true
    }

    private mutating func writeFlight(_ number: Int64) {
        writer.raw(",\"flight\":\"")
        writer.raw(Catalog.airlines[Int(number % Int64(Catalog.airlines.count))])
        writer.int(number)
        writer.bytes.append(UInt8(ascii: "\""))
    }
}
