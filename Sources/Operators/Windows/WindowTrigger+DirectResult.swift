extension WindowTrigger {
    /// Whether a window's action can be rendered straight from the window state, without its
    /// result event (``resultEvent(of:key:)``): nothing but the two templates reads that event
    /// (no `having`, the customer is the group key) and both templates take the simple path.
    /// On the bench this is every window result; the event it skips costs an array of the
    /// cause's fields plus the results, a retain per field and the aggregates not rendered.
    var rendersResultDirectly: Bool {
        having.isEmpty && action.customerField == nil && action.channel.rendersSimply && action.message.rendersSimply
    }

    /// The window's action texts rendered from the window state, answering every lookup as the
    /// result event would; nil unless ``rendersResultDirectly``.
    func directResultTexts(of window: WindowState, key: String) -> (channel: String, message: String)? {
        guard rendersResultDirectly else { return nil }
        let eventTimeMs = WindowTime.subtract(window.bounds.end, 1)
        let lookup = { (path: FieldPath) in resultValue(at: path, of: window, key: key) }
        guard let channel = action.channel.renderSimple(key: key, eventTimeMs: eventTimeMs, lookup: lookup),
              let message = action.message.renderSimple(key: key, eventTimeMs: eventTimeMs, lookup: lookup)
        else { return nil }
        return (channel, message)
    }

    /// `resultEvent(of: window, key: key)[path]` without building the event: the result names
    /// (`key`, `window_start`, `window_end`, the aggregates; the last of equal names, as the
    /// event's last-occurrence lookup) shadow the cause's fields, then nested objects are walked.
    func resultValue(at path: FieldPath, of window: WindowState, key: String) -> JSONValue? {
        guard let first = path.components.first else { return nil }
        var value: JSONValue
        if first == "key" {
            value = .string(key)
        } else if first == "window_start" {
            value = .number(Double(window.bounds.start))
        } else if first == "window_end" {
            value = .number(Double(window.bounds.end))
        } else if let index = aggregates.lastIndex(where: { $0.name == first }) {
            // `resultEvent` zips names with accumulators: a name without one is dropped there too.
            guard index < window.accumulators.count else { return nil }
            value = window.accumulators[index].result(recordCount: window.recordCount)
        } else if let field = window.cause.fields[first] {
            value = field
        } else {
            return nil
        }
        for component in path.components.dropFirst() {
            guard case .object(let object) = value, let next = object[component] else { return nil }
            value = next
        }
        return value
    }
}
