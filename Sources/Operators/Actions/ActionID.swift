/// Deterministic action IDs: 32 lowercase hex characters derived from
/// (trigger, key, topic, partition, offset).
///
/// Why deterministic: after a crash the daemon re-processes records since the last commit
/// and re-emits their actions; identical IDs let downstream services drop the duplicates.
/// So the ID must be the same across processes, runs, machines and Swift versions, which
/// rules out Swift's `Hasher` (randomly seeded per process).
///
/// Construction (version 1 — changing any of this changes every ID, so don't):
/// - each component is serialised with an unambiguous, length-prefixed encoding: strings as
///   a little-endian UInt64 byte count followed by their UTF-8 bytes, the partition as a
///   little-endian UInt32, the offset as a little-endian UInt64; so ("ab","c") and ("a","bc")
///   encode differently;
/// - the bytes feed two independent 64-bit FNV-1a-style lanes (different offset bases and
///   multipliers);
/// - each lane goes through the MurmurHash3 `fmix64` finalizer for full avalanche, and the
///   two 64-bit results are printed as 16 zero-padded lowercase hex digits each.
///
/// This is not a cryptographic hash; it only has to make accidental collisions negligible.
public enum ActionID {
    public static func make(trigger: String, key: String, cause: EventSource) -> String {
        var hasher = StableHasher()
        hasher.combine(trigger)
        hasher.combine(key)
        hasher.combine(cause.topic)
        hasher.combine(UInt32(bitPattern: cause.partition))
        hasher.combine(UInt64(bitPattern: cause.offset))
        let (high, low) = hasher.finalize()
        return hex(high, low)
    }

    /// The id of an action not caused by one event but by a state change of a key — a window
    /// closing, a timer firing: `discriminator` names that occurrence (e.g. `w:1767225600000`)
    /// and must itself be deterministic. A leading tag byte keeps these ids disjoint from the
    /// event-caused ones.
    public static func make(trigger: String, key: String, discriminator: String) -> String {
        var hasher = StableHasher()
        hasher.combine("\u{1}derived")
        hasher.combine(trigger)
        hasher.combine(key)
        hasher.combine(discriminator)
        let (high, low) = hasher.finalize()
        return hex(high, low)
    }

    /// ``make(trigger:key:discriminator:)`` for a discriminator given as its UTF-8 bytes (the
    /// same id), so a caller can spell it in a stack buffer instead of allocating a `String`.
    static func make(trigger: String, key: String, discriminatorUTF8: UnsafeBufferPointer<UInt8>) -> String {
        var hasher = StableHasher()
        hasher.combine("\u{1}derived")
        hasher.combine(trigger)
        hasher.combine(key)
        hasher.combine(utf8: discriminatorUTF8)
        let (high, low) = hasher.finalize()
        return hex(high, low)
    }

    /// 32 lowercase hex digits (`high` then `low`, each zero-padded to 16), written straight
    /// into the string's storage: one allocation, where two 16-digit strings and their
    /// concatenation took three (and `String(radix:)` + padding more, per bench/micro).
    private static func hex(_ high: UInt64, _ low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            let digits: StaticString = "0123456789abcdef"
            var h = high, l = low
            for i in stride(from: 15, through: 0, by: -1) {
                buffer[i] = digits.utf8Start[Int(h & 0xF)]
                buffer[16 + i] = digits.utf8Start[Int(l & 0xF)]
                h >>= 4
                l >>= 4
            }
            return 32
        }
    }
}
