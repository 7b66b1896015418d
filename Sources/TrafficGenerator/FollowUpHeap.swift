/// A later step of a customer journey (the purchase after a cart_add, the delivery after the
/// shipment), due at an event time.
struct FollowUp {
    enum Step: UInt8 {
        case pageView, cartAdd, cartDecision, shipped, shipOutcome, delivered, loginFailed, login
        case flightStatus, flightUpdate, flightDelayed, flightDeparted, inventory, collect, orderReady, storeArrival
        case waitlist, support, membership
    }
    var due: Int64
    /// Ties on `due` go by creation order, so output depends on the seed alone.
    var seq: UInt64
    var step: Step
    var customer: Int32
    var channel: UInt8
    var sku: Int16 = 0
    var store: Int16 = 0
    /// Order number, flight number, or the gap bound of a page-view chain.
    var ref: Int64 = 0
    /// A time carried along (promised delivery, departure), or units in stock.
    var value: Int64 = 0
    /// Steps of this kind still to come (page views, failed logins).
    var remaining: Int32 = 0
}

/// Binary min-heap on (due, seq).
struct FollowUpHeap {
    private var items: [FollowUp] = []

    var count: Int { items.count }
    var first: FollowUp? { items.first }

    @inline(__always)
    private func less(_ a: Int, _ b: Int) -> Bool {
        items[a].due != items[b].due ? items[a].due < items[b].due : items[a].seq < items[b].seq
    }

    mutating func push(_ f: FollowUp) {
        items.append(f)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(i, parent) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> FollowUp? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return top }
        items[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count, less(l, m) { m = l }
            if r < items.count, less(r, m) { m = r }
            guard m != i else { break }
            items.swapAt(i, m)
            i = m
        }
        return top
    }
}
