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
        // The lookup closures capture this small view, not `self` or the window: a closure
        // capturing them copied the whole trigger (and the window) per rendered template, a
        // value-witness copy and destroy that cost more than the rendering (measured ~1,400
        // instructions per closed window).
        var result = WindowResultView(of: window, key: key, aggregates: aggregates)
        return renderTexts(from: &result, eventTimeMs: eventTimeMs)
    }

    /// `result` is `inout` only so that the non-escaping lookup closures capture it by address:
    /// capturing a value copies it into each closure (measured ~130 instructions per copy).
    private func renderTexts(from result: inout WindowResultView, eventTimeMs: Int64) -> (channel: String, message: String)? {
        guard let channel = action.channel.renderSimple(key: result.key, eventTimeMs: eventTimeMs, lookup: { result.value(at: $0) }),
              let message = action.message.renderSimple(key: result.key, eventTimeMs: eventTimeMs, lookup: { result.value(at: $0) })
        else { return nil }
        return (channel, message)
    }

    /// `resultEvent(of: window, key: key)[path]` without building the event (see
    /// ``WindowResultView/value(at:)``).
    func resultValue(at path: FieldPath, of window: WindowState, key: String) -> JSONValue? {
        WindowResultView(of: window, key: key, aggregates: aggregates).value(at: path)
    }
}

/// What a window's result event would hold, read straight from the window state.
struct WindowResultView {
    let key: String
    let bounds: WindowBounds
    let recordCount: Int
    let aggregates: [(name: String, aggregation: Aggregation)]
    let accumulators: [WindowAccumulator]
    let causeFields: JSONObject

    init(of window: WindowState, key: String, aggregates: [(name: String, aggregation: Aggregation)]) {
        self.key = key
        self.bounds = window.bounds
        self.recordCount = window.recordCount
        self.aggregates = aggregates
        self.accumulators = window.accumulators
        self.causeFields = window.cause.fields
    }

    /// `resultEvent(of: window, key: key)[path]`: the result names (`key`, `window_start`,
    /// `window_end`, the aggregates; the last of equal names, as the event's last-occurrence
    /// lookup) shadow the cause's fields, then nested objects are walked.
    func value(at path: FieldPath) -> JSONValue? {
        guard let first = path.components.first else { return nil }
        var value: JSONValue
        if first == "key" {
            value = .string(key)
        } else if first == "window_start" {
            value = .number(Double(bounds.start))
        } else if first == "window_end" {
            value = .number(Double(bounds.end))
        } else if let index = aggregates.lastIndex(where: { $0.name == first }) {
            // `resultEvent` zips names with accumulators: a name without one is dropped there too.
            guard index < accumulators.count else { return nil }
            value = accumulators[index].result(recordCount: recordCount)
        } else if let field = causeFields[first] {
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
