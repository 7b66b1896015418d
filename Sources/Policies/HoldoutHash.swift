/// A frozen, platform-independent 64-bit hash for holdout membership.
///
/// Construction (version 1 — changing any of it reshuffles every experiment, so don't):
/// each string is fed as its UTF-8 byte count (little-endian UInt64) followed by its bytes, so
/// ("ab", "c") and ("a", "bc") differ; the bytes go through 64-bit FNV-1a (offset basis
/// 0xcbf29ce484222325, prime 0x100000001b3); the result goes through MurmurHash3's `fmix64`,
/// because FNV-1a's low bits avalanche poorly and the bucket is taken modulo a decimal number.
///
/// Not `Operators`' `StableHasher`: that one is internal to its module, and its output is
/// frozen for action IDs, not for this.
public enum HoldoutHash {
    public static func hash(salt: String, customerID: String) -> UInt64 {
        var state: UInt64 = 0xCBF2_9CE4_8422_2325
        feed(salt, into: &state)
        feed(customerID, into: &state)
        return fmix64(state)
    }

    /// `hash % buckets`: the modulo bias for a million buckets is below 1e-13.
    static func bucket(salt: String, customerID: String, buckets: UInt64) -> UInt64 {
        hash(salt: salt, customerID: customerID) % buckets
    }

    private static func feed(_ string: String, into state: inout UInt64) {
        var length = UInt64(string.utf8.count)
        for _ in 0..<8 {
            mix(UInt8(truncatingIfNeeded: length), into: &state)
            length >>= 8
        }
        for byte in string.utf8 { mix(byte, into: &state) }
    }

    @inline(__always)
    private static func mix(_ byte: UInt8, into state: inout UInt64) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    private static func fmix64(_ value: UInt64) -> UInt64 {
        var mixed = value
        mixed ^= mixed >> 33
        mixed &*= 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed >> 33
        mixed &*= 0xC4CE_B9FE_1A85_EC53
        mixed ^= mixed >> 33
        return mixed
    }
}
