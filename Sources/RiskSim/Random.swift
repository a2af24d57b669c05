import ConsortCore
import Foundation

/// Exact samplers for the distributions the cost model needs.
public struct Sampler: Sendable {
    public var rng: Xoshiro256
    private var spareNormal: Double?

    public init(_ rng: Xoshiro256) { self.rng = rng }

    /// Standard normal by Marsaglia's polar method (exact).
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * rng.uniform() - 1
            let v = 2 * rng.uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let f = (-2 * log(s) / s).squareRoot()
                spareNormal = v * f
                return u * f
            }
        }
    }

    /// Gamma(shape, 1) by Marsaglia and Tsang (2000), exact; shapes below 1 by the boost
    /// Gamma(a) = Gamma(a + 1) · U^(1/a).
    public mutating func gamma(shape: Double) -> Double {
        precondition(shape > 0, "gamma shape must be positive")
        if shape < 1 {
            let g = gamma(shape: shape + 1)
            return g * pow(rng.openUniform(), 1 / shape)
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = rng.openUniform()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// Poisson(mean), exact: multiplication of uniforms for small means, and for means of 10 or
    /// more the transformed rejection method PTRS of Hörmann (1993), as numpy uses.
    public mutating func poisson(mean: Double) -> Int { poisson(PoissonDraw(mean: mean)) }

    /// A Poisson draw with the mean's constants worked out beforehand (a simulation draws from
    /// the same mean once a trial).
    public mutating func poisson(_ p: PoissonDraw) -> Int {
        if p.mean <= 0 { return 0 }
        if p.mean < 10 {
            var k = 0
            var product = rng.uniform()
            while product > p.limit {
                k += 1
                product *= rng.uniform()
            }
            return k
        }
        while true {
            let u = rng.uniform() - 0.5
            let v = rng.uniform()
            let us = 0.5 - abs(u)
            let k = ((2 * p.a / us + p.b) * u + p.mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= p.vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + p.logInvalpha - log(p.a / (us * us) + p.b) <= -p.mean + k * p.loglam - lgamma(k + 1) {
                return Int(k)
            }
        }
    }
}

/// The constants of Poisson sampling for one mean: exp(−mean) for small means, and the
/// constants of Hörmann's PTRS for means of 10 or more.
public struct PoissonDraw: Sendable {
    public let mean: Double
    let limit: Double
    let loglam: Double
    let a: Double
    let b: Double
    let vr: Double
    let logInvalpha: Double

    public init(mean: Double) {
        self.mean = mean
        limit = mean < 10 ? exp(-mean) : 0
        let slam = mean.squareRoot()
        loglam = mean > 0 ? log(mean) : 0
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        vr = 0.9277 - 3.6224 / (b - 2)
        logInvalpha = log(1.1239 + 1.1328 / (b - 3.4))
    }
}
