import Testing
@testable import Engine

private let p0 = StreamPartition(topic: "t", partition: 0)
private let p1 = StreamPartition(topic: "t", partition: 1)

@Suite("WatermarkTracker") struct WatermarkTrackerTests {
    @Test func singlePartitionWatermarkIsMaxMinusBoundAndNeverRegresses() {
        var w = WatermarkTracker(maxOutOfOrdernessMs: 100, idleTimeoutMs: 1_000)
        do { let advanced = w.observe(p0, eventTimeMs: 1_000, nowMs: 0); #expect(advanced) }
        #expect(w.watermarkMs == 900)
        do { let advanced = w.observe(p0, eventTimeMs: 950, nowMs: 1); #expect(!advanced) }  // out of order: no regression
        #expect(w.watermarkMs == 900)
        w.observe(p0, eventTimeMs: 2_000, nowMs: 2)
        #expect(w.watermarkMs == 1_900)
    }

    @Test func slowestActivePartitionHoldsTheWatermark() {
        var w = WatermarkTracker(maxOutOfOrdernessMs: 0, idleTimeoutMs: 1_000)
        w.assign(p0, nowMs: 0); w.assign(p1, nowMs: 0)
        w.observe(p0, eventTimeMs: 5_000, nowMs: 10)
        #expect(w.watermarkMs == .min)  // p1 assigned, silent, not yet idle
        w.observe(p1, eventTimeMs: 3_000, nowMs: 20)
        #expect(w.watermarkMs == 3_000)
    }

    @Test func idlePartitionStopsHoldingBack() {
        var w = WatermarkTracker(maxOutOfOrdernessMs: 0, idleTimeoutMs: 1_000)
        w.observe(p1, eventTimeMs: 3_000, nowMs: 0)
        w.observe(p0, eventTimeMs: 5_000, nowMs: 500)
        #expect(w.watermarkMs == 3_000)
        do { let advanced = w.recompute(nowMs: 1_000); #expect(advanced) }  // p1 idle for 1,000 ms; p0 still active
        #expect(w.watermarkMs == 5_000)
    }

    @Test func allIdleFollowsWallClockMinusBound() {
        var w = WatermarkTracker(maxOutOfOrdernessMs: 200, idleTimeoutMs: 1_000)
        w.observe(p0, eventTimeMs: 10_000, nowMs: 10_000)
        #expect(w.watermarkMs == 9_800)
        do { let advanced = w.recompute(nowMs: 10_999); #expect(!advanced) }
        do { let advanced = w.recompute(nowMs: 11_000); #expect(advanced) }
        #expect(w.watermarkMs == 10_800)
        w.recompute(nowMs: 3 * 3_600_000)
        #expect(w.watermarkMs == 3 * 3_600_000 - 200)
    }

    @Test func replayModeNeverAdvancesWithoutEvents() {
        var w = WatermarkTracker(maxOutOfOrdernessMs: 0, idleTimeoutMs: 1, idleness: false)
        w.observe(p0, eventTimeMs: 100, nowMs: 0)
        do { let advanced = w.recompute(nowMs: 1_000_000); #expect(!advanced) }
        #expect(w.watermarkMs == 100)
    }

    @Test func revokedPartitionNoLongerHoldsBack() {
        var w = WatermarkTracker(maxOutOfOrdernessMs: 0, idleTimeoutMs: 10_000)
        w.observe(p0, eventTimeMs: 100, nowMs: 0)
        w.observe(p1, eventTimeMs: 900, nowMs: 0)
        #expect(w.watermarkMs == 100)
        w.revoke(p0)
        do { let advanced = w.recompute(nowMs: 1); #expect(advanced) }
        #expect(w.watermarkMs == 900)
    }
}
