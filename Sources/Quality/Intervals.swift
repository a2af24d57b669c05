import ConsortCore
import Foundation

/// The confidence levels the national profiles publish, as two-sided normal quantiles.
public enum Confidence {
    /// 95%: the 97.5th percentile of the standard normal distribution.
    public static let z95 = 1.959_963_984_540_054
    /// 99.8%: the 99.9th percentile.
    public static let z998 = 3.090_232_306_167_813

    /// The two-sided normal quantile for a confidence level in percent (95 → 1.959964), found by
    /// bisection on the complementary error function, to 1e-12; nil outside 0–100 (exclusive).
    public static func z(level: Double) -> Double? {
        guard level.isFinite, level > 0, level < 100 else { return nil }
        let tail = 1 - level / 100  // P(|Z| > z) = erfc(z/√2)
        var low = 0.0
        var high = 40.0
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if erfc(mid / 2.0.squareRoot()) > tail { low = mid } else { high = mid }
            if high - low < 1e-13 { break }
        }
        return (low + high) / 2
    }
}

/// A confidence interval of a proportion (both ends between 0 and 1) or of a rate.
public struct Interval: Sendable, Equatable, Codable {
    public let lower: Double
    public let upper: Double
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
    public func contains(_ x: Double) -> Bool { x >= lower && x <= upper }
    /// Both ends multiplied by `factor` (a proportion shown as a percentage: 100).
    public func scaled(by factor: Double) -> Interval { Interval(lower: lower * factor, upper: upper * factor) }
}

/// The Wilson score interval of a proportion: the method OHID's Fingertips profiles use for
/// every indicator of type proportion ("Confidence intervals for proportions", OHID public health
/// technical guidance; Wilson 1927; Newcombe and Altman 2000):
///
///     lower, upper = (2O + z² ∓ z√(z² + 4O(1 − O/n))) / (2(n + z²))
///
/// for O events in a denominator n (which may carry a fraction, as QOF denominators do). It
/// gives an interval for O = 0 and O = n, where the normal approximation fails.
public enum Wilson {
    /// The interval, or nil when the counts cannot make a proportion (a denominator of 0 or
    /// less, a negative numerator, a numerator above the denominator, or not finite).
    public static func interval(numerator o: Double, denominator n: Double, z: Double) -> Interval? {
        guard o.isFinite, n.isFinite, z.isFinite, n > 0, o >= 0, o <= n, z >= 0 else { return nil }
        let root = z * (z * z + 4 * o * (1 - o / n)).squareRoot()
        let denominator = 2 * (n + z * z)
        return Interval(
            lower: Swift.max(0, (2 * o + z * z - root) / denominator),
            upper: Swift.min(1, (2 * o + z * z + root) / denominator))
    }
}

/// The confidence interval of a rate (events per unit of denominator) as the national profiles
/// compute it (PHEindicatormethods `phe_rate`; OHID public health technical guidance, "Rates"):
/// for 10 or more events, Byar's approximation to the Poisson limits of the count (Breslow and
/// Day 1987),
///
///     lower = O(1 − 1/(9O) − z/(3√O))³,  upper = (O + 1)(1 − 1/(9(O + 1)) + z/(3√(O + 1)))³,
///
/// and for fewer than 10 the exact Poisson limits (Armitage and Berry 2002): the λ with
/// P(Gamma(O) ≤ λ) = α/2 and P(Gamma(O + 1) ≤ λ) = 1 − α/2 (χ²-quantiles ÷ 2), each divided by
/// the denominator.
public enum Byar {
    /// The interval per unit of denominator, or nil when the counts cannot make a rate (a
    /// denominator of 0 or less, a negative count, or not finite).
    public static func interval(count o: Double, denominator n: Double, z: Double) -> Interval? {
        guard o.isFinite, n.isFinite, z.isFinite, n > 0, o >= 0, z >= 0 else { return nil }
        let lower: Double
        let upper: Double
        if o >= 10 {
            lower = o * Foundation.pow(1 - 1 / (9 * o) - z / (3 * o.squareRoot()), 3)
            upper = (o + 1) * Foundation.pow(1 - 1 / (9 * (o + 1)) + z / (3 * (o + 1).squareRoot()), 3)
        } else {
            let tail = 0.5 * erfc(z / 2.0.squareRoot())  // α/2
            lower = o > 0 ? Poisson.gammaQuantile(shape: o, probability: tail) : 0
            upper = Poisson.gammaQuantile(shape: o + 1, probability: 1 - tail)
        }
        return Interval(lower: Swift.max(0, lower) / n, upper: upper / n)
    }
}

/// The quantiles of the Gamma(shape, 1) distribution, which give the exact Poisson limits.
enum Poisson {
    /// The regularised lower incomplete gamma function P(a, x), by its series (Numerical Recipes
    /// §6.2), which converges for the small shapes (under 11) the exact limits need.
    static func regularisedGamma(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 0 }
        var term = 1 / a
        var sum = term
        var k = a
        for _ in 0..<10_000 {
            k += 1
            term *= x / k
            sum += term
            if term < sum * 1e-16 { break }
        }
        return Swift.min(1, sum * Foundation.exp(-x + a * Foundation.log(x) - lgamma(a)))
    }

    /// The x with P(shape, x) = probability, by bisection to 1e-12 relative.
    static func gammaQuantile(shape: Double, probability p: Double) -> Double {
        var low = 0.0
        var high = Swift.max(1, shape) * 10 + 100
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if regularisedGamma(shape, mid) < p { low = mid } else { high = mid }
            if high - low <= 1e-12 * high { break }
        }
        return (low + high) / 2
    }
}

/// Which way is better for an indicator.
public enum Polarity: String, Sendable, Codable, CaseIterable {
    /// Higher values are better (e.g. a vaccination uptake).
    case higherIsBetter = "higher"
    /// Lower values are better (e.g. smoking prevalence).
    case lowerIsBetter = "lower"
    /// Neither: compared as higher, similar or lower.
    case none
}

/// A value compared with a benchmark by its 95% interval, as Fingertips compares: similar when
/// the interval holds the benchmark, else better or worse by the indicator's polarity (higher
/// or lower for an indicator without one).
public enum Comparison: String, Sendable, Codable {
    case better, similar, worse, higher, lower
    case notCompared = "not compared"

    public static func of(_ interval: Interval?, to benchmark: Double?, polarity: Polarity) -> Comparison {
        guard let interval, let benchmark, benchmark.isFinite else { return .notCompared }
        if interval.contains(benchmark) { return .similar }
        let above = interval.lower > benchmark
        switch polarity {
        case .higherIsBetter: return above ? .better : .worse
        case .lowerIsBetter: return above ? .worse : .better
        case .none: return above ? .higher : .lower
        }
    }
}
