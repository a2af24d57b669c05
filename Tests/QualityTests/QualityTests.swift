import ConsortCore
import Foundation
import Quality
import Testing

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite("Quality: Wilson intervals, comparisons and funnels")
struct IntervalTests {
    let z = Confidence.z95

    @Test(
        "Wilson score intervals: closed forms at 0 and n, a hand-computed value, symmetry, none without a proportion"
    )
    func wilson() throws {
        // O = 0: [0, z²/(n + z²)]; O = n: [n/(n + z²), 1].
        let zero = try #require(Wilson.interval(numerator: 0, denominator: 10, z: z))
        #expect(zero.lower == 0)
        #expect(abs(zero.upper - z * z / (10 + z * z)) < 1e-15)
        let all = try #require(Wilson.interval(numerator: 10, denominator: 10, z: z))
        #expect(abs(all.lower - 10 / (10 + z * z)) < 1e-15)
        #expect(all.upper == 1)
        // The Densham Surgery, 2022/23: 514 smokers of 3,336 (computed by hand from the formula).
        let densham = try #require(Wilson.interval(numerator: 514, denominator: 3336, z: z))
        #expect(abs(densham.lower - 0.142_224_270_264_446_7) < 1e-12)
        #expect(abs(densham.upper - 0.166_724_963_267_446_6) < 1e-12)
        let wide = try #require(Wilson.interval(numerator: 514, denominator: 3336, z: Confidence.z998))
        #expect(
            abs(wide.lower - 0.135_750_697_310_759_56) < 1e-12 && abs(wide.upper - 0.174_377_586_438_327_65) < 1e-12)
        #expect(wide.lower < densham.lower && wide.upper > densham.upper)
        // Symmetry: the interval of O is one minus the interval of n − O, reversed.
        let a = try #require(Wilson.interval(numerator: 3, denominator: 17.5, z: z))
        let b = try #require(Wilson.interval(numerator: 14.5, denominator: 17.5, z: z))
        #expect(abs(a.lower - (1 - b.upper)) < 1e-12 && abs(a.upper - (1 - b.lower)) < 1e-12)
        for (o, n) in [(1.0, 0.0), (-1, 10), (11, 10), (.nan, 10), (1, .infinity)] {
            #expect(Wilson.interval(numerator: o, denominator: n, z: z) == nil, "\(o) of \(n)")
        }
    }

    @Test("Compared with a benchmark by the 95% interval, with the indicator's polarity")
    func comparison() {
        let i = Interval(lower: 0.10, upper: 0.12)
        #expect(Comparison.of(i, to: 0.11, polarity: .lowerIsBetter) == .similar)
        #expect(Comparison.of(i, to: 0.12, polarity: .lowerIsBetter) == .similar, "the edge is inside")
        #expect(Comparison.of(i, to: 0.15, polarity: .lowerIsBetter) == .better)
        #expect(Comparison.of(i, to: 0.15, polarity: .higherIsBetter) == .worse)
        #expect(Comparison.of(i, to: 0.05, polarity: .lowerIsBetter) == .worse)
        #expect(Comparison.of(i, to: 0.05, polarity: .higherIsBetter) == .better)
        #expect(Comparison.of(i, to: 0.05, polarity: .none) == .higher)
        #expect(Comparison.of(nil, to: 0.05, polarity: .none) == .notCompared)
        #expect(Comparison.of(i, to: nil, polarity: .none) == .notCompared)
    }

    @Test("Funnel limits: θ ± z√(θ(1−θ)/n), whose Wilson interval has θ at its edge")
    func funnel() throws {
        let f = Funnel(target: 0.2)
        let limits = try #require(f.limits(denominator: 400, z: z))
        let half = z * (0.2 * 0.8 / 400).squareRoot()
        #expect(abs(limits.lower - (0.2 - half)) < 1e-15 && abs(limits.upper - (0.2 + half)) < 1e-15)
        // A practice exactly on the upper limit has θ as the lower end of its Wilson interval.
        let edge = try #require(Wilson.interval(numerator: limits.upper * 400, denominator: 400, z: z))
        #expect(abs(edge.lower - 0.2) < 1e-12)
        // Limits narrow as the denominator grows, and stay within 0–1.
        let wider = try #require(f.limits(denominator: 100, z: z))
        #expect(wider.lower < limits.lower && wider.upper > limits.upper)
        let tiny = try #require(f.limits(denominator: 1, z: Confidence.z998))
        #expect(tiny.lower == 0 && tiny.upper == 1)
        #expect(f.limits(denominator: 0, z: z) == nil)
    }

    @Test("Overdispersion on a hand-made set: φ from winsorised z-scores, multiplicative and additive limits")
    func overdispersion() throws {
        // Ten practices of 100 around θ = 0.5 (s = 0.05): z-scores −2, 2, −1, 1, 0, 3, −3, 2, −2, 0.
        let p = [0.40, 0.60, 0.45, 0.55, 0.50, 0.65, 0.35, 0.60, 0.40, 0.50]
        let practices = p.map { (numerator: $0 * 100, denominator: 100.0) }
        // Without trimming: φ = Σz²/10 = (4+4+1+1+0+9+9+4+4+0)/10 = 3.6.
        let m = Funnel(target: 0.5, adjustment: .multiplicative, practices: practices, trim: 0)
        #expect(abs(m.phi - 3.6) < 1e-9)
        let ml = try #require(m.limits(denominator: 100, z: z))
        #expect(abs(ml.upper - (0.5 + z * (3.6 * 0.0025).squareRoot())) < 1e-12)
        // Additive: w = 1/0.0025 = 400 each; Σw = 4,000, Σw² = 1,600,000;
        // τ² = (10·3.6 − 9) / (4,000 − 1,600,000/4,000) = 27/3,600.
        let a = Funnel(target: 0.5, adjustment: .additive, practices: practices, trim: 0)
        #expect(abs(a.tau2 - 27.0 / 3600) < 1e-12)
        let al = try #require(a.limits(denominator: 100, z: z))
        #expect(abs(al.upper - (0.5 + z * (0.0025 + 27.0 / 3600).squareRoot())) < 1e-12)
        // Winsorising at 10% and 90% pulls the ±3 to the next values (±2): φ = (4·6+1+1)/10 = 2.6.
        let trimmed = Funnel(target: 0.5, adjustment: .multiplicative, practices: practices, trim: 0.1)
        #expect(abs(trimmed.phi - 2.6) < 1e-9)
        // No overdispersion: φ below 1 leaves the limits as they are.
        let calm = Funnel(
            target: 0.5, adjustment: .multiplicative,
            practices: [(49, 100), (51, 100), (50, 100), (50, 100)], trim: 0)
        #expect(calm.phi < 1)
        #expect(calm.limits(denominator: 100, z: z) == Funnel(target: 0.5).limits(denominator: 100, z: z))
    }
}
