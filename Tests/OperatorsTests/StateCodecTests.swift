import Testing
import Operators

@Suite("State codec")
struct StateCodecTests {
    /// Writes with `write`, reads back with `read`, and checks every byte was consumed.
    static func roundTrip<T>(_ write: (inout StateWriter) -> Void,
                             _ read: (inout StateReader) throws(StateDecodingError) -> T) throws -> T {
        var writer = StateWriter()
        write(&writer)
        var reader = StateReader(writer.bytes)
        let value = try read(&reader)
        try reader.finish()
        return value
    }

    /// What reading `bytes` with `read` throws; `nil` if it succeeds.
    static func failure<T>(_ bytes: [UInt8],
                           _ read: (inout StateReader) throws(StateDecodingError) -> T) -> StateDecodingError? {
        var reader = StateReader(bytes)
        do {
            _ = try read(&reader)
            try reader.finish()
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [Int64.min, .min + 1, -1_000_000_000_000, -65, -64, -1, 0, 1, 63, 64, 300,
                      1_700_000_000_000, .max - 1, .max])
    func signedIntegers(value: Int64) throws {
        #expect(try Self.roundTrip({ $0.writeVarInt(value) }, { (r: inout StateReader) throws(StateDecodingError) in try r.readVarInt() }) == value)
    }

    @Test(arguments: [UInt64(0), 1, 127, 128, 16_383, 16_384, UInt64(UInt32.max), .max])
    func unsignedIntegers(value: UInt64) throws {
        #expect(try Self.roundTrip({ $0.writeVarUInt(value) }, { (r: inout StateReader) throws(StateDecodingError) in try r.readVarUInt() }) == value)
    }

    @Test func varintsAreLEB128WithZigZag() {
        var writer = StateWriter()
        writer.writeVarUInt(300)
        writer.writeVarInt(-1)
        writer.writeVarInt(1)
        writer.writeVarInt(-64)
        #expect(writer.bytes == [0xAC, 0x02, 0x01, 0x02, 0x7F])
        var max = StateWriter()
        max.writeVarUInt(.max)
        #expect(max.bytes == Array(repeating: 0xFF, count: 9) + [0x01])
    }

    @Test(arguments: [0.0, -0.0, 0.1, -2.5e-308, 1e300, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude])
    func doublesKeepTheirBitPattern(value: Double) throws {
        let back = try Self.roundTrip({ $0.writeDouble(value) }, { (r: inout StateReader) throws(StateDecodingError) in try r.readDouble() })
        #expect(back.bitPattern == value.bitPattern)
    }

    @Test func nanKeepsItsBitPattern() throws {
        let nan = Double(nan: 0x1234, signaling: false)
        let back = try Self.roundTrip({ $0.writeDouble(nan) }, { (r: inout StateReader) throws(StateDecodingError) in try r.readDouble() })
        #expect(back.bitPattern == nan.bitPattern)
    }

    @Test(arguments: ["", "plain", "ünïcødé 🎉 日本語 ключ", "nul\u{0}inside", "\"quotes\" and \\ backslash", String(repeating: "x", count: 300)])
    func strings(value: String) throws {
        #expect(try Self.roundTrip({ $0.writeString(value) }, { (r: inout StateReader) throws(StateDecodingError) in try r.readString() }) == value)
    }

    @Test func bytesOptionalsArraysAndBooleans() throws {
        let back = try Self.roundTrip({ writer in
            writer.writeBytes([0, 255, 7])
            writer.writeOptional(Int64?.none) { $0.writeVarInt($1) }
            writer.writeOptional(Int64(-5)) { $0.writeVarInt($1) }
            writer.writeArray(["a", "", "ü"]) { $0.writeString($1) }
            writer.writeBool(true)
            writer.writeByte(42)
        }, { (r: inout StateReader) throws(StateDecodingError) in
            (try r.readBytes(),
             try r.readOptional { (r: inout StateReader) throws(StateDecodingError) in try r.readVarInt() },
             try r.readOptional { (r: inout StateReader) throws(StateDecodingError) in try r.readVarInt() },
             try r.readArray { (r: inout StateReader) throws(StateDecodingError) in try r.readString() },
             try r.readBool(), try r.readByte())
        })
        #expect(back.0 == [0, 255, 7])
        #expect(back.1 == nil)
        #expect(back.2 == -5)
        #expect(back.3 == ["a", "", "ü"])
        #expect(back.4 == true)
        #expect(back.5 == 42)
    }

    @Test func nestedJSONRoundTripsExactlyIncludingOrderAndDuplicates() throws {
        let text = #"{"b":1,"a":[true,false,null,-0.0,1e-7,-12345678901234,"é🎉",{"x":{"y":[[],{}]}}],"b":"dup","big":1.7976931348623157e308}"#
        let object = try #require(TestSupport.object(text))
        let back = try Self.roundTrip({ $0.writeJSONObject(object) },
                                      { (r: inout StateReader) throws(StateDecodingError) in try r.readJSONObject() })
        #expect(back == object)
        #expect(back.fields.map(\.key) == ["b", "a", "b", "big"])
        #expect(JSONValue.object(back).encoded() == JSONValue.object(object).encoded())
    }

    @Test func eventsRoundTrip() throws {
        let event = Event(source: EventSource(topic: "orders.ü", partition: Int32.max, offset: Int64.max),
                          key: "客户-1", eventTimeMs: -5,
                          fields: TestSupport.object(#"{"n":{"deep":[1,{"k":"v"}]},"s":"x"}"#) ?? JSONObject([]))
        let back = try Self.roundTrip({ $0.writeEvent(event) }, { (r: inout StateReader) throws(StateDecodingError) in try r.readEvent() })
        #expect(back == event)
    }

    @Test func truncatedInputThrowsAtEveryCut() throws {
        var writer = StateWriter()
        writer.writeEvent(TestSupport.event(#"{"a":[1,"two",{"three":3.5}],"b":null}"#, key: "ключ"))
        writer.writeVarInt(.min)
        writer.writeDouble(0.1)
        let bytes = writer.bytes
        for cut in 0..<bytes.count {
            let error = Self.failure(Array(bytes.prefix(cut))) { (r: inout StateReader) throws(StateDecodingError) in
                (try r.readEvent(), try r.readVarInt(), try r.readDouble())
            }
            #expect(error != nil, "cut at \(cut)")
            #expect((error?.offset ?? .max) <= cut)
        }
    }

    @Test func corruptInputThrowsWithAReason() {
        func message<T>(_ bytes: [UInt8], _ read: (inout StateReader) throws(StateDecodingError) -> T) -> String? {
            Self.failure(bytes, read)?.description
        }
        #expect(message([]) { (r: inout StateReader) throws(StateDecodingError) in try r.readByte() } == "unexpected end of state at byte 0")
        #expect(message([0x80]) { (r: inout StateReader) throws(StateDecodingError) in try r.readVarUInt() } == "unexpected end of state at byte 1")
        #expect(message(Array(repeating: 0xFF, count: 9) + [0x02]) { (r: inout StateReader) throws(StateDecodingError) in
            try r.readVarUInt()
        } == "varint overflows 64 bits at byte 0")
        #expect(message(Array(repeating: 0x80, count: 12)) { (r: inout StateReader) throws(StateDecodingError) in
            try r.readVarUInt()
        } == "varint overflows 64 bits at byte 0")
        #expect(message([2]) { (r: inout StateReader) throws(StateDecodingError) in try r.readBool() } == "invalid boolean byte 2 at byte 0")
        #expect(message([2, 0xC3, 0x28]) { (r: inout StateReader) throws(StateDecodingError) in try r.readString() }
            == "string is not valid UTF-8 at byte 0")
        #expect(message([0xFF, 0xFF, 0x03, 1]) { (r: inout StateReader) throws(StateDecodingError) in try r.readString() }
            == "count 65535 exceeds the 1 byte(s) left at byte 0")
        #expect(message([9]) { (r: inout StateReader) throws(StateDecodingError) in try r.readJSON() } == "invalid JSON value tag 9 at byte 0")
        #expect(message([0, 1]) { (r: inout StateReader) throws(StateDecodingError) in try r.readByte() } == "1 unexpected trailing byte(s) at byte 1")
        #expect(message([0, 0x80, 0x80, 0x80, 0x80, 0x10, 0]) { (r: inout StateReader) throws(StateDecodingError) in
            try r.readEventSource()
        } == "partition out of range at byte 1")
    }

    @Test func absurdJSONNestingIsRefusedNotRecursedInto() {
        // 100k nested one-element arrays: would exhaust the stack if followed.
        let bytes = Array([[UInt8]](repeating: [5, 1], count: 100_000).joined()) + [0]
        let error = Self.failure(bytes) { (r: inout StateReader) throws(StateDecodingError) in try r.readJSON() }
        #expect(error?.message == "JSON nesting exceeds 256")
    }

    @Test func randomBytesNeverCrashTheReader() {
        var random = LCG(seed: 0xDECAF)
        var decoded = 0
        for _ in 0..<5_000 {
            let bytes = (0..<random.next(below: 40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if Self.failure(bytes, { (r: inout StateReader) throws(StateDecodingError) in try r.readEvent() }) == nil { decoded += 1 }
            _ = Self.failure(bytes) { (r: inout StateReader) throws(StateDecodingError) in try r.readJSON() }
        }
        #expect(decoded < 5_000)
    }
}
