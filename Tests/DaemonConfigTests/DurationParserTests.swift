import Testing
@testable import DaemonConfig

@Suite struct DurationParserTests {
    @Test(arguments: [
        ("500ms", 500 as Int64),
        ("10s", 10_000),
        ("5m", 300_000),
        ("1h", 3_600_000),
        ("7d", 604_800_000),
        ("1h30m", 5_400_000),
        ("1m30s250ms", 90_250),
        ("0s", 0),
        ("90s", 90_000),
    ])
    func validDurations(text: String, milliseconds: Int64) {
        #expect(DurationParser.milliseconds(text) == milliseconds)
    }

    @Test(arguments: [
        "30 mins", "", "10", "-5s", "+5s", "5", "s", "1.5s", "5sec", "5 s", " 5s", "5s ", "1h30", "5M", "5us",
        "99999999999999999999s", "106751991168d",
    ])
    func invalidDurations(text: String) {
        #expect(DurationParser.milliseconds(text) == nil)
    }

    @Test(arguments: [
        ("1048576", 1_048_576), ("512B", 512), ("64KiB", 65_536), ("1MiB", 1_048_576), ("2GiB", 2_147_483_648),
    ])
    func validSizes(text: String, bytes: Int) {
        #expect(ByteSizeParser.bytes(text) == bytes)
    }

    @Test(arguments: ["", "MiB", "1MB", "1 MiB", "1mib", "-1KiB", "1.5MiB", "99999999999999999999GiB"])
    func invalidSizes(text: String) {
        #expect(ByteSizeParser.bytes(text) == nil)
    }
}
