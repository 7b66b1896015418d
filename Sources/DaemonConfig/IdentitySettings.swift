/// `identity:` — identity stitching: a login event links an anonymous id (a device) to a known
/// id (a customer); every event of the stitched inputs is then keyed by the known id, so a
/// cart started anonymously counts for the customer.
///
/// ```yaml
/// identity:
///   inputs: [cx.web]                                  # optional; default: every input
///   link_when: [{field: type, equals: login}]
///   anonymous_field: device_id                        # the stitched inputs' key_field
///   known_field: customer_id
/// ```
public struct IdentitySettings: Sendable, Equatable {
    /// Stitched input topics; empty means every configured input.
    public var inputs: [String]
    /// An event matching all of these and carrying both fields links its anonymous id to its
    /// known id.
    public var linkWhen: [PredicateSettings]
    /// Field holding the anonymous id; the stitched inputs are partitioned by it (`key_field`),
    /// so every event of a device, and its link, reach the same task.
    public var anonymousField: String
    /// Field holding the known id a link maps the anonymous id to.
    public var knownField: String
    public var location: ConfigLocation

    public init(inputs: [String] = [], linkWhen: [PredicateSettings], anonymousField: String, knownField: String,
                location: ConfigLocation) {
        self.inputs = inputs; self.linkWhen = linkWhen; self.anonymousField = anonymousField
        self.knownField = knownField; self.location = location
    }

    /// Whether events of `topic` are stitched.
    public func stitches(_ topic: String) -> Bool { inputs.isEmpty || inputs.contains(topic) }
}
