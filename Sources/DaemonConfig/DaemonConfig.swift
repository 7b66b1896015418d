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
    public var watermark: WatermarkSettings = WatermarkSettings()
    /// Tables materialised from compacted topics, for stream–table joins.
    public var tables: [TableSettings] = []
    /// `policies:` — contact policies applied to every action; nil when the section is absent
    /// (actions are emitted exactly as the pipelines produce them).
    public var policies: PolicySettings?
    /// `identity:` — identity stitching (a login links a device to a customer); nil when absent.
    public var identity: IdentitySettings?
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
    /// `fields:` — the event fields (dotted paths) this input's events carry, declared so that
    /// `validate` can reject a template naming any other; `key_field` and `time_field` count as
    /// declared. Nil: not declared, nothing checked (configs from before the check stay valid).
    public var fields: [String]?
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
    /// Right to be forgotten: an input event matching all of these (e.g. `type: erase_request`)
    /// deletes every state entry held for its key; empty means no erase events.
    public var erase: [PredicateSettings]
    /// Keys kept in memory per store and task; the rest stay in the task's SQLite file and are
    /// loaded when an event or a due timer needs them.
    public var cacheMaxKeys: Int
    public init(dir: String, erase: [PredicateSettings] = [], cacheMaxKeys: Int = 100_000) {
        self.dir = dir; self.erase = erase; self.cacheMaxKeys = cacheMaxKeys
    }
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
        /// Field-to-field comparisons: the operand names another field of the same event.
        case equalsField = "equals_field", gtField = "gt_field", gteField = "gte_field"
        case ltField = "lt_field", lteField = "lte_field"
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
    /// One locale's template of a per-locale `message:` mapping.
    public struct LocalizedMessage: Sendable, Equatable {
        /// The locale as written (a BCP 47 tag such as `ko-KR`).
        public var locale: String
        public var template: String
        /// Where the template text stands, for template errors.
        public var location: ConfigLocation
        public init(locale: String, template: String, location: ConfigLocation) {
            self.locale = locale; self.template = template; self.location = location
        }
    }

    /// Channel name (`sms`, `email`, `push`, ...). A Mustache template, usually a constant.
    public var channel: String
    public var channelLocation: ConfigLocation
    /// Mustache template rendered with the event's fields; for a per-locale message, the default
    /// locale's template (so code that knows nothing of locales still sees a sensible message).
    public var message: String
    public var messageLocation: ConfigLocation
    /// Field naming the customer; nil means the event key.
    public var customerField: String?
    /// `message:` written as a mapping of locale → template, in file order; empty for one
    /// template for all.
    public var localizedMessages: [LocalizedMessage] = []
    /// `default_locale:` (as listed in `message:`), or the first listed; nil for one template.
    public var defaultLocale: String?
    /// `locale_field:` — event field naming the customer's locale; only with per-locale messages.
    public var localeField: String?
    public var localeFieldLocation: ConfigLocation?

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
        /// Windowed aggregation per key; emits when a window closes (and optionally early).
        case window
        /// `start` then `then` within `within`.
        case followedBy = "followed_by"
        /// `start` NOT followed by `then` within `within` (or by the deadline in `deadline_field`).
        case absence
        /// At least `count` events matching `start` within `within`.
        case threshold
        /// No event matching `start` for `within` after the last one.
        case inactivity
        /// A numeric/time field moved by at least `min_change` from its baseline.
        case change
        /// One firing per key → one action per member of the key's roster (`FanOutSettings`).
        case fanOut = "fan_out"
        /// A key's deadline is near and it has been quiet for a while (`LapseSettings`).
        case lapse
    }
    public var name: String
    public var kind: Kind
    /// Trigger name written into each action; defaults to `name`.
    public var trigger: String
    /// Input topics this pipeline reads; empty means every input.
    public var inputs: [String]
    /// `where:` — applied before the pipeline's own logic (for every kind).
    public var predicates: [PredicateSettings]
    public var action: ActionSettings
    /// Settings of the pattern kinds (followed_by, absence, threshold, inactivity, change).
    public var pattern: PatternSettings?
    /// Settings of `kind: window`.
    public var window: WindowSettings?
    /// Settings of `kind: fan_out`.
    public var fanOut: FanOutSettings?
    /// Settings of `kind: lapse`.
    public var lapse: LapseSettings?
    /// `join:` — tables looked up for each event before the pipeline's logic (left joins unless required).
    public var joins: [JoinSettings] = []
    /// `rekey_by:` — re-key events by this field through an internal repartition topic before the
    /// pipeline sees them (so all events of the new key meet in one instance).
    public var rekeyBy: String?
    /// `category:` — transactional (default) or marketing; used only by `policies:`.
    public var category: Category = .transactional
    /// `distinct_by` / `distinct_within` of `kind: filter`; nil without `distinct_by`.
    public var distinct: DistinctSettings?
    public var location: ConfigLocation

    public init(name: String, kind: Kind, trigger: String, inputs: [String], predicates: [PredicateSettings],
                action: ActionSettings, pattern: PatternSettings? = nil, window: WindowSettings? = nil,
                location: ConfigLocation) {
        self.name = name; self.kind = kind; self.trigger = trigger; self.inputs = inputs
        self.predicates = predicates; self.action = action; self.pattern = pattern; self.window = window
        self.location = location
    }
}

/// A filter's deduplication (`distinct_by`, `distinct_within`): per key, an event whose id was
/// already acted on within the period (event time, from the first occurrence) is dropped.
public struct DistinctSettings: Sendable, Equatable {
    /// `distinct_within` when absent: long enough for producer retries and same-day replays.
    public static let defaultWithinMs: Int64 = 86_400_000
    /// `distinct_by`: the field identifying a record across re-sends (e.g. `order_id`).
    public var field: String
    /// `distinct_within`, in milliseconds.
    public var withinMs: Int64
    public init(field: String, withinMs: Int64 = DistinctSettings.defaultWithinMs) {
        self.field = field; self.withinMs = withinMs
    }
}

/// Event-time settings: how far out of order events may arrive and when a quiet partition stops
/// holding the watermark back.
public struct WatermarkSettings: Sendable, Equatable {
    /// Watermark = max event time seen − this bound.
    public var maxOutOfOrdernessMs: Int64
    /// A partition with no events for this long no longer holds the watermark back; when every
    /// partition is idle the watermark follows the wall clock (minus the bound).
    public var idleTimeoutMs: Int64
    public init(maxOutOfOrdernessMs: Int64 = 5_000, idleTimeoutMs: Int64 = 30_000) {
        self.maxOutOfOrdernessMs = maxOutOfOrdernessMs; self.idleTimeoutMs = idleTimeoutMs
    }
}

/// The pattern kinds' settings (YAML keys in parentheses).
public struct PatternSettings: Sendable, Equatable {
    /// The initiating event A (`start`); for threshold/inactivity the counted/watched event.
    public var start: [PredicateSettings]
    /// The completing event B (`then`), for followed_by and absence.
    public var then: [PredicateSettings]
    /// Exit criteria (`cancel`): an event that cancels a pending match for the key.
    public var cancel: [PredicateSettings]
    /// `within`: the pattern's time horizon (followed_by, absence, threshold, inactivity).
    public var withinMs: Int64?
    /// `deadline_field` (absence): A's field holding the deadline (epoch ms or RFC 3339),
    /// instead of a fixed `within`.
    public var deadlineField: String?
    /// `count` (threshold): how many events within `within`.
    public var count: Int?
    /// `field` (change): the watched numeric or time value.
    public var field: String?
    /// `baseline_field` (change): the value to compare against; absent means the key's first value.
    public var baselineField: String?
    /// `min_change` (change): the smallest move that fires; durations (e.g. 15m) compare as ms.
    public var minChange: Double?
    /// `cooldown`: re-entry rule, the minimum time before the same key may fire again.
    public var cooldownMs: Int64?
    /// `distinct_by` (threshold): count distinct values of this field, not events.
    public var distinctBy: String?
    /// `same` (followed_by): B matches only a pending A with equal values of these fields.
    public var same: [String] = []
    public var location: ConfigLocation

    public init(start: [PredicateSettings] = [], then: [PredicateSettings] = [], cancel: [PredicateSettings] = [],
                withinMs: Int64? = nil, deadlineField: String? = nil, count: Int? = nil, field: String? = nil,
                baselineField: String? = nil, minChange: Double? = nil, cooldownMs: Int64? = nil,
                distinctBy: String? = nil, location: ConfigLocation) {
        self.start = start; self.then = then; self.cancel = cancel; self.withinMs = withinMs
        self.deadlineField = deadlineField; self.count = count; self.field = field
        self.baselineField = baselineField; self.minChange = minChange; self.cooldownMs = cooldownMs
        self.distinctBy = distinctBy; self.location = location
    }
}

/// `kind: window` settings.
public struct WindowSettings: Sendable, Equatable {
    public enum WindowType: String, Sendable, Equatable, CaseIterable { case tumbling, hopping, session }
    public enum Function: String, Sendable, Equatable, CaseIterable {
        case count, sum, min, max, distinctCount = "distinct_count", last
    }
    /// One named aggregate, e.g. `total: {sum: amount}`; `count` needs no field.
    public struct Aggregate: Sendable, Equatable {
        public var name: String
        public var function: Function
        public var field: String?
        public var location: ConfigLocation
        public init(name: String, function: Function, field: String?, location: ConfigLocation) {
            self.name = name; self.function = function; self.field = field; self.location = location
        }
    }
    public var type: WindowType
    /// `size` (tumbling, hopping).
    public var sizeMs: Int64?
    /// `advance` (hopping).
    public var advanceMs: Int64?
    /// `gap` (session).
    public var gapMs: Int64?
    /// `grace`: how long after the window end late events are still accepted (default 0).
    public var graceMs: Int64
    /// `group_by`: field to key windows by; absent means the event key.
    public var groupBy: String?
    public var aggregates: [Aggregate]
    /// `early_every`: also emit running results at this processing-time interval.
    public var earlyEveryMs: Int64?
    /// `having`: predicates on the aggregate results (by aggregate name) that must hold to emit.
    public var having: [PredicateSettings]
    public var location: ConfigLocation

    public init(type: WindowType, sizeMs: Int64? = nil, advanceMs: Int64? = nil, gapMs: Int64? = nil,
                graceMs: Int64 = 0, groupBy: String? = nil, aggregates: [Aggregate], earlyEveryMs: Int64? = nil,
                having: [PredicateSettings] = [], location: ConfigLocation) {
        self.type = type; self.sizeMs = sizeMs; self.advanceMs = advanceMs; self.gapMs = gapMs
        self.graceMs = graceMs; self.groupBy = groupBy; self.aggregates = aggregates
        self.earlyEveryMs = earlyEveryMs; self.having = having; self.location = location
    }
}
