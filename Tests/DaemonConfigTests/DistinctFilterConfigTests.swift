import Testing
@testable import DaemonConfig

@Suite("filter distinct_by / distinct_within")
struct DistinctFilterConfigTests {
    @Test func readsDistinctByAndWithin() throws {
        let config = try #require(parseValid(pipeline("kind: filter\ndistinct_by: order.id\ndistinct_within: 7d")))
        #expect(config.pipelines[0].distinct == DistinctSettings(field: "order.id", withinMs: 7 * 86_400_000))
    }

    @Test func withinDefaultsToOneDay() throws {
        let config = try #require(parseValid(pipeline("distinct_by: order_id")))
        #expect(config.pipelines[0].distinct == DistinctSettings(field: "order_id", withinMs: 86_400_000))
    }

    @Test func plainFilterHasNoDistinct() throws {
        let config = try #require(parseValid(pipeline("kind: filter")))
        #expect(config.pipelines[0].distinct == nil)
    }

    @Test func withinWithoutDistinctByIsRejectedAtTheKey() {
        #expect(errors(pipeline("kind: filter\ndistinct_within: 7d")) == [
            "test.yaml:15:5: 'distinct_within' needs distinct_by (the field that identifies a record across "
                + "re-sends, e.g. distinct_by: order_id)",
        ])
    }

    @Test func invalidWithinIsReported() {
        #expect(messages(pipeline("distinct_by: order_id\ndistinct_within: soon")) == [
            "invalid duration 'soon' for pipelines[0].distinct_within (expected e.g. 500ms, 10s, 5m, 1h, 7d)",
        ])
        #expect(messages(pipeline("distinct_by: order_id\ndistinct_within: 0s")) == [
            "pipelines[0].distinct_within must be greater than zero, got '0s'",
        ])
    }

    @Test func distinctWithinDoesNotApplyToThreshold() {
        let yaml = pipeline("""
            kind: threshold
            start: [{field: type, equals: a}]
            count: 2
            within: 1h
            distinct_by: order_id
            distinct_within: 7d
            """)
        #expect(messages(yaml) == ["'distinct_within' does not apply to kind threshold (used by kind filter)"])
    }

    @Test func distinctByIsNotAWindowKey() {
        let yaml = pipeline("""
            kind: window
            window: {type: tumbling, size: 1m}
            aggregates: {n: count}
            distinct_by: order_id
            """)
        #expect(messages(yaml) == ["'distinct_by' does not apply to kind window (used by kinds filter, threshold)"])
    }
}
