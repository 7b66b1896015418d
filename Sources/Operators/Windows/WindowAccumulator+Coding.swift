/// How one aggregate's running state is checkpointed: a tag naming the function, then just
/// what ``WindowAccumulator`` holds for it. Field paths are not stored — they come from the
/// configuration — but the tag is, so state written for different aggregates is refused
/// rather than misread.
extension WindowAccumulator {
    enum Tag: UInt8, CustomStringConvertible {
        case count = 0, sum = 1, min = 2, max = 3, distinct = 4, last = 5

        init(_ aggregation: Aggregation) {
            switch aggregation {
            case .count: self = .count
            case .sum: self = .sum
            case .min: self = .min
            case .max: self = .max
            case .distinctCount: self = .distinct
            case .last: self = .last
            }
        }

        var description: String {
            switch self {
            case .count: "count"
            case .sum: "sum"
            case .min: "min"
            case .max: "max"
            case .distinct: "distinct_count"
            case .last: "last"
            }
        }
    }

    func encode(into writer: inout StateWriter) {
        switch self {
        case .count:
            writer.writeByte(Tag.count.rawValue)
        case .sum(_, let sum):
            writer.writeByte(Tag.sum.rawValue)
            writer.writeArray(sum.partials) { $0.writeDouble($1) }
            writer.writeBool(sum.hasValues)
            writer.writeBool(sum.overflowed)
        case .min(_, let value):
            writer.writeByte(Tag.min.rawValue)
            writer.writeOptional(value) { $0.writeDouble($1) }
        case .max(_, let value):
            writer.writeByte(Tag.max.rawValue)
            writer.writeOptional(value) { $0.writeDouble($1) }
        case .distinct(_, let values):
            writer.writeByte(Tag.distinct.rawValue)
            // Sorted: a `Set`'s order varies between processes, a checkpoint's must not.
            writer.writeArray(values.sorted { $0.lexicographicallyPrecedes($1) }) { $0.writeBytes($1) }
        case .last(_, let last):
            writer.writeByte(Tag.last.rawValue)
            writer.writeOptional(last) { writer, last in
                writer.writeJSON(last.value)
                writer.writeVarInt(last.recency.eventTimeMs)
                writer.writeEventSource(last.recency.source)
            }
        }
    }

    /// Reads the state of `aggregation`, the aggregate configured at this position.
    init(decodingFrom reader: inout StateReader, as aggregation: Aggregation) throws(StateDecodingError) {
        let start = reader.offset
        let raw = try reader.readByte()
        let expected = Tag(aggregation)
        guard raw == expected.rawValue else {
            let stored = Tag(rawValue: raw).map { "a \($0)" } ?? "unknown aggregate tag \(raw)"
            throw StateDecodingError(offset: start, message:
                "stored aggregate is \(stored), the configuration has a \(expected) here (aggregates changed?)")
        }
        switch aggregation {
        case .count:
            self = .count
        case .sum(let path):
            let partials = try reader.readArray { (reader: inout StateReader) throws(StateDecodingError) in
                try reader.readDouble()
            }
            let hasValues = try reader.readBool()
            self = .sum(path, WindowExactSum(partials: partials, hasValues: hasValues, overflowed: try reader.readBool()))
        case .min(let path):
            self = .min(path, try reader.readOptional { (reader: inout StateReader) throws(StateDecodingError) in
                try reader.readDouble()
            })
        case .max(let path):
            self = .max(path, try reader.readOptional { (reader: inout StateReader) throws(StateDecodingError) in
                try reader.readDouble()
            })
        case .distinctCount(let path):
            self = .distinct(path, Set(try reader.readArray { (reader: inout StateReader) throws(StateDecodingError) in
                try reader.readBytes()
            }))
        case .last(let path):
            self = .last(path, try reader.readOptional { (reader: inout StateReader) throws(StateDecodingError) in
                let value = try reader.readJSON()
                let eventTimeMs = try reader.readVarInt()
                return (value, WindowRecency(eventTimeMs: eventTimeMs, source: try reader.readEventSource()))
            })
        }
    }
}
