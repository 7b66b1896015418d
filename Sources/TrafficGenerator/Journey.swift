/// The kinds of customer journey a new line may start, with how often and which event types
/// each can produce (so `--types` only starts journeys that can yield an allowed type).
enum Journey: CaseIterable {
    case browse, botBurst, cart, collect, login, flight, inventory, waitlist, support, membership

    var weight: Int {
        switch self {
        case .browse: 30
        case .botBurst: 1
        case .cart: 20
        case .collect: 4
        case .login: 12
        case .flight: 5
        case .inventory: 12
        case .waitlist: 4
        case .support: 8
        case .membership: 4
        }
    }

    var types: [EventType] {
        switch self {
        case .browse, .botBurst: [.pageView]
        case .cart: [.cartAdd, .purchase, .cartCleared, .shipped, .parcelDelayed, .delivered, .deliveryException]
        case .collect: [.purchase, .orderReady, .storeArrival]
        case .login: [.login, .loginFailed]
        case .flight: [.flightStatus, .flightDelayed]
        case .inventory: [.inventoryUpdate]
        case .waitlist: [.waitlistJoined]
        case .support: [.supportContact]
        case .membership: [.membershipExpiring]
        }
    }

    /// The journey's first step, due now.
    var firstStep: FollowUp.Step {
        switch self {
        case .browse, .botBurst: .pageView
        case .cart: .cartAdd
        case .collect: .collect
        case .login: .login
        case .flight: .flightStatus
        case .inventory: .inventory
        case .waitlist: .waitlist
        case .support: .support
        case .membership: .membership
        }
    }
}

/// Time spans in ms, for readable journey timings.
enum Span {
    static let second: Int64 = 1_000
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
}
