/// Seeded pseudo-random numbers shared by the engines that need them (the financial risk
/// simulator, the planner).

/// xoshiro256** (Blackman and Vigna, 2018): a fast generator with a 2^256 period, seeded through
/// SplitMix64 so that any 64-bit seed gives a well-mixed state. The simulator gives each group
/// its own generator derived from the run's seed and the group's index, so results do not
/// depend on how the work is split between threads.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        func splitmix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix()
        s1 = splitmix()
        s2 = splitmix()
        s3 = splitmix()
    }

    /// A generator for stream `index` of a run seeded with `seed`.
    public init(seed: UInt64, stream: Int) {
        self.init(seed: seed ^ (UInt64(truncatingIfNeeded: stream) &* 0xD134_2543_DE82_EF95 &+ 0x2545_F491_4F6C_DD1D))
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform on [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform on (0, 1): never zero, for logarithms.
    @inline(__always)
    public mutating func openUniform() -> Double { (Double(next() >> 11) + 0.5) * 0x1.0p-53 }
}
