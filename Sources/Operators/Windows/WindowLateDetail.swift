/// Dead-letter details for late events. They name the window bounds, watermark and grace in
/// epoch ms because whoever investigates a `late` dead letter needs to tell a producer lag
/// problem (watermark far ahead) from a too-small grace period (just past the bound).
enum WindowLateDetail {
    static func fixed(eventTimeMs: Int64, windowCount: Int, latest: WindowBounds,
                      watermarkMs: Int64, graceMs: Int64) -> String {
        let windows = windowCount == 1
            ? "window \(latest) closed"
            : "all \(windowCount) windows containing it closed, the latest \(latest)"
        return "event time \(eventTimeMs) is late: \(windows) at watermark \(watermarkMs) (grace \(graceMs) ms)"
    }

    static func session(_ own: WindowBounds, gapMs: Int64, watermarkMs: Int64, graceMs: Int64) -> String {
        "event time \(own.start) is late: its session window \(own) (gap \(gapMs) ms) closed"
            + " at watermark \(watermarkMs) (grace \(graceMs) ms)"
    }
}
