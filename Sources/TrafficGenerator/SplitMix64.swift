/// SplitMix64 (Steele, Lea & Flood): a tiny, fast PRNG whose whole state is one `UInt64`.
///
/// Why our own and not `SystemRandomNumberGenerator`: generated traffic must be the same for
/// the same `--seed` on every machine and Swift version, so that a benchmark or a bug report
/// can name its input as "seed 7, 1M events" instead of attaching a file. The seeded
/// property tests use it for the same reason: a failure names its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<n` (n > 0); the modulo bias is below 2^-40 for the small n used here.
    @inline(__always)
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// Uniform in `lo...hi`.
    @inline(__always)
    public mutating func between(_ lo: Int64, _ hi: Int64) -> Int64 { lo + Int64(next() % UInt64(hi - lo + 1)) }

    /// Uniform in [0, 1), 53 bits.
    @inline(__always)
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    @inline(__always)
    public mutating func chance(_ p: Double) -> Bool { unit() < p }
}
