import ConsortCore
import Foundation

/// Funnel plot control limits for a proportion or a rate around a target θ (England's value, a group's,
/// or a set target), after Spiegelhalter, "Funnel plots for comparing institutional
/// performance", Statistics in Medicine 24 (2005) 1185–1202.
///
/// Without adjustment the limits for a denominator n are θ ± z√(θ(1 − θ)/n), clipped to 0–1:
/// exactly the proportions whose Wilson score interval (the profiles' method) has θ at its edge,
/// so a practice lies outside the 99.8% limits exactly when its 99.8% Wilson interval excludes
/// θ. Where practices vary more than chance allows (overdispersion), Spiegelhalter's §6–7
/// adjustments widen the limits: each practice's z-score (pᵢ − θ)/sᵢ, sᵢ² = θ(1 − θ)/nᵢ, is
/// winsorised at the `trim` and 1 − `trim` quantiles; φ = Σz²/I; **multiplicative**: limits
/// θ ± z√φ·s when φ > 1; **additive** (random effects, DerSimonian and Laird): τ² =
/// max(0, (Iφ − (I − 1)) / (Σwᵢ − Σwᵢ²/Σwᵢ)), wᵢ = 1/sᵢ², limits θ ± z√(s² + τ²).
///
/// For a rate (events per unit of denominator) the variance is Poisson's, sᵢ² = θ/nᵢ, and the
/// limits θ ± z√(θ/n), the normal approximation to the Poisson that Spiegelhalter (2005) gives
/// for rates, are bounded below by 0 only. (Byar's intervals are not exactly these limits, so
/// for a rate the flag and the interval can differ at the edge.)
public struct Funnel: Sendable, Codable, Equatable {
    public enum Adjustment: String, Sendable, Codable, CaseIterable {
        case none, multiplicative, additive
    }

    public let target: Double
    public let kind: Indicator.Kind
    public let adjustment: Adjustment
    /// The overdispersion factor φ (1 without adjustment or without overdispersion).
    public let phi: Double
    /// The between-practice variance τ² of the additive adjustment (0 otherwise).
    public let tau2: Double

    /// Limits around `target` for these practices' (numerator, denominator) pairs, estimating
    /// overdispersion from them when an adjustment is asked for. Pairs that make no proportion
    /// are left out of the estimate.
    public init(
        target: Double, kind: Indicator.Kind = .proportion, adjustment: Adjustment = .none,
        practices: [(numerator: Double, denominator: Double)] = [], trim: Double = 0.1
    ) {
        self.target = target
        self.kind = kind
        self.adjustment = adjustment
        let variance = Self.variance(target, kind)
        let usable = practices.filter {
            $0.denominator > 0 && $0.numerator >= 0 && (kind == .rate || $0.numerator <= $0.denominator)
        }
        guard adjustment != .none, variance > 0, usable.count > 1 else {
            phi = 1
            tau2 = 0
            return
        }
        var z = usable.map { ($0.numerator / $0.denominator - target) / (variance / $0.denominator).squareRoot() }
        let sorted = z.sorted()
        let k = Swift.min(Swift.max(Int((Double(sorted.count) * trim).rounded(.down)), 0), sorted.count / 2)
        let low = sorted[k]
        let high = sorted[sorted.count - 1 - k]
        z = z.map { Swift.min(Swift.max($0, low), high) }
        let count = Double(usable.count)
        let phi = z.reduce(0) { $0 + $1 * $1 } / count
        self.phi = phi
        switch adjustment {
        case .additive:
            let w = usable.map { $0.denominator / variance }
            let sw = w.reduce(0, +)
            let sw2 = w.reduce(0) { $0 + $1 * $1 }
            tau2 = Swift.max(0, (count * phi - (count - 1)) / (sw - sw2 / sw))
        default:
            tau2 = 0
        }
    }

    /// The limits for a denominator at a confidence level (a two-sided normal quantile).
    public func limits(denominator n: Double, z: Double) -> Interval? {
        guard n > 0, n.isFinite, z.isFinite else { return nil }
        let s2 = Self.variance(target, kind) / n
        let spread: Double
        switch adjustment {
        case .none: spread = s2
        case .multiplicative: spread = s2 * Swift.max(phi, 1)
        case .additive: spread = s2 + tau2
        }
        let half = z * spread.squareRoot()
        return Interval(
            lower: Swift.max(0, target - half), upper: kind == .rate ? target + half : Swift.min(1, target + half))
    }

    /// The variance of one unit of denominator at θ: binomial for a proportion, Poisson for a rate.
    static func variance(_ theta: Double, _ kind: Indicator.Kind) -> Double {
        kind == .rate ? theta : theta * (1 - theta)
    }
}
