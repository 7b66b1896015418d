import Testing
@testable import DaemonConfig

/// Plain scalars are typed by the YAML 1.2 core schema, not YAML 1.1 (`yes` is a string).
@Suite struct CoreSchemaTests {
    @Test(arguments: [
        ("", ConfigValue.null), ("~", .null), ("null", .null), ("NULL", .null),
        ("true", .bool(true)), ("False", .bool(false)), ("TRUE", .bool(true)),
        ("0", .int(0)), ("-17", .int(-17)), ("+5", .int(5)), ("0x1F", .int(31)), ("0o17", .int(15)),
        ("007", .int(7)), ("9223372036854775807", .int(.max)),
        ("1.5", .double(1.5)), ("-.5", .double(-0.5)), ("1e3", .double(1000)), ("2.", .double(2)),
        (".inf", .double(.infinity)), ("-.Inf", .double(-.infinity)), ("99999999999999999999", .double(1e20)),
        ("yes", .string("yes")), ("on", .string("on")), ("0x", .string("0x")), ("0x-1", .string("0x-1")),
        ("1_000", .string("1_000")), ("1.2.3", .string("1.2.3")), ("e5", .string("e5")), ("nULL", .string("nULL")),
        ("127.0.0.1:9092", .string("127.0.0.1:9092")), ("10s", .string("10s")),
    ])
    func plainScalarTyping(text: String, value: ConfigValue) {
        #expect(CoreSchema.value(ofPlain: text) == value)
    }

    @Test func nanIsADouble() {
        guard case .double(let value) = CoreSchema.value(ofPlain: ".nan") else {
            Issue.record("expected a double")
            return
        }
        #expect(value.isNaN)
    }
}
