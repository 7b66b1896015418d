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
        var hasher = StableHasher.derivedTag
        hasher.combine(trigger)
        hasher.combine(key)
        hasher.combine(discriminator)
        let (high, low) = hasher.finalize()
        return hex(high, low)
    }

    /// The hasher state of a derived id after its tag and `trigger`: constant per trigger, so
    /// a trigger emitting many derived ids (a window per closed window) keeps it instead of
    /// hashing its name again for each (~170 instructions per id on the replay bench).
    static func derivedPrefix(trigger: String) -> StableHasher {
        var hasher = StableHasher.derivedTag
        hasher.combine(trigger)
        return hasher
    }

    /// The two 64-bit halves of ``make(trigger:key:discriminator:)``'s id (spelled by
    /// ``hex(_:_:)``), from ``derivedPrefix(trigger:)``'s state and the discriminator's UTF-8
    /// bytes, which a caller can spell in a stack buffer instead of allocating a `String`.
    static func derivedHash(prefix: StableHasher, key: String,
                            discriminatorUTF8: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var hasher = prefix
        hasher.combine(key)
        hasher.combine(utf8: discriminatorUTF8)
        return hasher.finalize()
    }

    /// 32 lowercase hex digits (`high` then `low`, each zero-padded to 16), written straight
    /// into the string's storage: one allocation, where two 16-digit strings and their
    /// concatenation took three (and `String(radix:)` + padding more, per bench/micro). Eight
    /// digits per store (``hexDigits(_:)``), where a table lookup per digit took ~10
    /// instructions each (callgrind, one id per window result).
    static func hex(_ high: UInt64, _ low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            guard let base = UnsafeMutableRawPointer(buffer.baseAddress), buffer.count >= 32 else { return 0 }
            writeHex(high, low, to: base)
            return 32
        }
    }

    /// ``hex(_:_:)``'s 32 bytes, written at `target` (room for 32 needed).
    @inline(__always)
    static func writeHex(_ high: UInt64, _ low: UInt64, to target: UnsafeMutableRawPointer) {
        target.storeBytes(of: hexDigits(UInt32(truncatingIfNeeded: high >> 32)), toByteOffset: 0, as: UInt64.self)
        target.storeBytes(of: hexDigits(UInt32(truncatingIfNeeded: high)), toByteOffset: 8, as: UInt64.self)
        target.storeBytes(of: hexDigits(UInt32(truncatingIfNeeded: low >> 32)), toByteOffset: 16, as: UInt64.self)
        target.storeBytes(of: hexDigits(UInt32(truncatingIfNeeded: low)), toByteOffset: 24, as: UInt64.self)
    }

    /// The 8 lowercase hex digits of `value`, most significant first, as a word whose bytes in
    /// memory order are those digits (SWAR: every nibble moved into its own byte, then `0`-`9`
    /// and `a`-`f` chosen per byte with a carry-free add).
    @inline(__always)
    static func hexDigits(_ value: UInt32) -> UInt64 {
        var nibbles = UInt64(value)
        nibbles = (nibbles | (nibbles << 16)) & 0x0000_FFFF_0000_FFFF
        nibbles = (nibbles | (nibbles << 8)) & 0x00FF_00FF_00FF_00FF
        nibbles = (nibbles | (nibbles << 4)) & 0x0F0F_0F0F_0F0F_0F0F
        // Byte k now holds nibble k (0: least significant). A byte is 1 where its nibble is 10+
        // (nibble + 6 carries into bit 4; never past the byte).
        let letters = ((nibbles &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        let ascii = nibbles &+ 0x3030_3030_3030_3030 &+ letters &* (UInt64(UInt8(ascii: "a")) - 10 - 0x30)
        // Most significant nibble at the lowest address.
        return ascii.bigEndian
    }
}
