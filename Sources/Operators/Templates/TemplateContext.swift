import Mustache

/// The root rendering context: the event's top-level fields plus `key` and `event_time`.
///
/// Implemented as `MustacheParent` lookups instead of converting the event to a
/// `[String: Any]` up front, so rendering touches only the fields the template names.
struct TemplateEventContext: MustacheParent {
    let event: Event

    func child(named name: String) -> Any? {
        if let value = event.fields[name] {
            return TemplateValue.box(value)
        }
        switch name {
        case "key": return event.key
        case "event_time": return event.eventTimeMs
        default: return nil
        }
    }
}

/// A nested JSON object as a rendering context (`{{order.id}}`, `{{#order}}…{{/order}}`).
struct TemplateObjectContext: MustacheParent {
    let object: JSONObject

    func child(named name: String) -> Any? {
        object[name].map(TemplateValue.box)
    }
}

/// JSON `null`: found (so lookup does not climb to an outer field of the same name) but
/// rendered as nothing and falsy in sections.
struct TemplateNull: MustacheCustomRepresentation {
    var representation: Any? { nil }
}

/// Converts JSON values into the Swift values swift-mustache knows how to render.
enum TemplateValue {
    static func box(_ value: JSONValue) -> Any {
        switch value {
        case .null:
            return TemplateNull()
        case .bool(let bool):
            return bool
        case .number(let number):
            // `Int64` renders as "42"; a `Double` would render as "42.0".
            if let integer = number.exactInteger { return integer }
            return number
        case .string(let string):
            return string
        case .array(let elements):
            return elements.map(box)
        case .object(let object):
            return TemplateObjectContext(object: object)
        }
    }
}
