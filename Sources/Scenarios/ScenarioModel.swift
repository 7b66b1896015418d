import DaemonConfig
import Operators

/// A parsed scenario file: which config to test, rows for its tables, and the scenarios.
/// Times are already resolved to epoch ms; what depends on the config (its time field and
/// format, its topics and tables) is checked when the file runs.
public struct ScenarioFile: Sendable {
    /// The file as named on the command line (used in every diagnostic).
    public var path: String
    /// The config's path: as written, joined to the scenario file's directory unless absolute.
    public var configPath: String
    var configLocation: ConfigLocation
    /// Input topic the events are attributed to; nil = the config's first input.
    var topic: (name: String, location: ConfigLocation)?
    /// Rows loaded into the config's tables before every scenario.
    var tables: [TableRows]
    /// Rows for the config's `policies.profile_table`, loaded after `tables`.
    var profiles: [ProfileRow]
    public var scenarios: [Scenario]
}

/// Rows for one table, each a JSON object; `key` set when written as `KEY: {row}` (for tables
/// keyed by the Kafka record key rather than a `key_field`).
struct TableRows: Sendable {
    struct Row: Sendable {
        var key: String?
        var value: JSONValue
        var location: ConfigLocation
    }
    var table: String
    var location: ConfigLocation
    var rows: [Row]
}

public struct Scenario: Sendable {
    public var name: String
    public var location: ConfigLocation
    var tables: [TableRows]
    var events: [ScenarioEvent]
    /// Virtual time the run advances to after the events (`advance_to` / `end_at`).
    var advanceToMs: Int64?
    /// Exactly these, in order (`expect_no_actions: true` is the empty list).
    var expectedActions: [ActionExpectation]
    var expectedDeadLetters: [DeadLetterExpectation]
    /// Contact-policy rows and expectations (`ScenarioModel+Policy.swift`).
    var policy = PolicyExpectations()
}

/// One input record: a JSON object (with `at` resolved) or, for malformed-input cases, the
/// raw text of the record.
struct ScenarioEvent: Sendable {
    enum Body: Sendable {
        case object([(key: String, value: JSONValue)])
        case raw(String)
    }
    var body: Body
    /// `at:`, to be written into the config's time field in its format.
    var atMs: Int64?
    var location: ConfigLocation
}

/// What one expected action must match; nil fields match anything. `count` repeats it.
struct ActionExpectation: Sendable {
    var trigger: String?
    var customerID: String?
    var channel: String?
    var message: String?
    var messageContains: String?
    var eventTimeMs: Int64?
    var count = 1
    var location: ConfigLocation
}

/// What one expected dead letter must match; `event` is the 1-based position in `events`.
struct DeadLetterExpectation: Sendable {
    var reason: String?
    var event: Int?
    var detailContains: String?
    var count = 1
    var location: ConfigLocation
}
