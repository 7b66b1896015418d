/// A window result's rendered texts (channel, message) per record count, for a trigger whose
/// texts depend on nothing else: every variable of both templates names a `count` aggregate
/// (the bench's `"{{events}} events in one minute"`), there is no `having` and the customer is
/// the group key. Each text is rendered once per count, by the direct path itself
/// (``WindowTrigger/directResultTexts(of:key:)``), so it is that path's output by construction;
/// later windows of that count share its storage.
///
/// Why: rendering cost ~1,750 instructions per closed window (the result view, the lookup, the
/// digits and above all a validated, heap-allocated `String`), for a handful of distinct
/// counts; a cached text costs an array read and a retain.
struct WindowCountTexts: Sendable {
    /// Counts from here on are rendered every time, so the cache stays small whatever the data.
    static let limit = 256

    private var texts: [(channel: String, message: String)?] = []

    /// The texts stored for `count`, if any.
    func texts(forCount count: Int) -> (channel: String, message: String)? {
        guard count >= 0, count < texts.count else { return nil }
        return texts[count]
    }

    /// Keeps `rendered` for `count` (counts at or over ``limit`` are not kept).
    mutating func store(_ rendered: (channel: String, message: String), forCount count: Int) {
        guard count >= 0, count < Self.limit else { return }
        if texts.count <= count { texts.append(contentsOf: repeatElement(nil, count: count + 1 - texts.count)) }
        texts[count] = rendered
    }
}

extension WindowTrigger {
    /// Whether a result's texts are a function of its record count alone (see
    /// ``WindowCountTexts``). A variable must be a one-component name that the result resolves
    /// to a `count` aggregate (the last aggregate of that name, as
    /// ``WindowResultView/value(at:)``; `key` and the bounds come first there). A restored
    /// window's accumulators match the configured aggregations (checked when decoding), so its
    /// count aggregate is its record count too.
    static func textsDependOnCountOnly(action: ActionTemplate, having: [Predicate],
                                       aggregates: [(name: String, aggregation: Aggregation)]) -> Bool {
        guard having.isEmpty, action.customerField == nil,
              let channel = action.channel.simpleVariables, let message = action.message.simpleVariables
        else { return false }
        return (channel + message).allSatisfy { path in
            guard path.components.count == 1, let name = path.components.first,
                  name != "key", name != "window_start", name != "window_end",
                  let index = aggregates.lastIndex(where: { $0.name == name })
            else { return false }
            return aggregates[index].aggregation == .count
        }
    }

    /// Emits a closed window's result (``emitResult(of:key:occurrence:into:)`` with `.final`),
    /// its texts from ``countTexts`` when the trigger has that cache.
    mutating func emitFinalResult(of window: WindowState, key: String, into out: inout Emitter) {
        guard countTexts != nil else {
            _ = emitResult(of: window, key: key, occurrence: .final, into: &out)
            return
        }
        let texts: (channel: String, message: String)
        if let cached = countTexts?.texts(forCount: window.recordCount) {
            texts = cached
        } else if let rendered = directResultTexts(of: window, key: key) {
            texts = rendered
            countTexts?.store(rendered, forCount: window.recordCount)
        } else {
            _ = emitResult(of: window, key: key, occurrence: .final, into: &out)
            return
        }
        out.emit(directAction(of: window, key: key, occurrence: .final, texts: texts, emittedAtMs: out.nowMs))
    }
}
