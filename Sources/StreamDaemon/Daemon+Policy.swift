import Engine
import Operators
import Policies

/// The contact policy's own records: decisions, held-out actions and conversions, each to its
/// topic when one is configured (keyed by customer, like actions).
///
/// At-least-once, unlike actions: they are produced with the input's token, so the input is
/// checkpointed only once they are acknowledged, but a task re-processing its input after a
/// crash makes the same decisions again and they are not looked up in their topics (only
/// actions are, through `suppressResends`). Consumers de-duplicate on (`action_id`,
/// `decision`, `time`) for decisions, `action_id` for held-out actions and (`action_id`,
/// `converted_at`) for conversions.
extension Daemon {
    /// How many records `dispatchPolicyRecords` will produce for these outputs: the commit
    /// tracker must expect exactly as many acknowledgements.
    func policyRecordCount(_ outputs: EngineOutputs) -> Int {
        guard let policies = config.policies else { return 0 }
        return (policies.decisionsTopic == nil ? 0 : outputs.decisions.count)
            + (policies.holdoutTopic == nil ? 0 : outputs.holdout.count)
            + (policies.conversionsTopic == nil ? 0 : outputs.conversions.count)
    }

    func dispatchPolicyRecords(_ outputs: EngineOutputs, token: UInt64) {
        guard let policies = config.policies else { return }
        if let topic = policies.decisionsTopic {
            for record in outputs.decisions {
                send(topic: topic, key: Array(record.customerID.utf8), value: record.encodeJSON(), headers: [],
                     token: token, cause: nil)
            }
        }
        if let topic = policies.holdoutTopic {
            for action in outputs.holdout {
                send(topic: topic, key: Array(action.customerID.utf8), value: action.encodeJSON(), headers: [],
                     token: token, cause: action.cause)
            }
        }
        if let topic = policies.conversionsTopic {
            for record in outputs.conversions {
                send(topic: topic, key: Array(record.customerID.utf8), value: record.encodeJSON(), headers: [],
                     token: token, cause: nil)
            }
        }
    }
}
