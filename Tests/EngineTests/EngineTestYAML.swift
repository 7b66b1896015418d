/// The head of the configs the engine suites compile: a local broker, one input, the output
/// topics and a state dir. Each suite appends what it is about (watermark, policies, tables,
/// pipelines), so a change to the required keys is made here once, not in every suite.
enum EngineTestYAML {
    /// `kafka:` … `state:` with `dir: /tmp/x`, ending inside the `state:` mapping so a suite can
    /// add state keys (`erase_when`, `cache_max_keys`) through `state`.
    /// - Parameters:
    ///   - topic: the one input topic.
    ///   - keyField: its key field (the time field is always `ts`).
    ///   - input: more keys of the input (indented by four spaces).
    ///   - state: more keys of `state:` (indented by two spaces).
    static func head(topic: String = "cx.events", keyField: String = "customer_id",
                     input: String = "", state: String = "") -> String {
        """
        kafka:
          brokers: localhost:9092
          group_id: g
        inputs:
          - topic: \(topic)
            key_field: \(keyField)
            time_field: ts

        """ + input + """
        output:
          actions_topic: cx.actions
          dead_letter_topic: cx.deadletter
        state:
          dir: /tmp/x

        """ + state
    }
}
