/// The config both contact-policy engine suites start from: one input keyed by customer, an
/// erase predicate, a zero watermark bound and the `profiles` table the policy reads; each
/// suite appends its `policies:` and `pipelines:`.
let policyTestPreamble = EngineTestYAML.head(state: "  erase_when: [{field: type, equals: erase_request}]\n") + """
watermark:
  max_out_of_orderness: 0s
tables:
  - name: profiles
    topic: cx.profiles
    key_field: customer_id

"""
