import Foundation
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
/// Rendered whole (`{{order}}`) it prints as compact JSON, never as a Swift debug description.
struct TemplateObjectContext: MustacheParent, MustacheCustomRenderable {
    let object: JSONObject

    func child(named name: String) -> Any? {
        object[name].map(TemplateValue.box)
    }

    var renderText: String { String(decoding: JSONValue.object(object).encoded(), as: UTF8.self) }
    var isNull: Bool { false }
}

/// A JSON array: iterable in sections (`{{#items}}…{{/items}}`), compact JSON when rendered whole.
struct TemplateArray: MustacheSequence, MustacheCustomRenderable {
    let elements: [JSONValue]

    func makeIterator() -> IndexingIterator<[Any]> { elements.map(TemplateValue.box).makeIterator() }

    var renderText: String { String(decoding: JSONValue.array(elements).encoded(), as: UTF8.self) }
    var isNull: Bool { false }
}

/// A number that is integral but beyond Int64 or 2^53: printed in plain digits, not `1.2e+19`.
struct TemplateBigInteger: MustacheCustomRenderable {
    let value: Double
    var renderText: String {
        // Plain digits up to 1e21 (as JavaScript prints them); beyond that the exponent is honest.
        abs(value) < 1e21 ? String(format: "%.0f", value) : String(decoding: JSONValue.number(value).encoded(), as: UTF8.self)
    }
    var isNull: Bool { false }
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
            if number.rounded() == number && number.isFinite { return TemplateBigInteger(value: number) }
            return number
        case .string(let string):
            return string
        case .array(let elements):
            return TemplateArray(elements: elements)
        case .object(let object):
            return TemplateObjectContext(object: object)
        }
    }
}
