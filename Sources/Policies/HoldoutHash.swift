import Operators

/// A frozen, platform-independent 64-bit hash for holdout membership.
///
/// Construction (version 1 — changing any of it reshuffles every experiment, so don't):
/// each string is fed as its UTF-8 byte count (little-endian UInt64) followed by its bytes, so
/// ("ab", "c") and ("a", "bc") differ; the bytes go through 64-bit FNV-1a (offset basis
/// 0xcbf29ce484222325, prime 0x100000001b3); the result goes through MurmurHash3's `fmix64`,
/// because FNV-1a's low bits avalanche poorly and the bucket is taken modulo a decimal number.
///
/// Built from `Operators`' ``StableHasher`` (whose pieces are frozen for action IDs): its
/// FNV-1a lane over the length-prefixed strings, then `fmix64`.
public enum HoldoutHash {
    public static func hash(salt: String, customerID: String) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(salt)
        hasher.combine(customerID)
        return StableHasher.fmix64(hasher.fnv1a64)
    }

    /// `hash % buckets`: the modulo bias for a million buckets is below 1e-13.
    static func bucket(salt: String, customerID: String, buckets: UInt64) -> UInt64 {
        hash(salt: salt, customerID: customerID) % buckets
    }
}
