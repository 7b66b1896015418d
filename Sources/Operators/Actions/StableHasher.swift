/// A 128-bit, platform-independent, unseeded hash over a length-prefixed byte encoding.
///
/// Exists because `Hasher` is seeded per process and so unusable for anything persisted or
/// compared across processes. See ``ActionID`` for the exact construction; the output is
/// frozen, since IDs computed by old and new daemon versions must agree. Public for the contact
/// policies' holdout hash, which is frozen too and built from the same pieces (``fnv1a64`` and
/// ``fmix64(_:)``).
public struct StableHasher: Sendable {
    // Lane A: standard 64-bit FNV-1a.
    private var laneA: UInt64 = 0xCBF2_9CE4_8422_2325
    // Lane B: FNV-1a structure with its own offset basis and a golden-ratio multiplier.
    private var laneB: UInt64 = 0x6C62_272E_07BB_0142
    private var length: UInt64 = 0

    private static let primeA: UInt64 = 0x0000_0100_0000_01B3
    private static let primeB: UInt64 = 0x9E37_79B9_7F4A_7C15
    /// `primeA` and `primeB` to the 7th power (wrapping): a zero byte only multiplies a lane
    /// (`(x ^ 0) &* p == x &* p`), so the seven zero high bytes of a small length prefix are one
    /// multiplication. StableHasherTests checks them against seven single-byte steps.
    static let primeA7: UInt64 = 0xC552_7B8A_51D3_D2DB
    static let primeB7: UInt64 = 0x5ECB_31E4_CCD2_721D

    public init() {}

    private init(laneA: UInt64, laneB: UInt64, length: UInt64) {
        self.laneA = laneA
        self.laneB = laneB
        self.length = length
    }

    /// A hasher that has combined the string `"\u{1}derived"` (the tag of derived action ids,
    /// ``ActionID/make(trigger:key:discriminator:)``): a constant state, so its 16 bytes are not
    /// hashed again for every window result. StableHasherTests checks it against `combine`.
    static var derivedTag: StableHasher {
        StableHasher(laneA: 0x5FCD_A37E_3A65_A555, laneB: 0x6E5E_3CE6_602A_1076, length: 16)
    }

    /// Feeds the string's UTF-8 byte count (little-endian UInt64), then its bytes.
    public mutating func combine(_ string: String) {
        let utf8 = string.utf8
        combine(UInt64(utf8.count))
        // Native strings are contiguous UTF-8: hash the buffer with the lanes in registers
        // (String.UTF8View iteration costs several times more per byte; every action id and
        // holdout hash goes through here). Bridged or lazy strings take the iterator path.
        let hashed: Bool? = utf8.withContiguousStorageIfAvailable { buffer in
            combine(bytes: buffer)
            return true
        }
        if hashed == nil {
            for byte in utf8 { combine(byte: byte) }
        }
    }

    /// Exactly what ``combine(_:)-(String)`` feeds for a string with these UTF-8 bytes.
    mutating func combine(utf8 buffer: UnsafeBufferPointer<UInt8>) {
        combine(UInt64(buffer.count))
        combine(bytes: buffer)
    }

    /// The same as ``combine(byte:)`` for each byte in turn, with the lanes kept in locals and
    /// four bytes per loop step (FNV is serial per lane, so the loop's own counting and
    /// branching was a third of the work on the ~50-byte inputs of action ids).
    private mutating func combine(bytes buffer: UnsafeBufferPointer<UInt8>) {
        guard var p = buffer.baseAddress else { return }
        var a = laneA, b = laneB
        let end = p + buffer.count
        while end - p >= 4 {
            let b0 = UInt64(p[0]), b1 = UInt64(p[1]), b2 = UInt64(p[2]), b3 = UInt64(p[3])
            a = (a ^ b0) &* Self.primeA
            b = (b ^ b0) &* Self.primeB
            a = (a ^ b1) &* Self.primeA
            b = (b ^ b1) &* Self.primeB
            a = (a ^ b2) &* Self.primeA
            b = (b ^ b2) &* Self.primeB
            a = (a ^ b3) &* Self.primeA
            b = (b ^ b3) &* Self.primeB
            p += 4
        }
        while p < end {
            let byte = UInt64(p.pointee)
            a = (a ^ byte) &* Self.primeA
            b = (b ^ byte) &* Self.primeB
            p += 1
        }
        laneA = a
        laneB = b
        length &+= UInt64(buffer.count)
    }

    /// Little-endian bytes. Length prefixes are almost always under 256: then the seven zero
    /// high bytes are one multiplication per lane (see ``primeA7``).
    mutating func combine(_ value: UInt64) {
        if value < 0x100 {
            laneA = ((laneA ^ value) &* Self.primeA) &* Self.primeA7
            laneB = ((laneB ^ value) &* Self.primeB) &* Self.primeB7
            length &+= 8
            return
        }
        for shift in stride(from: 0, to: 64, by: 8) {
            combine(byte: UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    mutating func combine(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) {
            combine(byte: UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    @inline(__always)
    mutating func combine(byte: UInt8) {
        laneA = (laneA ^ UInt64(byte)) &* Self.primeA
        laneB = (laneB ^ UInt64(byte)) &* Self.primeB
        length &+= 1
    }

    /// Lane A alone: plain 64-bit FNV-1a over everything combined (no length, no mixing).
    public var fnv1a64: UInt64 { laneA }

    func finalize() -> (UInt64, UInt64) {
        (Self.fmix64(laneA ^ length), Self.fmix64(laneB &+ length))
    }

    /// MurmurHash3's 64-bit finalizer: every input bit affects every output bit.
    public static func fmix64(_ value: UInt64) -> UInt64 {
        var mixed = value
        mixed ^= mixed >> 33
        mixed &*= 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed >> 33
        mixed &*= 0xC4CE_B9FE_1A85_EC53
        mixed ^= mixed >> 33
        return mixed
    }
}
