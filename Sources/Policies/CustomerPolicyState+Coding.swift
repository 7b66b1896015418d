import Operators

/// The stored layout of a ``CustomerPolicyState``, written with `Operators`' `StateWriter`
/// (same varint/string/array conventions as the operators' checkpoints, so the engine's store
/// and changelog treat it like any other key's state).
///
/// Layout, version 1: version byte `1`; kind byte `0x50` (`P`, disjoint from the operator kinds
/// 1–6, so a value restored into the wrong store is refused); sends as a count and zig-zag
/// deltas from the previous time (the first from 0) — a week of history is a few bytes per
/// send; deferred actions (action without its customer ID, which is the key; category;
/// context; deferral and release times); exposures. Version 2 appends the deferred action's
/// locale; version 3 appends the consent events (channel, time, granted).
enum PolicyStateFormat {
    /// 2 added the deferred action's message locale, 3 the consent events (versions 1 and 2
    /// are still read: they have none).
    static let version: UInt8 = 3
    static let kind: UInt8 = 0x50
}

extension CustomerPolicyState {
    func encode(into writer: inout StateWriter) {
        writer.writeByte(PolicyStateFormat.version)
        writer.writeByte(PolicyStateFormat.kind)
        writer.writeCount(sends.count)
        var previous: Int64 = 0
        for send in sends {
            writer.writeVarInt(send &- previous)
            previous = send
        }
        writer.writeArray(deferred) { $0.writeDeferred($1) }
        writer.writeArray(exposures) { $0.writeExposure($1) }
        writer.writeArray(consent) { writer, item in
            writer.writeString(item.channel)
            writer.writeVarInt(item.atMs)
            writer.writeBool(item.granted)
        }
    }

    init(decoding bytes: [UInt8], customerID: String) throws(StateDecodingError) {
        var reader = StateReader(bytes)
        let versionOffset = reader.offset
        let version = try reader.readByte()
        guard (1...PolicyStateFormat.version).contains(version) else {
            throw StateDecodingError(offset: versionOffset,
                                     message: "unknown contact policy state version \(version) (this build reads \(PolicyStateFormat.version))")
        }
        let kindOffset = reader.offset
        let kind = try reader.readByte()
        guard kind == PolicyStateFormat.kind else {
            throw StateDecodingError(offset: kindOffset, message: "state kind \(kind) is not contact policy state (\(PolicyStateFormat.kind))")
        }
        let count = try reader.readCount()
        var sends: [Int64] = []
        sends.reserveCapacity(count)
        var previous: Int64 = 0
        for _ in 0..<count {
            previous = previous &+ (try reader.readVarInt())
            sends.append(previous)
        }
        self.sends = sends
        self.deferred = try reader.readArray { (reader: inout StateReader) throws(StateDecodingError) in
            try reader.readDeferred(customerID: customerID, withLocale: version >= 2)
        }
        self.exposures = try reader.readArray { (reader: inout StateReader) throws(StateDecodingError) in
            try reader.readExposure()
        }
        if version >= 3 {
            self.consent = try reader.readArray { (reader: inout StateReader) throws(StateDecodingError) in
                ConsentOverride(channel: try reader.readString(), atMs: try reader.readVarInt(), granted: try reader.readBool())
            }
        }
        try reader.finish()
    }
}

extension StateWriter {
    fileprivate mutating func writeDeferred(_ item: DeferredAction) {
        let action = item.action
        writeString(action.actionID)
        writeString(action.trigger)
        writeString(action.channel)
        writeString(action.message)
        writeVarInt(action.eventTimeMs)
        writeVarInt(action.emittedAtMs)
        writeEventSource(action.cause)
        writeByte(item.category == .marketing ? 1 : 0)
        writeContext(item.context)
        writeVarInt(item.deferredAtMs)
        writeVarInt(item.untilMs)
        writeOptional(action.locale) { $0.writeString($1) }
    }

    /// Consent entries sorted by channel, so equal contexts always encode to equal bytes.
    fileprivate mutating func writeContext(_ context: CustomerContext) {
        writeOptional(context.timeZoneIdentifier) { $0.writeString($1) }
        writeArray(context.consent.sorted { $0.key < $1.key }) { writer, entry in
            writer.writeString(entry.key)
            writer.writeByte(entry.value.rawValue)
        }
        writeBool(context.doNotContact)
        writeOptional(context.locale) { $0.writeString($1) }
    }

    fileprivate mutating func writeExposure(_ exposure: Exposure) {
        writeString(exposure.actionID)
        writeString(exposure.trigger)
        writeString(exposure.channel)
        writeVarInt(exposure.atMs)
        writeByte(exposure.group.rawValue)
    }
}

extension StateReader {
    fileprivate mutating func readDeferred(customerID: String, withLocale: Bool) throws(StateDecodingError) -> DeferredAction {
        var action = Action(actionID: try readString(), trigger: try readString(), customerID: customerID,
                            channel: try readString(), message: try readString(), eventTimeMs: try readVarInt(),
                            emittedAtMs: try readVarInt(), cause: try readEventSource())
        let categoryOffset = offset
        let category: ActionCategory
        switch try readByte() {
        case 0: category = .transactional
        case 1: category = .marketing
        case let byte: throw StateDecodingError(offset: categoryOffset, message: "invalid action category \(byte)")
        }
        let context = try readContext()
        let deferredAtMs = try readVarInt()
        let untilMs = try readVarInt()
        if withLocale {
            action.locale = try readOptional { (reader: inout StateReader) throws(StateDecodingError) in try reader.readString() }
        }
        return DeferredAction(action: action, category: category, context: context, deferredAtMs: deferredAtMs, untilMs: untilMs)
    }

    fileprivate mutating func readContext() throws(StateDecodingError) -> CustomerContext {
        let zone = try readOptional { (reader: inout StateReader) throws(StateDecodingError) in try reader.readString() }
        let entries = try readArray { (reader: inout StateReader) throws(StateDecodingError) in
            (channel: try reader.readString(), status: try reader.readConsent())
        }
        var consent: [String: ConsentStatus] = [:]
        for entry in entries { consent[entry.channel] = entry.status }
        let doNotContact = try readBool()
        let locale = try readOptional { (reader: inout StateReader) throws(StateDecodingError) in try reader.readString() }
        return CustomerContext(timeZoneIdentifier: zone, consent: consent, doNotContact: doNotContact, locale: locale)
    }

    fileprivate mutating func readConsent() throws(StateDecodingError) -> ConsentStatus {
        let start = offset
        let raw = try readByte()
        guard let status = ConsentStatus(rawValue: raw) else {
            throw StateDecodingError(offset: start, message: "invalid consent status \(raw)")
        }
        return status
    }

    fileprivate mutating func readExposure() throws(StateDecodingError) -> Exposure {
        let actionID = try readString(), trigger = try readString(), channel = try readString()
        let atMs = try readVarInt()
        let groupOffset = offset
        let raw = try readByte()
        guard let group = AttributionGroup(rawValue: raw) else {
            throw StateDecodingError(offset: groupOffset, message: "invalid attribution group \(raw)")
        }
        return Exposure(actionID: actionID, trigger: trigger, channel: channel, atMs: atMs, group: group)
    }
}
