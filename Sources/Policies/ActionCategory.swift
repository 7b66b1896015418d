/// Whether an action is something the customer asked for or something we want to tell them.
///
/// The distinction drives every rule: regulators and customers treat an order confirmation or a
/// one-time password (transactional) very differently from a promotion (marketing), so
/// transactional actions are exempt from frequency caps and the holdout group, ignore
/// do-not-contact and quiet hours unless configured otherwise, and need no explicit consent by
/// default.
public enum ActionCategory: String, Sendable, Hashable, CaseIterable {
    case transactional
    case marketing
}
