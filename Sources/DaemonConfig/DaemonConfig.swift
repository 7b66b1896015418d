/// The validated, fully interpolated configuration of one daemon instance.
///
/// These are plain values: the config module knows the YAML schema, not the operators.
/// Fields whose *meaning* is checked later (templates, predicates, field names) carry a
/// `ConfigLocation`, so the engine can report its own errors as `file:line:col` too.
public struct DaemonConfig: Sendable, Equatable {
    public var kafka: KafkaSettings
    public var inputs: [InputSettings]
    public var output: OutputSettings
    public var metrics: MetricsSettings
    public var state: StateSettings
    public var runtime: RuntimeSettings
    public var pipelines: [PipelineSettings]
    /// Path of the file this config came from (for diagnostics).
    public var file: String

    public init(kafka: KafkaSettings, inputs: [InputSettings], output: OutputSettings, metrics: MetricsSettings,
                state: StateSettings, runtime: RuntimeSettings, pipelines: [PipelineSettings], file: String) {
        self.kafka = kafka; self.inputs = inputs; self.output = output; self.metrics = metrics
        self.state = state; self.runtime = runtime; self.pipelines = pipelines; self.file = file
    }
}

/// Where a value stood in the config file; 1-based line and column.
public struct ConfigLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) { self.file = file; self.line = line; self.column = column }
    public var description: String { "\(file):\(line):\(column)" }
}

public struct KafkaSettings: Sendable, Equatable {
    /// `bootstrap.servers`.
    public var brokers: String
    /// `group.id`.
    public var groupID: String
    /// librdkafka properties passed through verbatim, in file order (duplicate keys are config errors).
    public var properties: [(key: String, value: String)]
    /// Create input/output/dead-letter topics that do not exist yet.
    public var createTopics: Bool
    public var topicPartitions: Int
    public var replicationFactor: Int

    public init(brokers: String, groupID: String, properties: [(key: String, value: String)] = [],
                createTopics: Bool = true, topicPartitions: Int = 4, replicationFactor: Int = 1) {
        self.brokers = brokers; self.groupID = groupID; self.properties = properties
        self.createTopics = createTopics; self.topicPartitions = topicPartitions; self.replicationFactor = replicationFactor
    }

    public static func == (lhs: KafkaSettings, rhs: KafkaSettings) -> Bool {
        lhs.brokers == rhs.brokers && lhs.groupID == rhs.groupID
            && lhs.properties.map { "\($0.key)=\($0.value)" } == rhs.properties.map { "\($0.key)=\($0.value)" }
            && lhs.createTopics == rhs.createTopics && lhs.topicPartitions == rhs.topicPartitions
            && lhs.replicationFactor == rhs.replicationFactor
    }
}

/// How event time is read from a record.
public enum TimeFormat: String, Sendable, Equatable, CaseIterable {
    case epochMillis = "epoch_ms"
    case epochSeconds = "epoch_s"
    case rfc3339 = "rfc3339"
    /// The Kafka record timestamp; `time_field` must be absent.
    case kafkaTimestamp = "kafka"
}

public struct InputSettings: Sendable, Equatable {
    public var topic: String
    /// JSON field holding the key (dotted path); nil means the Kafka record key.
    public var keyField: String?
    /// JSON field holding the event time (dotted path); nil when `timeFormat == .kafkaTimestamp`.
    public var timeField: String?
    public var timeFormat: TimeFormat
    /// Larger values are dead-lettered with reason `oversized`.
    public var maxValueBytes: Int
    public var location: ConfigLocation

    public init(topic: String, keyField: String?, timeField: String?, timeFormat: TimeFormat,
                maxValueBytes: Int = 1_048_576, location: ConfigLocation) {
        self.topic = topic; self.keyField = keyField; self.timeField = timeField
        self.timeFormat = timeFormat; self.maxValueBytes = maxValueBytes; self.location = location
    }
}

public struct OutputSettings: Sendable, Equatable {
    public var actionsTopic: String
    public var deadLetterTopic: String
    public init(actionsTopic: String, deadLetterTopic: String) {
        self.actionsTopic = actionsTopic; self.deadLetterTopic = deadLetterTopic
    }
}

public struct MetricsSettings: Sendable, Equatable {
    public var intervalMs: Int64
    public init(intervalMs: Int64 = 5_000) { self.intervalMs = intervalMs }
}

public struct StateSettings: Sendable, Equatable {
    public var dir: String
    public init(dir: String) { self.dir = dir }
}

public struct RuntimeSettings: Sendable, Equatable {
    /// Upper bound on a graceful stop (drain, flush, commit, leave group).
    public var shutdownTimeoutMs: Int64
    /// How often processed offsets are committed.
    public var commitIntervalMs: Int64
    /// Outputs awaiting broker acknowledgement before input partitions are paused (backpressure).
    public var maxInFlight: Int

    public init(shutdownTimeoutMs: Int64 = 10_000, commitIntervalMs: Int64 = 1_000, maxInFlight: Int = 100_000) {
        self.shutdownTimeoutMs = shutdownTimeoutMs; self.commitIntervalMs = commitIntervalMs; self.maxInFlight = maxInFlight
    }
}

/// A comparison on one event field, as written in a pipeline's `where:` list.
public struct PredicateSettings: Sendable, Equatable {
    public enum Op: String, Sendable, Equatable, CaseIterable {
        case equals, notEquals = "not_equals", `in`, notIn = "not_in", exists
        case gt, gte, lt, lte, contains
    }
    /// Dotted field path, e.g. `order.total`.
    public var field: String
    public var op: Op
    /// The operand as written in YAML: a scalar, a list of scalars (`in`, `not_in`) or a bool (`exists`).
    public var operand: ConfigValue
    public var location: ConfigLocation

    public init(field: String, op: Op, operand: ConfigValue, location: ConfigLocation) {
        self.field = field; self.op = op; self.operand = operand; self.location = location
    }
}

/// A YAML scalar or list, typed the way YAML 1.2 core schema resolves plain scalars.
public enum ConfigValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null
    case list([ConfigValue])
}

public struct ActionSettings: Sendable, Equatable {
    /// Channel name (`sms`, `email`, `push`, ...). A Mustache template, usually a constant.
    public var channel: String
    public var channelLocation: ConfigLocation
    /// Mustache template rendered with the event's fields.
    public var message: String
    public var messageLocation: ConfigLocation
    /// Field naming the customer; nil means the event key.
    public var customerField: String?

    public init(channel: String, channelLocation: ConfigLocation, message: String, messageLocation: ConfigLocation,
                customerField: String? = nil) {
        self.channel = channel; self.channelLocation = channelLocation; self.message = message
        self.messageLocation = messageLocation; self.customerField = customerField
    }
}

public struct PipelineSettings: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Emit one action for every event matching all predicates.
        case filter
    }
    public var name: String
    public var kind: Kind
    /// Trigger name written into each action; defaults to `name`.
    public var trigger: String
    /// Input topics this pipeline reads; empty means every input.
    public var inputs: [String]
    public var predicates: [PredicateSettings]
    public var action: ActionSettings
    public var location: ConfigLocation

    public init(name: String, kind: Kind, trigger: String, inputs: [String], predicates: [PredicateSettings],
                action: ActionSettings, location: ConfigLocation) {
        self.name = name; self.kind = kind; self.trigger = trigger; self.inputs = inputs
        self.predicates = predicates; self.action = action; self.location = location
    }
}
