/// Checkpoint layout of fan_out (``StateFormat/Kind/fanOut``).
///
/// State: members (id, add time, kept fields), the optional delta last announced, the levels
/// sorted by store (so equal states encode equally), the paced queue (due time, member id,
/// rendered event, discriminator) in order, the latest event time and the optional final time.
/// Input: a tag byte (0 add, 1 remove, 2 final, 3 change, 4 level, 5 fire) and its values.
extension FanOutLogic {
    static func writeBudget(_ budget: Double?, into writer: inout StateWriter) {
        writer.writeOptional(budget) { $0.writeDouble($1) }
    }

    static func readBudget(_ reader: inout StateReader) throws(StateDecodingError) -> Double? {
        try reader.readOptional { (reader: inout StateReader) throws(StateDecodingError) in try reader.readDouble() }
    }
}

extension FanOutLogic.Input: StateCodable {
    func encode(into writer: inout StateWriter) {
        switch self {
        case .add(let id, let fields):
            writer.writeByte(0)
            writer.writeString(id)
            writer.writeJSONObject(fields)
        case .remove(let id):
            writer.writeByte(1)
            writer.writeString(id)
        case .final(let budget):
            writer.writeByte(2)
            FanOutLogic.writeBudget(budget, into: &writer)
        case .change(let delta):
            writer.writeByte(3)
            writer.writeDouble(delta)
        case .level(let store, let level, let budget):
            writer.writeByte(4)
            writer.writeString(store)
            writer.writeDouble(level)
            FanOutLogic.writeBudget(budget, into: &writer)
        case .fire(let budget):
            writer.writeByte(5)
            FanOutLogic.writeBudget(budget, into: &writer)
        }
    }

    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        let start = reader.offset
        switch try reader.readByte() {
        case 0: self = .add(id: try reader.readString(), fields: try reader.readJSONObject())
        case 1: self = .remove(id: try reader.readString())
        case 2: self = .final(budget: try FanOutLogic.readBudget(&reader))
        case 3: self = .change(delta: try reader.readDouble())
        case 4:
            let store = try reader.readString()
            let level = try reader.readDouble()
            self = .level(store: store, level: level, budget: try FanOutLogic.readBudget(&reader))
        case 5: self = .fire(budget: try FanOutLogic.readBudget(&reader))
        case let tag: throw StateDecodingError(offset: start, message: "invalid fan_out input tag \(tag)")
        }
    }
}

extension FanOutLogic.State: StateCodable {
    func encode(into writer: inout StateWriter) {
        writer.writeArray(members) { writer, member in
            writer.writeString(member.id)
            writer.writeVarInt(member.addedMs)
            writer.writeJSONObject(member.fields)
        }
        writer.writeOptional(lastAnnounced) { $0.writeDouble($1) }
        writer.writeArray(levels.sorted { $0.key < $1.key }) { writer, entry in
            writer.writeString(entry.key)
            writer.writeDouble(entry.value)
        }
        writer.writeArray(queue) { writer, pending in
            writer.writeVarInt(pending.dueMs)
            writer.writeString(pending.memberID)
            writer.writeEvent(pending.event)
            writer.writeString(pending.discriminator)
        }
        writer.writeVarInt(lastEventMs)
        writer.writeOptional(finishedAtMs) { $0.writeVarInt($1) }
    }

    init(decodingFrom reader: inout StateReader) throws(StateDecodingError) {
        let start = reader.offset
        let members = try reader.readArray { (reader: inout StateReader) throws(StateDecodingError) in
            FanOutLogic.Member(id: try reader.readString(), addedMs: try reader.readVarInt(),
                               fields: try reader.readJSONObject())
        }
        let lastAnnounced = try reader.readOptional { (reader: inout StateReader) throws(StateDecodingError) in
            try reader.readDouble()
        }
        let levelEntries = try reader.readArray { (reader: inout StateReader) throws(StateDecodingError) in
            (key: try reader.readString(), value: try reader.readDouble())
        }
        let queue = try reader.readArray { (reader: inout StateReader) throws(StateDecodingError) in
            FanOutLogic.Pending(dueMs: try reader.readVarInt(), memberID: try reader.readString(),
                                event: try reader.readEvent(), discriminator: try reader.readString())
        }
        let lastEventMs = try reader.readVarInt()
        let finishedAtMs = try reader.readOptional { (reader: inout StateReader) throws(StateDecodingError) in
            try reader.readVarInt()
        }
        var levels: [String: Double] = [:]
        for entry in levelEntries {
            guard levels.updateValue(entry.value, forKey: entry.key) == nil else {
                throw StateDecodingError(offset: start, message: "fan_out state lists store '\(entry.key)' twice")
            }
        }
        self.init(lastEventMs: lastEventMs)
        self.members = members
        self.lastAnnounced = lastAnnounced
        self.levels = levels
        self.queue = queue
        self.finishedAtMs = finishedAtMs
        guard !isIdle else {
            throw StateDecodingError(offset: start, message: "empty fan_out state")
        }
    }
}
