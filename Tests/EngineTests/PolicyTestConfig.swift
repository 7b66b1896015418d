/// The config both contact-policy engine suites start from: one input keyed by customer, an
/// erase predicate, a zero watermark bound and the `profiles` table the policy reads; each
/// suite appends its `policies:` and `pipelines:`.
let policyTestPreamble = """
kafka:
  brokers: localhost:9092
  group_id: g
inputs:
  - topic: cx.events
    key_field: customer_id
    time_field: ts
output:
  actions_topic: cx.actions
  dead_letter_topic: cx.deadletter
state:
  dir: /tmp/x
  erase_when: [{field: type, equals: erase_request}]
watermark:
  max_out_of_orderness: 0s
tables:
  - name: profiles
    topic: cx.profiles
    key_field: customer_id

"""
