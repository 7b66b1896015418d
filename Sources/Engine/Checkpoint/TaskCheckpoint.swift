import Operators

/// What a task's state reflects, committed atomically with that state: which input it has
/// consumed, how far its event time got, and where to look for outputs it may already have sent.
///
/// Written to the task's SQLite file (in the same transaction as the state rows) and, as the
/// marker that closes a batch of state changes, to every changelog partition of the task, so an
/// instance without the file can restore the same consistent cut (see ``ChangelogBatcher``).
public struct TaskCheckpoint: Sendable, Equatable {
    /// Increases by one per checkpoint of the task; a changelog batch is committed by its marker.
    public var id: UInt64
    /// Next offset to process, per input topic-partition of the task.
    public var offsets: [StreamPartition: Int64]
    /// The task's watermark: it never goes back, also across restarts.
    public var watermarkMs: Int64
    /// Repartition tasks: per upstream input partition, the highest source offset applied. A
    /// re-keyed record at or below it is a copy re-sent by an upstream task replaying its tail
    /// after a crash, and is skipped (this is what makes re-keying exactly-once).
    public var upstream: [StreamPartition: Int64]
    /// Actions topic partition → an offset at or below every action produced after this
    /// checkpoint. A restore scans the output from here for action ids already sent, so
    /// re-processing the tail after a crash does not send them twice.
    public var outputFloor: [Int32: Int64]

    public init(id: UInt64 = 0, offsets: [StreamPartition: Int64] = [:], watermarkMs: Int64 = .min,
                upstream: [StreamPartition: Int64] = [:], outputFloor: [Int32: Int64] = [:]) {
        self.id = id
        self.offsets = offsets
        self.watermarkMs = watermarkMs
        self.upstream = upstream
        self.outputFloor = outputFloor
    }

    /// Compact JSON (readable with `kcat` when debugging a restore), keys in a fixed order.
    public func encoded() -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 128)
        w.raw("{\"v\":1,\"id\":"); w.writeInt(Int64(truncatingIfNeeded: id))
        w.raw(",\"watermark\":")
        if watermarkMs == .min { w.writeNull() } else { w.writeInt(watermarkMs) }
        w.raw(",\"offsets\":"); Self.write(offsets, &w)
        w.raw(",\"upstream\":"); Self.write(upstream, &w)
        w.raw(",\"outputs\":[")
        for (i, (p, o)) in outputFloor.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("["); w.writeInt(Int64(p)); w.raw(","); w.writeInt(o); w.raw("]")
        }
        w.raw("]}")
        return w.bytes
    }

    private static func write(_ positions: [StreamPartition: Int64], _ w: inout JSONWriter) {
        w.raw("[")
        for (i, (p, o)) in positions.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("["); w.writeString(p.topic); w.raw(","); w.writeInt(Int64(p.partition)); w.raw(","); w.writeInt(o); w.raw("]")
        }
        w.raw("]")
    }

    public init(decoding bytes: [UInt8]) throws(CheckpointError) {
        let value: JSONValue
        do { value = try JSONReader.parse(bytes) } catch { throw CheckpointError("checkpoint is not JSON: \(error)") }
        guard case .object(let o) = value, case .number(1)? = o["v"] else {
            throw CheckpointError("checkpoint has an unknown format (expected {\"v\":1,…})")
        }
        guard case .number(let id)? = o["id"], id >= 0 else { throw CheckpointError("checkpoint has no id") }
        self.id = UInt64(id)
        if case .number(let w)? = o["watermark"] { watermarkMs = Int64(w) } else { watermarkMs = .min }
        offsets = try Self.positions(o["offsets"], "offsets")
        upstream = try Self.positions(o["upstream"], "upstream")
        outputFloor = [:]
        if case .array(let list)? = o["outputs"] {
            for entry in list {
                guard case .array(let pair) = entry, pair.count == 2, case .number(let p) = pair[0], case .number(let off) = pair[1] else {
                    throw CheckpointError("checkpoint outputs entry \(entry) is not [partition, offset]")
                }
                outputFloor[Int32(p)] = Int64(off)
            }
        }
    }

    private static func positions(_ value: JSONValue?, _ name: String) throws(CheckpointError) -> [StreamPartition: Int64] {
        guard case .array(let list)? = value else { return [:] }
        var result: [StreamPartition: Int64] = [:]
        for entry in list {
            guard case .array(let t) = entry, t.count == 3, case .string(let topic) = t[0], case .number(let p) = t[1],
                  case .number(let off) = t[2] else {
                throw CheckpointError("checkpoint \(name) entry \(entry) is not [topic, partition, offset]")
            }
            result[StreamPartition(topic: topic, partition: Int32(p))] = Int64(off)
        }
        return result
    }
}

/// A checkpoint that cannot be read (corrupt file or record, or written by a newer version).
public struct CheckpointError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
