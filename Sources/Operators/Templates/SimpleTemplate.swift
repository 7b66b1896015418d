import Foundation

/// A fast path for the templates almost every trigger uses: text with plain `{{field.path}}`
/// variables. swift-mustache looks every value up through `Any` casts and reflection (~1.5 µs
/// and 7 allocations for a one-variable message, measured in bench/micro); this renders the same
/// output straight from the event's JSON (one string append per segment). Anything else —
/// sections, partials, triple braces, lambdas — returns nil from `compile` and stays with
/// swift-mustache, so behaviour is unchanged; a test renders both paths and compares.
struct SimpleTemplate: Sendable {
    enum Segment: Sendable {
        case text(String)
        case field(FieldPath, name: String)
    }

    let segments: [Segment]

    /// The paths of the variables, in order (the only lookups ``render(key:eventTimeMs:lookup:)``
    /// makes; a missing one-component `key` or `event_time` then falls back to those).
    var variables: [FieldPath] {
        segments.compactMap { segment in
            if case .field(let path, _) = segment { path } else { nil }
        }
    }

    /// Nil unless every tag is a plain variable `{{ name }}` / `{{ a.b }}`.
    static func compile(_ source: String) -> SimpleTemplate? {
        var segments: [Segment] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { segments.append(.text(String(rest[..<open.lowerBound]))) }
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else { return nil }
            let name = afterOpen[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name != ".",
                  name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0) }),
                  !name.hasPrefix("."), !name.hasSuffix("."), !name.contains("..")
            else { return nil }
            segments.append(.field(FieldPath(name), name: name))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { segments.append(.text(String(rest))) }
        return SimpleTemplate(segments: segments)
    }

    func render(_ event: Event) -> String {
        render(key: event.key, eventTimeMs: event.eventTimeMs) { event[$0] }
    }

    /// Renders from a field lookup instead of an ``Event``, for callers whose event would exist
    /// only to be rendered (a window result: its fields are the cause's plus a few computed
    /// ones). `lookup` must answer as `Event.subscript(path:)` on that event would; `key` and
    /// `eventTimeMs` are the event's, used as the Mustache context's fallbacks.
    ///
    /// The text is assembled in a stack buffer and made a `String` once: appending segment by
    /// segment to a `String` cost ~320 instructions per append (growth, re-allocation) plus a
    /// `description` call per integer (callgrind: ~1,300 instructions for the bench's
    /// "{{events}} events in one minute"). Texts over the buffer take ``renderAppending``.
    func render(key: String, eventTimeMs: Int64, lookup: (FieldPath) -> JSONValue?) -> String {
        // A template without variables is its text, storage shared.
        if segments.count == 1, case .text(let text) = segments[0] { return text }
        let rendered: String? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.stackCapacity) { buffer in
            var out = TemplateBytes(buffer: buffer)
            for segment in segments {
                switch segment {
                case .text(let text):
                    out.append(text)
                case .field(let path, let name):
                    if let value = lookup(path) {
                        out.append(value)
                    } else if path.components.count == 1 {
                        // Same fallbacks as the Mustache context: `key` and `event_time`.
                        if name == "key" { out.append(key) } else if name == "event_time" { out.append(eventTimeMs) }
                    }
                }
            }
            return out.string
        }
        return rendered ?? renderAppending(key: key, eventTimeMs: eventTimeMs, lookup: lookup)
    }

    /// Bytes of rendered text the stack buffer holds; longer texts are appended to a `String`.
    static let stackCapacity = 1024

    /// ``render(key:eventTimeMs:lookup:)`` by appending to a `String`: the reference, and the
    /// path for texts over ``stackCapacity``.
    func renderAppending(key: String, eventTimeMs: Int64, lookup: (FieldPath) -> JSONValue?) -> String {
        var out = ""
        for segment in segments {
            switch segment {
            case .text(let text):
                out += text
            case .field(let path, let name):
                if let value = lookup(path) {
                    Self.append(value, to: &out)
                } else if path.components.count == 1 {
                    if name == "key" { out += key } else if name == "event_time" { out += String(eventTimeMs) }
                }
            }
        }
        return out
    }

    /// Renders a value exactly as `TemplateValue.box` + swift-mustache would.
    static func append(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: break
        case .bool(let b): out += b ? "true" : "false"
        case .string(let s): out += s
        case .number(let n):
            if let i = n.exactInteger {
                out += String(i)
            } else if n.rounded() == n && n.isFinite {
                out += TemplateBigInteger(value: n).renderText
            } else {
                out += "\(n)"
            }
        case .object, .array:
            out += String(decoding: value.encoded(), as: UTF8.self)
        }
    }
}
