import DaemonConfig
import Operators

/// `kind: lapse` settings → ``LapseTrigger``; and what its templates may name besides the
/// input's fields (kept in step with `LapseLogic.offer`).
enum LapseCompiler {
    /// Values a lapse adds to the event its action renders from.
    static let addedNames = ["deadline", "last_activity", "days_left"]

    static func compile(_ s: LapseSettings, predicates: [Predicate], action: ActionTemplate) -> LapseTrigger {
        let common = PatternCommon(predicates: predicates, cancel: PipelineCompiler.compilePredicates(s.cancel),
                                   cooldownMs: s.cooldownMs, action: action)
        return LapseTrigger(common: common, deadlineWhen: PipelineCompiler.compilePredicates(s.deadlineWhen),
                            deadlineField: FieldPath(s.deadlineField),
                            activity: PipelineCompiler.compilePredicates(s.activity),
                            started: PipelineCompiler.compilePredicates(s.startedWhen), quietMs: s.quietMs, leadMs: s.leadMs)
    }
}
