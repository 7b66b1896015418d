import DaemonConfig
import Operators

/// `kind: fan_out` settings → ``FanOutTrigger``; and what its templates may name besides the
/// input's fields (kept in step with `FanOutLogic+Firing.swift`).
enum FanOutCompiler {
    /// Where every fanned-out event carries its member's id: the action's `customer_id`.
    static let memberIDField: FieldPath = "member.id"
    /// Values a fan-out adds to the event its actions render from (`member` is declared per
    /// pipeline by ``memberPaths(_:)``, so `{{member.nmae}}` is caught).
    static let addedNames = ["at_home_store", "rank", "final", "previous", "change"]

    /// `member.id` and `member.<kept field>` for a fan_out pipeline; nothing for other kinds.
    static func memberPaths(_ p: PipelineSettings) -> [String] {
        guard p.kind == .fanOut, let members = p.fanOut?.members else { return [] }
        return ["member.id"] + members.keep.map { "member.\($0)" }
    }

    static func compile(_ s: FanOutSettings, predicates: [Predicate], action: ActionTemplate) -> FanOutTrigger {
        let m = s.members
        let members = FanOutSpec.Members(
            addWhen: PipelineCompiler.compilePredicates(m.addWhen), removeWhen: PipelineCompiler.compilePredicates(m.removeWhen),
            idField: FieldPath(m.idField), keep: m.keep, expireAfterMs: m.expireAfterMs,
            removeWhenNotified: m.removeWhenNotified)
        let fire: FanOutSpec.Fire
        switch s.fire {
        case .change(let field, let baseline, let minChange, let growsOnly):
            fire = .change(field: FieldPath(field), baselineField: FieldPath(baseline), minChange: minChange,
                           growsOnly: growsOnly)
        case .rises(let field, let per):
            fire = .rises(field: FieldPath(field), per: per.map { FieldPath($0) })
        case .when(let list):
            fire = .when(PipelineCompiler.compilePredicates(list))
        }
        let spec = FanOutSpec(
            members: members, fire: fire, finalWhen: PipelineCompiler.compilePredicates(s.finalWhen),
            limit: s.limit.map { FanOutSpec.Limit(field: FieldPath($0.field), factor: $0.factor) },
            order: s.order.map { FanOutSpec.Order(memberField: $0.memberField, eventField: FieldPath($0.eventField)) },
            nearbyField: s.nearbyField.map { FieldPath($0) }, pacePerMinute: s.pacePerMinute)
        let common = PatternCommon(predicates: predicates, cancel: PipelineCompiler.compilePredicates(s.cancel),
                                   cooldownMs: nil, action: action)
        return FanOutTrigger(common: common, spec: spec)
    }
}
