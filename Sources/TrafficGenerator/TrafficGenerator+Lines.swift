/// The common part of every line: type, key, event time; and the damage of malformed records.
extension TrafficGenerator {
    /// Starts a customer event (`type`, `customer_id`, `ts`, `channel`); false, writing nothing,
    /// when `--types` leaves this type out.
    mutating func begin(_ type: EventType, customer: Int32, channel: UInt8, now: Int64, _ mode: Mode) -> Bool {
        guard allowed[Int(type.rawValue)] else { return false }
        writer.raw(EventType.typeFields[Int(type.rawValue)])
        switch mode {
        case .malformed(.missingKey): break
        case .malformed(.keyNotAString): writer.raw(",\"customer_id\":true")
        default: writer.id(",\"customer_id\":\"", "c-", Int64(customer))
        }
        time(now, mode)
        writer.string(",\"channel\":\"", Catalog.channels[Int(channel)])
        return true
    }

    /// Starts a stock event, keyed by SKU (config/restock.yaml), not by customer.
    mutating func beginStock(_ type: EventType, sku: Int16, store: Int16, now: Int64, _ mode: Mode) -> Bool {
        guard allowed[Int(type.rawValue)] else { return false }
        writer.raw(EventType.typeFields[Int(type.rawValue)])
        switch mode {
        case .malformed(.missingKey): break
        case .malformed(.keyNotAString): writer.raw(",\"sku\":true")
        default: writer.string(",\"sku\":\"", Catalog.skus[Int(sku)])
        }
        writer.string(",\"store_id\":\"", Catalog.stores[Int(store)])
        time(now, mode)
        return true
    }

    /// `ts`: arrival time minus a lag within the jitter bound (late events: far beyond it).
    private mutating func time(_ now: Int64, _ mode: Mode) {
        switch mode {
        case .malformed(.missingTime): return
        case .malformed(.timeNotANumber): writer.raw(",\"ts\":\"soon\""); return
        case .late: writer.number(",\"ts\":", now - rng.between(settings.lateDelayMs / 2, settings.lateDelayMs))
        default: writer.number(",\"ts\":", now - (settings.jitterMs > 0 ? rng.between(0, settings.jitterMs) : 0))
        }
    }

    /// Closes the line, damaging it as `mode` says, and counts it.
    mutating func end(_ type: EventType, _ mode: Mode) {
        writer.bytes.append(UInt8(ascii: "}"))
        switch mode {
        case .malformed(.invalidJSON):
            // Cut off before the closing brace: a record truncated in transit.
            writer.bytes.removeLast(max(1, writer.bytes.count / 3))
        case .malformed(.notAnObject):
            writer.bytes.insert(UInt8(ascii: "["), at: 0)
            writer.bytes.append(UInt8(ascii: "]"))
        case .malformed: break
        case .normal, .late: stats.byType[Int(type.rawValue)] += 1
        }
        writer.bytes.append(0x0A)
    }
}
