import Testing
import TrafficGenerator
@testable import Operators

/// The hand-written per-action paths against their simple reference behaviour, on seeded
/// random inputs: direct action encoding (vs `JSONWriter`), the escape scan (vs the byte-wise
/// rule), digit pairs (vs `String(value)`), hex ids (vs `String(radix:)`), the hasher's
/// shortcuts (vs byte-by-byte hashing) and template rendering (vs appending to a `String`).
@Suite("Action fast paths")
struct ActionFastPathTests {
    /// The project's seeded generator: a fixed sequence per seed, so a failure reproduces.
    typealias Random = SplitMix64
}

extension SplitMix64 {
        /// Mostly plain ASCII; sometimes a quote, backslash, control character or non-ASCII.
        mutating func string() -> String {
            let pieces = ["a", "Z", "9", " ", "-", "_", ":", "é", "€", "한", "😀", "\"", "\\", "\n", "\t", "\u{1}", "\u{1F}", "\u{7F}", "/"]
            let plain = below(10) > 0
            var text = ""
            for _ in 0..<below(41) {
                text += plain ? pieces[below(11)] : pieces[below(pieces.count)]
            }
            return text
        }

        mutating func int64() -> Int64 {
            switch below(6) {
            case 0: return [Int64.min, .min + 1, -1, 0, 1, 9, 10, 99, 100, .max - 1, .max][below(11)]
            case 1: return Int64(bitPattern: next())
            case 2: return Int64(below(1000)) - 500
            case 3: return 1_700_000_000_000 + Int64(below(1_000_000_000))
            default: return Int64(bitPattern: next()) >> below(64)
            }
        }
}

extension ActionFastPathTests {
    /// The plain fast path's bytes for `action`, empty where it declines (text needing escapes).
    static func plainJSON(_ action: Action) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: action.plainJSONCapacity) { buffer, initialized in
            initialized = action.encodePlainJSON(into: buffer) ?? 0
        }
    }

    /// `encodeJSON()` as it was written before the direct path: `JSONWriter` throughout.
    static func reference(_ a: Action) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{\"action_id\":"); writer.writeString(a.actionID)
        writer.raw(",\"trigger\":"); writer.writeString(a.trigger)
        writer.raw(",\"customer_id\":"); writer.writeString(a.customerID)
        writer.raw(",\"channel\":"); writer.writeString(a.channel)
        writer.raw(",\"message\":"); writer.writeString(a.message)
        if let locale = a.locale { writer.raw(",\"locale\":"); writer.writeString(locale) }
        writer.raw(",\"event_time\":"); writer.writeInt(a.eventTimeMs)
        writer.raw(",\"emitted_at\":"); writer.writeInt(a.emittedAtMs)
        writer.raw(",\"cause\":{\"topic\":"); writer.writeString(a.cause.topic)
        writer.raw(",\"partition\":"); writer.writeInt(Int64(a.cause.partition))
        writer.raw(",\"offset\":"); writer.writeInt(a.cause.offset)
        writer.raw("}}")
        return writer.bytes
    }

    static func needsEscape(_ a: Action) -> Bool {
        [a.actionID, a.trigger, a.customerID, a.channel, a.message, a.cause.topic, a.locale ?? ""]
            .contains { $0.utf8.contains(where: JSONEscapeScan.needsEscape) }
    }

    @Test func directEncodingMatchesTheWriterOnRandomActions() {
        var random = Random(seed: 42)
        var plainCount = 0
        for _ in 0..<4000 {
            let action = Action(
                actionID: random.string(), trigger: random.string(), customerID: random.string(),
                channel: random.string(), message: random.string(),
                eventTimeMs: random.int64(), emittedAtMs: random.int64(),
                cause: EventSource(topic: random.string(), partition: Int32(truncatingIfNeeded: random.int64()),
                                   offset: random.int64()),
                locale: random.below(4) == 0 ? random.string() : nil)
            let expected = Self.reference(action)
            #expect(action.encodeJSON() == expected)
            let direct = Self.plainJSON(action)
            if Self.needsEscape(action) {
                #expect(direct.isEmpty)
            } else {
                plainCount += 1
                #expect(direct == expected)
            }
        }
        // Both paths were exercised.
        #expect(plainCount > 500 && plainCount < 3900)
    }

    @Test func directEncodingRefusesABufferBelowItsCapacity() {
        let action = Action(actionID: "id", trigger: "t", customerID: "c", channel: "sms", message: "m",
                            eventTimeMs: .min, emittedAtMs: .max, cause: EventSource(topic: "in", partition: -1, offset: .min))
        let fits = [UInt8](unsafeUninitializedCapacity: action.plainJSONCapacity) { buffer, initialized in
            initialized = action.encodePlainJSON(into: buffer) ?? 0
        }
        #expect(fits == Self.reference(action))
        let short = [UInt8](unsafeUninitializedCapacity: action.plainJSONCapacity - 1) { buffer, initialized in
            #expect(action.encodePlainJSON(into: buffer) == nil)
            initialized = 0
        }
        #expect(short.isEmpty)
    }

    @Test func escapeScanMatchesTheByteRule() {
        var random = Random(seed: 7)
        let interesting: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF]
        for _ in 0..<20_000 {
            let count = random.below(40)
            let bytes: [UInt8] = (0..<count).map { _ in
                random.below(8) == 0 ? interesting[random.below(interesting.count)] : UInt8(0x23 + random.below(0x38))
            }
            let expected = bytes.contains(where: JSONEscapeScan.needsEscape)
            let found = bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { JSONEscapeScan.specials($0, count: count) != 0 } ?? false
            }
            #expect(found == expected, "\(bytes)")
        }
    }

    @Test func digitPairsWriteWhatStringDoes() {
        var random = Random(seed: 3)
        var values: [Int64] = [.min, .min + 1, .max, .max - 1, 0, -1, 1]
        for exponent in 0..<19 {
            let power = Int64(DigitPairs.powerOfTen(exponent))
            values += [power - 1, power, power + 1, -power, -(power - 1)]
        }
        for _ in 0..<20_000 { values.append(random.int64()) }
        for value in values {
            let written = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
                guard let base = buffer.baseAddress else { return "" }
                let end = DigitPairs.write(value, at: base)
                return String(decoding: UnsafeBufferPointer(start: base, count: end - base), as: UTF8.self)
            }
            #expect(written == String(value))
        }
        #expect(DigitPairs.digitCount(UInt64.max) == 20)
        #expect(DigitPairs.digitCount(0) == 1)
    }

    @Test func hexIdsAreZeroPaddedLowercaseRadix16() {
        var random = Random(seed: 11)
        var pairs: [(UInt64, UInt64)] = [(0, 0), (.max, .max), (0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210), (1, 0xA)]
        for _ in 0..<5000 { pairs.append((random.next() >> random.below(64), random.next() >> random.below(64))) }
        func padded(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        for (high, low) in pairs {
            #expect(ActionID.hex(high, low) == padded(high) + padded(low))
        }
    }

    @Test func hasherShortcutsEqualByteByByteHashing() {
        // The derived tag's constant state.
        var tagged = StableHasher()
        tagged.combine("\u{1}derived")
        let constant = StableHasher.derivedTag
        #expect(tagged.finalize() == constant.finalize())
        #expect(tagged.fnv1a64 == constant.fnv1a64)
        // Small and large UInt64s, and strings of every length around the 4-byte unrolling.
        var random = Random(seed: 5)
        for round in 0..<3000 {
            let value = round < 600 ? UInt64(round) : random.next() >> random.below(64)
            var fast = StableHasher(), slow = StableHasher()
            fast.combine(value)
            for shift in stride(from: 0, to: 64, by: 8) { slow.combine(byte: UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
            let text = random.string()
            fast.combine(text)
            slow.combine(UInt64(text.utf8.count))
            for byte in text.utf8 { slow.combine(byte: byte) }
            #expect(fast.finalize() == slow.finalize())
        }
    }

    @Test func templateRenderingMatchesAppendingToAString() throws {
        var random = Random(seed: 9)
        let sources = ["{{n}} events in one minute", "{{s}}", "[{{b}}|{{z}}|{{missing}}]", "{{key}}@{{event_time}}: {{o}} {{a}}",
                       "plain text only", "", "{{n}}{{n}}{{s}}{{f}}", "{{big}} {{neg}}"]
        for round in 0..<3000 {
            let long = round % 100 == 0 ? String(repeating: "x", count: 1500) : random.string()
            let fields: [(key: String, value: JSONValue)] = [
                ("n", .number(Double(random.int64() >> 11))),
                ("s", .string(long)),
                ("b", .bool(random.below(2) == 0)),
                ("z", .null),
                ("o", .object(JSONObject([("k", .string(random.string())), ("v", .number(1.5))]))),
                ("a", .array([.number(1), .string("two")])),
                ("f", .number(Double(random.below(1000)) / 7)),
                ("big", .number(1e20)),
                ("neg", .number(-Double(random.below(100_000)))),
            ]
            let object = JSONObject(fields)
            let key = random.string()
            let time = random.int64()
            for source in sources {
                let template = try #require(SimpleTemplate.compile(source))
                let lookup = { (path: FieldPath) in object.value(at: path) }
                #expect(template.render(key: key, eventTimeMs: time, lookup: lookup)
                    == template.renderAppending(key: key, eventTimeMs: time, lookup: lookup))
            }
        }
    }

    @Test func emitterUpdatesActionsInPlaceAndInOrder() {
        var emitter = Emitter(nowMs: 5)
        for offset in Int64(0)..<4 {
            emitter.emit(Action(actionID: "\(offset)", trigger: "t", customerID: "c", channel: "sms", message: "m",
                                eventTimeMs: offset * 3, emittedAtMs: 5, cause: EventSource(topic: "in", partition: 0, offset: offset)))
        }
        var seen: [String] = []
        emitter.updateActions { action in
            action.emittedAtMs = max(action.emittedAtMs, action.eventTimeMs)
            seen.append(action.actionID)
        }
        #expect(seen == ["0", "1", "2", "3"])
        #expect(emitter.actions.map(\.emittedAtMs) == [5, 5, 6, 9])
    }
}
