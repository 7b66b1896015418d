import DaemonConfig
import Operators

/// Turns scenario events into the JSON records the config's input expects: `at:` becomes the
/// input's time field in its format (epoch ms, epoch s or RFC 3339).
struct EventEncoder {
    let keyField: [String]
    let timeField: [String]
    let format: TimeFormat
    let maxOutOfOrdernessMs: Int64

    /// The event type and key of the clock record (see ``clockRecord(watermarkMs:)``).
    static let clockType = "__advance__"
    static let clockKey = "__clock__"

    /// nil (with the reason) when the input cannot be fed from a file: replay has neither
    /// record keys nor Kafka timestamps, so the key and the time must be event fields.
    init(input: InputSettings, maxOutOfOrdernessMs: Int64) throws(ConfigDiagnostic) {
        guard let key = input.keyField else {
            throw ConfigDiagnostic(input.location, "input '\(input.topic)' takes its key from the Kafka record key; "
                + "scenarios (like replay) need a key_field")
        }
        guard let time = input.timeField, input.timeFormat != .kafkaTimestamp else {
            throw ConfigDiagnostic(input.location, "input '\(input.topic)' uses the Kafka timestamp as event time; "
                + "scenarios (like replay) need a time_field")
        }
        keyField = FieldPath(key).components
        timeField = FieldPath(time).components
        format = input.timeFormat
        self.maxOutOfOrdernessMs = maxOutOfOrdernessMs
    }

    /// The record for one event.
    func record(_ event: ScenarioEvent) throws(ConfigDiagnostic) -> [UInt8] {
        switch event.body {
        case .raw(let text):
            return Array(text.utf8)
        case .object(let fields):
            var object = JSONObject(fields)
            if let at = event.atMs {
                if object.value(at: FieldPath(components: timeField)) != nil {
                    throw ConfigDiagnostic(event.location, "event gives both 'at' and the time field '\(timeField.joined(separator: "."))'; give one")
                }
                Self.set(timeField[...], to: timeValue(at), in: &object)
            }
            return JSONValue.object(object).encoded()
        }
    }

    /// A record that only moves event time: the watermark reaches `watermarkMs` once it is read.
    ///
    /// Replay's clock is the watermark, which moves only with events, so a scenario that wants
    /// a timer to fire (an abandoned cart 30 minutes on) appends this record, timed
    /// `max_out_of_orderness` after the target. Its key `__clock__` keeps it out of every real
    /// key's state and its type `__advance__` out of pipelines filtering on `type`; whatever it
    /// still causes (an action or dead letter attributed to it) is left out of the comparison.
    func clockRecord(watermarkMs: Int64) -> [UInt8] {
        var object = JSONObject([(key: "type", value: .string(Self.clockType))])
        Self.set(keyField[...], to: .string(Self.clockKey), in: &object)
        Self.set(timeField[...], to: timeValue(watermarkMs + maxOutOfOrdernessMs), in: &object)
        return JSONValue.object(object).encoded()
    }

    private func timeValue(_ ms: Int64) -> JSONValue {
        switch format {
        case .epochMillis, .kafkaTimestamp: .number(Double(ms))
        case .epochSeconds: .number(Double(ms) / 1000)
        case .rfc3339: .string(UTCTime.format(ms))
        }
    }

    /// Sets a dotted path, creating (or replacing non-object) intermediate objects.
    static func set(_ path: ArraySlice<String>, to value: JSONValue, in object: inout JSONObject) {
        guard let first = path.first else { return }
        let index = object.fields.lastIndex { $0.key == first }
        var newValue = value
        if path.count > 1 {
            var child = JSONObject([])
            if let index, case .object(let existing) = object.fields[index].value { child = existing }
            set(path.dropFirst(), to: value, in: &child)
            newValue = .object(child)
        }
        if let index { object.fields[index].value = newValue } else { object.fields.append((key: first, value: newValue)) }
    }
}
