/// The event types the generator writes: those the sample configs react to (cart, login,
/// page views, parcels, flights, inventory) plus the rest of a CX stream's usual traffic.
public enum EventType: UInt8, CaseIterable, Sendable {
    case pageView, cartAdd, purchase, cartCleared, login, loginFailed
    case shipped, parcelDelayed, delivered, deliveryException
    case flightStatus, flightDelayed, inventoryUpdate, waitlistJoined
    case supportContact, membershipExpiring, orderReady, storeArrival

    public var name: String {
        switch self {
        case .pageView: "page_view"
        case .cartAdd: "cart_add"
        case .purchase: "purchase"
        case .cartCleared: "cart_cleared"
        case .login: "login"
        case .loginFailed: "login_failed"
        case .shipped: "shipped"
        case .parcelDelayed: "parcel_delayed"
        case .delivered: "delivered"
        case .deliveryException: "delivery_exception"
        case .flightStatus: "flight_status"
        case .flightDelayed: "flight_delayed"
        case .inventoryUpdate: "inventory_update"
        case .waitlistJoined: "waitlist_joined"
        case .supportContact: "support_contact"
        case .membershipExpiring: "membership_expiring"
        case .orderReady: "order_ready"
        case .storeArrival: "store_arrival"
        }
    }

    public static let allNames = allCases.map(\.name)

    /// `"type":"…"` bytes, precomputed: the type is written into every line.
    static let typeFields: [[UInt8]] = allCases.map { Array("{\"type\":\"\($0.name)\"".utf8) }
}

/// Fixed value tables; all plain ASCII without quotes or backslashes, so lines can be written
/// byte by byte without JSON escaping.
enum Catalog {
    static let channels: [[UInt8]] = ["web", "app", "store", "call_centre"].map { Array($0.utf8) }
    /// Cumulative weights over `channels`: web 45 %, app 35 %, store 10 %, call centre 10 %.
    static let channelWeights = [45, 80, 90, 100]
    static let skus: [[UInt8]] = (0..<500).map { i in
        let family = ["SNEAKER", "BAG", "HAT", "JACKET", "WATCH", "PHONE", "LAMP", "MUG", "TENT", "BIKE"][i % 10]
        return Array("\(family)-\(i)".utf8)
    }
    /// Price in cents per SKU.
    static let prices: [Int64] = (0..<500).map { Int64(499 + ($0 * 7_919) % 49_500) }
    static let stores: [[UInt8]] = (1...40).map { Array("s-\($0)".utf8) }
    static let urls: [[UInt8]] = ["/", "/search?q=shoes", "/c/outdoor", "/c/kitchen", "/account", "/cart", "/help/returns",
                                  "/deals", "/p/SNEAKER-0", "/p/BAG-1", "/p/WATCH-4", "/stores"].map { Array($0.utf8) }
    static let carriers: [[UInt8]] = ["postnl", "dhl", "ups", "dpd"].map { Array($0.utf8) }
    static let exceptionReasons: [[UInt8]] = ["address_not_found", "damaged", "customs_hold", "recipient_absent"].map { Array($0.utf8) }
    static let loginFailures: [[UInt8]] = ["bad_password", "bad_otp", "locked"].map { Array($0.utf8) }
    static let airlines: [[UInt8]] = ["KL", "LH", "BA", "AF", "U2"].map { Array($0.utf8) }
    static let flightStates: [[UInt8]] = ["scheduled", "delayed", "boarding", "departed", "cancelled"].map { Array($0.utf8) }
    static let contactChannels: [[UInt8]] = ["call", "chat", "email"].map { Array($0.utf8) }
    static let supportTopics: [[UInt8]] = ["where_is_my_order", "refund", "damaged_item", "account_access", "billing"].map { Array($0.utf8) }
    static let tiers: [[UInt8]] = ["silver", "gold", "platinum"].map { Array($0.utf8) }
    static let loginMethods: [[UInt8]] = ["password", "passkey", "sso"].map { Array($0.utf8) }
}
