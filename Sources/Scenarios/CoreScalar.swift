import Operators

/// Types a scenario file's scalars the way YAML 1.2's core schema does, so an event written
/// `{ts: 1767225600000, type: cart_add}` reaches the engine as `{"ts":1767225600000,"type":"cart_add"}`:
/// a number stays a number and a quoted `"42"` stays a string.
///
/// Not Yams' default resolver: it follows YAML 1.1, where `on`, `yes` and `no` are booleans —
/// `{status: on}` would silently become `true`.
enum CoreScalar {
    static func value(of scalar: ScenarioNode.Scalar) -> JSONValue {
        guard scalar.isPlain else { return .string(scalar.text) }
        let t = scalar.text
        switch t {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let n = number(t) { return .number(n) }
        return .string(t)
    }

    /// Decimal, `0x…` and `0o…` integers and decimal floats; `.inf`/`.nan` have no JSON form
    /// and stay strings.
    private static func number(_ t: String) -> Double? {
        if t.hasPrefix("0x"), let v = Int64(t.dropFirst(2), radix: 16) { return Double(v) }
        if t.hasPrefix("0o"), let v = Int64(t.dropFirst(2), radix: 8) { return Double(v) }
        // Only digits, signs, '.' and exponents: Swift's Double(_:) also reads "inf", "nan" and hex floats.
        guard t.utf8.allSatisfy({ "0123456789+-.eE".utf8.contains($0) }) else { return nil }
        let sawDigit = t.utf8.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard sawDigit, let v = Double(t), v.isFinite else { return nil }
        return v
    }

    /// A YAML node as JSON: mappings become objects (in file order), lists arrays.
    static func json(_ node: ScenarioNode) -> JSONValue {
        switch node {
        case .scalar(let s): value(of: s)
        case .sequence(let items, _): .array(items.map(json))
        case .mapping(let entries, _): .object(JSONObject(entries.map { (key: $0.key, value: json($0.value)) }))
        }
    }
}
