import ConsortCore
import Foundation

/// The confidence levels the national profiles publish, as two-sided normal quantiles.
public enum Confidence {
    /// 95%: the 97.5th percentile of the standard normal distribution.
    public static let z95 = 1.959_963_984_540_054
    /// 99.8%: the 99.9th percentile.
    public static let z998 = 3.090_232_306_167_813
}

/// A confidence interval of a proportion, both ends between 0 and 1.
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
