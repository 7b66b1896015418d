import Foundation

/// A name a template looks up: a variable, or the subject of a section or inverted section.
public struct TemplateReference: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case variable, section, invertedSection }
    /// As written, without transforms (`uppercased(name)` → `name`), e.g. `order.id` or the
    /// context-relative `.sku`. The implicit iterator `.` and bare transforms (`index()`) name no
    /// field and are not reported.
    public var name: String
    public var kind: Kind
    /// Subjects of the enclosing sections that push a context (not inverted sections, not
    /// blocks), outermost first: where Mustache looks `name` up before the event's root.
    public var contexts: [String]

    public init(name: String, kind: Kind, contexts: [String] = []) {
        self.name = name
        self.kind = kind
        self.contexts = contexts
    }
}

/// Lists the names a Mustache template looks up, for `validate`'s field check.
///
/// A small scanner of `{{…}}` tags rather than a walk of swift-mustache's parse: swift-mustache
/// 2 keeps its tokens internal (`MustacheTemplate.tokens`, no public accessor), and reaching them
/// with `@testable` or reflection would tie validation to its private layout. The scanner follows
/// the tag grammar of swift-mustache's parser (`Template+Parser.swift`): `{{x}}`, `{{{x}}}`,
/// `{{& x}}`, sections `{{#x}}`, inverted sections `{{^x}}`, closings, comments `{{! … }}`,
/// partials `{{> p}}` (no library is configured, so they name no field), inheritance `{{< p}}` and
/// blocks `{{$ b}}` (names of templates, not fields; their contents are scanned), pragmas
/// `{{% … }}`, set-delimiter tags `{{=<% %>=}}` and transforms `fn(name)`. It runs only on
/// templates swift-mustache has already parsed, so it never has to diagnose malformed input; on
/// anything unexpected it stops rather than guess, which can only miss a check, never crash.
enum TemplateScanner {
    static func references(in source: String) -> [TemplateReference] {
        var open = "{{"
        var close = "}}"
        var rest = Substring(source)
        // Open sections, inverted sections and blocks; `true` where the section pushes a context.
        var frames: [(name: String, pushesContext: Bool)] = []
        var found: [TemplateReference] = []
        while let start = rest.range(of: open) {
            let afterOpen = rest[start.upperBound...]
            guard let sigil = afterOpen.first, let end = afterOpen.range(of: close) else { break }
            let body = afterOpen[afterOpen.index(after: afterOpen.startIndex)..<end.lowerBound]
            rest = afterOpen[end.upperBound...]
            let contexts = frames.filter(\.pushesContext).map(\.name)
            switch sigil {
            case "!", "%", ">":
                continue
            case "=":
                guard let delimiters = setDelimiters(body) else { return found }
                (open, close) = delimiters
            case "#", "^":
                let name = subject(body)
                if let name { found.append(TemplateReference(name: name, kind: sigil == "#" ? .section : .invertedSection,
                                                             contexts: contexts)) }
                // A transform-only section (`{{#first()}}`) keeps the enclosing item as context.
                frames.append((name ?? ".", sigil == "#" && name != nil))
            case "$", "<":
                frames.append((String(body), false))
            case "/":
                if !frames.isEmpty { frames.removeLast() }
            case "{":
                // `{{{x}}}`: the name ended at the close delimiter, which one more `}` follows.
                if rest.first == "}" { rest = rest.dropFirst() }
                if let name = subject(body) { found.append(TemplateReference(name: name, kind: .variable, contexts: contexts)) }
            case "&":
                if let name = subject(body) { found.append(TemplateReference(name: name, kind: .variable, contexts: contexts)) }
            default:
                if let name = subject(afterOpen[..<end.lowerBound]) {
                    found.append(TemplateReference(name: name, kind: .variable, contexts: contexts))
                }
            }
        }
        return found
    }

    /// The looked-up name inside a tag: whitespace trimmed, transforms removed (`a(b(name))` →
    /// `name`); nil for the implicit iterator `.` and for transforms of the sequence context
    /// (`index()`), which name no field.
    static func subject(_ body: Substring) -> String? {
        var name = body.trimmingWhitespace()
        if let open = name.lastIndex(of: "(") {
            let inner = name[name.index(after: open)...]
            name = inner.prefix { $0 != ")" }.trimmingWhitespace()
        }
        guard !name.isEmpty, name != "." else { return nil }
        return String(name)
    }

    /// `=<% %>=`'s new delimiters (the body after the leading `=`), nil if malformed.
    static func setDelimiters(_ body: Substring) -> (String, String)? {
        guard body.last == "=" else { return nil }
        let parts = body.dropLast().split(whereSeparator: \.isWhitespace)
        guard parts.count == 2 else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var trimmed = self
        while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        return trimmed
    }
}
