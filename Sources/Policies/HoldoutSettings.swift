/// Which group a customer's marketing exposure belongs to, for measuring uplift: the treated
/// group gets messages, the holdout (control) group does not, and conversions are compared.
public enum AttributionGroup: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case treated = 0
    case holdout = 1

    /// `treated` or `holdout`, as written in records and counters.
    public var description: String {
        switch self {
        case .treated: "treated"
        case .holdout: "holdout"
        }
    }
}

/// A control group that receives no marketing: `share` of all customers (e.g. `0.05`), chosen
/// by a hash of (`salt`, customer ID).
///
/// Membership must be the same in every process, on every platform and after every restart —
/// a customer flipping between groups would poison both — so it uses ``HoldoutHash``, never
/// Swift's per-process seeded `Hasher`. Changing `salt` draws a new, independent group (start a
/// new experiment); changing `share` keeps everyone below the old threshold in the group.
public struct HoldoutSettings: Sendable, Equatable {
    public var salt: String
    /// Fraction of customers in the holdout group, 0...1 (values outside are clamped).
    public var share: Double

    public init(salt: String, share: Double) {
        self.salt = salt
        self.share = share
    }

    /// Buckets per share unit: shares are honoured to one part in a million.
    static let buckets: UInt64 = 1_000_000

    /// The group `customerID` belongs to.
    public func group(of customerID: String) -> AttributionGroup {
        HoldoutHash.bucket(salt: salt, customerID: customerID, buckets: Self.buckets) < threshold ? .holdout : .treated
    }

    /// Buckets below this are held out.
    var threshold: UInt64 {
        let clamped = share.isNaN ? 0 : min(max(share, 0), 1)
        return UInt64((clamped * Double(Self.buckets)).rounded())
    }
}
