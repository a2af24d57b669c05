import ConsortCore
import Foundation
import RiskSim
import Testing

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let model = try! CostModelReader.read(contentsOf: root.appendingPathComponent("finance/cost-model.toml"))

func meanVariance(_ x: [Double]) -> (Double, Double) {
    let m = x.reduce(0, +) / Double(x.count)
    return (m, x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1))
}

/// The two-sample Kolmogorov-Smirnov statistic: the largest gap between the empirical CDFs.
func ksStatistic(_ a: [Double], _ b: [Double]) -> Double {
    let x = a.sorted()
    let y = b.sorted()
    var i = 0
    var j = 0
    var d = 0.0
    while i < x.count && j < y.count {
        let v = min(x[i], y[j])
        while i < x.count && x[i] <= v { i += 1 }
        while j < y.count && y[j] <= v { j += 1 }
        d = max(d, abs(Double(i) / Double(x.count) - Double(j) / Double(y.count)))
    }
    return d
}

@Suite("Samplers")
struct SamplerTests {
    @Test(
        """
        Poisson: mean and variance equal the rate, for small and large rates
        """,
        arguments: [0.3, 4.0, 9.99, 10.0, 57.5, 12_345.0])
    func poisson(mean: Double) {
        var s = Sampler(Xoshiro256(seed: 7))
        let draws = (0..<200_000).map { _ in Double(s.poisson(mean: mean)) }
        let (m, v) = meanVariance(draws)
        let se = (mean / Double(draws.count)).squareRoot()
        #expect(abs(m - mean) < 5 * se, "mean \(m)")
        #expect(abs(v / mean - 1) < 0.02, "variance \(v)")
        #expect(draws.allSatisfy { $0 >= 0 && $0 == $0.rounded() })
    }

    @Test("Gamma: mean k and variance k, for shapes below and above 1", arguments: [0.2, 0.44, 1.0, 2.5, 700.0])
    func gamma(shape: Double) {
        var s = Sampler(Xoshiro256(seed: 11))
        let draws = (0..<200_000).map { _ in s.gamma(shape: shape) }
        let (m, v) = meanVariance(draws)
        #expect(abs(m - shape) < 5 * (shape / Double(draws.count)).squareRoot())
        #expect(abs(v / shape - 1) < 0.05)
        #expect(draws.allSatisfy { $0 > 0 })
    }

    @Test("Normal: mean 0, variance 1, and the 97.5% quantile near 1.96")
    func normal() {
        var s = Sampler(Xoshiro256(seed: 3))
        let draws = (0..<200_000).map { _ in s.normal() }
        let (m, v) = meanVariance(draws)
        #expect(abs(m) < 0.01)
        #expect(abs(v - 1) < 0.01)
        #expect(abs(draws.sorted()[Int(0.975 * 200_000)] - 1.96) < 0.02)
    }

    @Test("Seeded streams repeat exactly and differ between streams")
    func determinism() {
        var a = Xoshiro256(seed: 42, stream: 3)
        var b = Xoshiro256(seed: 42, stream: 3)
        var c = Xoshiro256(seed: 42, stream: 4)
        let x = (0..<10).map { _ in a.next() }
        let y = (0..<10).map { _ in b.next() }
        let z = (0..<10).map { _ in c.next() }
        #expect(x == y)
        #expect(x != z)
    }
}

@Suite("The cost model and the simulator")
struct SimulatorTests {
    @Test("The shipped model reads, and its closed-form moments add up by class")
    func closedForm() {
        #expect(model.classes.map(\.id) == ["routine", "admissions", "complex", "rare"])
        #expect(abs(model.meanPerHead - (400 + 360 + 250 + 125)) < 1e-9)
        let variance = 1.0 * 400 * 400 * 3.25 + 0.12 * 9e6 * 2.44 + 0.01 * 6.25e8 * 2 + 0.0005 * 6.25e10 * 2
        #expect(abs(model.variancePerHead - variance) < 1e-3)
        #expect(abs(model.shareWithNoCost - exp(-1.1305)) < 1e-12)
        #expect(model.classes.filter(\.pooled).map(\.id) == ["rare"])
    }

    @Test(
        """
        Aggregate sampling has the distribution of summing patient by patient (KS test, and the chance of no cost at \
        all)
        """
    )
    func aggregateMatchesPerPatient() {
        for patients in [1, 3, 20] {
            let trials = 20_000
            let aggregate = Simulator.spend(
                model: model, groups: [.init(code: "G", name: "G", patients: patients)], trials: trials, seed: 99)[0]
            var sampler = Sampler(Xoshiro256(seed: 12345))
            let direct = (0..<trials).map { _ in
                Simulator.spendPatientByPatient(model: model, patients: patients, sampler: &sampler)
            }
            // Critical value of the two-sample KS test at α = 0.001: 1.949·√((n+m)/(nm)).
            let critical = 1.949 * (2.0 / Double(trials)).squareRoot()
            #expect(ksStatistic(aggregate, direct) < critical, "\(patients) patients")
            let zeroShare = exp(-Double(patients) * model.classes.reduce(0) { $0 + $1.rate })
            let observedZero = Double(aggregate.filter { $0 == 0 }.count) / Double(trials)
            #expect(
                abs(observedZero - zeroShare) < 4 * (zeroShare * (1 - zeroShare) / Double(trials)).squareRoot() + 1e-9)
            let (ma, va) = meanVariance(aggregate)
            let (md, vd) = meanVariance(direct)
            let mean = Double(patients) * model.meanPerHead
            let sd = (Double(patients) * model.variancePerHead).squareRoot()
            #expect(abs(ma - mean) < 5 * sd / Double(trials).squareRoot())
            #expect(abs(md - mean) < 5 * sd / Double(trials).squareRoot())
            #expect(va > 0 && vd > 0)
        }
    }

    @Test("Simulated mean and variance match Nμ and Nσ², and the relative spread falls like 1/√N")
    func moments() {
        let sizes = [4_000, 40_000, 400_000]
        let groups = sizes.map { Simulator.Group(code: "\($0)", name: "\($0)", patients: $0) }
        let trials = 20_000
        let spend = Simulator.spend(model: model, groups: groups, trials: trials, seed: 2024)
        var relative: [Double] = []
        for (i, n) in sizes.enumerated() {
            let (m, v) = meanVariance(spend[i])
            let mu = Double(n) * model.meanPerHead
            let variance = Double(n) * model.variancePerHead
            #expect(abs(m - mu) < 5 * (variance / Double(trials)).squareRoot(), "mean at \(n)")
            #expect(abs(v / variance - 1) < 0.08, "variance at \(n): \(v / variance)")
            relative.append(v.squareRoot() / m)
        }
        // Ten times the patients, a √10 smaller relative spread.
        #expect(abs(relative[0] / relative[1] - 10.0.squareRoot()) < 0.25)
        #expect(abs(relative[1] / relative[2] - 10.0.squareRoot()) < 0.25)
    }

    @Test("A seed gives the same years whatever else runs alongside")
    func seeded() {
        let g = [Simulator.Group(code: "A", name: "A", patients: 50_000)]
        let one = Simulator.spend(model: model, groups: g, trials: 6_000, seed: 5)
        let two = Simulator.spend(
            model: model, groups: g + [.init(code: "B", name: "B", patients: 9)], trials: 6_000, seed: 5)
        #expect(one[0] == two[0])
        #expect(one[0] != Simulator.spend(model: model, groups: g, trials: 6_000, seed: 6)[0])
    }

    @Test("Risk summary: overspend chances, value at risk and expected shortfall of a known sample")
    func summary() {
        let spend = (1...100).map(Double.init)  // budget 90: overspend in 10 of 100 years
        let s = RiskSummary(spend: spend, budget: 90, patients: 1)
        #expect(s.probability(over: 0.05) == 0.06)  // spend above 94.5: 95…100
        #expect(s.probability(over: 0.10) == 0.01)  // above 99: 100
        #expect(s.valueAtRisk95 == 5)  // the 95th value is 95
        #expect(s.valueAtRisk99 == 9)
        let tail: Double = 96 + 97 + 98 + 99 + 100  // the worst 5 of 100 years
        #expect(s.expectedShortfall95 == tail / 5 - 90)
        #expect(abs(s.mean - 50.5) < 1e-12)
    }
}

@Suite("Published findings, reproduced with the shipped calibration (docs/finance.md)")
struct FindingsTests {
    static let sizes = [8_000, 30_000, 95_000, 100_000, 1_000_000]
    static let summaries: [Int: RiskSummary] = {
        let groups = sizes.map { Simulator.Group(code: "\($0)", name: "\($0)", patients: $0) }
        let spend = Simulator.spend(model: model, groups: groups, trials: 20_000, seed: 1996)
        var out: [Int: RiskSummary] = [:]
        for (i, n) in sizes.enumerated() {
            out[n] = RiskSummary(spend: spend[i], budget: Double(n) * model.meanPerHead, patients: n)
        }
        return out
    }()

    @Test("Asthana et al. 2011: at about 95,000 people, 2.5–5% of consortia overspend by 5% or more in a year")
    func asthana() {
        let p = Self.summaries[95_000]!.probability(over: 0.05)
        #expect((0.02...0.06).contains(p), "\(p)")
    }

    @Test("Dixon et al. 2011: at practice size, about a third end up 10% or more from budget")
    func dixon() {
        let groups = [Simulator.Group(code: "P", name: "P", patients: 8_000)]
        let spend = Simulator.spend(model: model, groups: groups, trials: 20_000, seed: 2011)[0]
        let budget = 8_000 * model.meanPerHead
        let off = Double(spend.filter { abs($0 - budget) >= 0.1 * budget }.count) / Double(spend.count)
        #expect((0.2...0.45).contains(off), "\(off)")
    }

    @Test(
        """
        Jones 2009: a pool for rare high-cost events alone is still volatile at a million people and steadies only \
        above
        """
    )
    func pool() {
        let sizes = [100_000, 1_000_000, 10_000_000]
        let groups = sizes.map { Simulator.Group(code: "\($0)", name: "\($0)", patients: $0) }
        let spend = Simulator.spend(model: model, groups: groups, trials: 20_000, seed: 2009) { $0.pooled }
        let pooledMean = model.classes.filter(\.pooled).reduce(0) { $0 + $1.meanPerHead }
        let over5 = sizes.indices.map { i in
            RiskSummary(spend: spend[i], budget: Double(sizes[i]) * pooledMean, patients: sizes[i]).probability(
                over: 0.05)
        }
        // Closed form: relative SD 63.2/√N, so 20% at 100,000, 6.3% at a million, 2% at ten million.
        #expect(over5[0] > 0.3)
        #expect((0.12...0.3).contains(over5[1]), "\(over5[1])")
        #expect(over5[2] < 0.02)
    }

    @Test(
        """
        Bachmann and Bevan 1996, Jones 2009: risk falls steeply with size; small budgets are risky, a million is safe
        """)
    func sizeEffect() {
        let p = Self.sizes.map { Self.summaries[$0]!.probability(over: 0.05) }
        #expect(zip(p, p.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(Self.summaries[30_000]!.probability(over: 0.05) > 0.10)
        #expect(Self.summaries[1_000_000]!.probability(over: 0.05) < 0.001)
        #expect(Self.summaries[30_000]!.relativeSD > 3 * Self.summaries[1_000_000]!.relativeSD)
    }
}

@Suite("The four consortium models")
struct ModelComparisonTests {
    static func practices(_ count: Int, size: Int) -> [ModelComparison.Practice] {
        (0..<count).map { i in
            ModelComparison.Practice(
                code: String(format: "P%05d", i), patients: size + (i % 7) * 500, need: i % 2 == 0 ? 1.05 : 0.95,
                consortium: "C\(i / 40)", network: "N\(i / 6)")
        }
    }

    @Test("Cutting practices into groups covers each exactly once, in groups near the target")
    func cut() {
        let ps = Self.practices(300, size: 8_000)
        let groups = ModelComparison.cut(ps, target: 100_000)
        #expect(groups.flatMap { $0 }.map(\.code).sorted() == ps.map(\.code).sorted())
        let sizes = groups.map { $0.reduce(0) { $0 + $1.patients } }
        #expect(sizes.dropLast().allSatisfy { (100_000..<110_000).contains($0) })
        #expect(sizes.last! >= 50_000)
    }

    @Test(
        """
        Pooling risk: one large consortium and a risk pool overspend less often than small consortia; small consortia \
        spend more on management
        """
    )
    func comparison() {
        let results = ModelComparison.compare(Self.practices(250, size: 8_000), model: model, trials: 4_000, seed: 7)
        let by = Dictionary(uniqueKeysWithValues: results.map { ($0.kind, $0) })
        let small = by[.small]!
        let large = by[.large]!
        let federated = by[.federated]!
        let agency = by[.agency]!
        #expect(small.consortia > 15)
        #expect(large.consortia == 1)
        #expect(small.probabilityAnyOver5 > 0.3)
        #expect(large.probabilityAnyOver5 < small.probabilityAnyOver5 / 10)
        #expect(federated.expectedOver5 < small.expectedOver5)
        // The pool pays overspends beyond 2% of budget: no consortium keeps more than 2%.
        #expect(agency.probabilityAnyOver5 == 0)
        #expect(agency.reserve100 < small.reserve100)
        #expect(small.managementShare > large.managementShare)
        #expect(agency.managementTiers < small.managementTiers)
        #expect(large.reserve100 >= large.reserve20)
        #expect(small.reserveNeeded.count == 4_000)
        #expect(results.allSatisfy { $0.managementAllowance == Double($0.patients) * 25 })
    }

    @Test(
        """
        Every model's bodies cover every practice once; the lead holds the pooled budget; localities carry the large \
        model's devolved budgets
        """
    )
    func bodies() {
        let ps = Self.practices(250, size: 8_000)
        let results = ModelComparison.compare(ps, model: model, trials: 2_000, seed: 11)
        let total = ps.reduce(0) { $0 + Double($1.patients) * $1.need } * model.meanPerHead
        for r in results {
            #expect(r.bodies.flatMap(\.practices).sorted() == ps.map(\.code).sorted(), "\(r.kind)")
            #expect(r.bodies.allSatisfy { (0...1).contains($0.probabilityOver5 + $0.probabilityUnder5) })
            // Budgets share out the whole area's fair share, whoever holds them.
            #expect(abs(r.bodies.reduce(0) { $0 + $1.budget } - total) < 1e-6 * total, "\(r.kind)")
        }
        let by = Dictionary(uniqueKeysWithValues: results.map { ($0.kind, $0) })
        #expect(by[.large]!.bodies.count == by[.large]!.localities)
        #expect(by[.federated]!.bodies[0].name.hasSuffix("(lead)"))
        #expect(by[.federated]!.bodies[0].budget > by[.small]!.bodies[0].budget)
        // Consortia of about 100,000 cut along CCG lines span one or two CCGs of 40 practices.
        #expect(by[.small]!.bodies.allSatisfy { (1...3).contains($0.consortia.count) })
        // With the pool paying beyond 2%, no agency consortium keeps an overspend over 5%.
        #expect(by[.agency]!.bodies.allSatisfy { $0.probabilityOver5 == 0 })
        #expect(by[.small]!.bodies.contains { $0.probabilityOver5 > 0 })
    }
}

@Suite("Capitation")
struct AllocationTests {
    static let practices = [
        Allocation.Practice(code: "A", patients: 10_000, weightedList: 12_000, need: 1.06),
        Allocation.Practice(code: "B", patients: 5_000, weightedList: 4_000, need: 0.96),
        Allocation.Practice(code: "C", patients: 5_000, weightedList: nil, need: 1.0),
    ]

    @Test("Raw capitation gives every patient the same; shares add up to the budget on every basis")
    func raw() {
        for basis in Allocation.Basis.allCases {
            let shares = Allocation.allocate(Self.practices, basis: basis, total: 2_000_000)
            #expect(abs(shares.reduce(0) { $0 + $1.budget } - 2_000_000) < 1e-6, "\(basis)")
            #expect(shares.map(\.rawBudget) == [1_000_000, 500_000, 500_000])
        }
        let raw = Allocation.allocate(Self.practices, basis: .raw, total: 2_000_000)
        #expect(raw.map(\.budget) == [1_000_000, 500_000, 500_000])
        #expect(raw.allSatisfy { $0.difference == 0 })
    }

    @Test("Weighted list: shares follow the weighted list; a practice with none is weighted at the others' average")
    func weighted() {
        let shares = Allocation.allocate(Self.practices, basis: .weighted, total: 2_000_000)
        // A and B publish 16,000 weighted for 15,000 registered: C counts 5,000 × 16/15.
        let c = 5_000.0 * 16 / 15
        #expect(shares[2].estimated && !shares[0].estimated)
        #expect(abs(shares[2].weight - c) < 1e-9)
        let total = 16_000 + c
        #expect(abs(shares[0].budget - 2_000_000 * 12_000 / total) < 1e-6)
        #expect(abs(shares[1].difference - (2_000_000 * 4_000 / total / 500_000 - 1)) < 1e-12)
        #expect(Allocation.shareAway(shares, by: 0.10) == 2.0 / 3)
    }

    @Test("Need: registered list times the need weight")
    func need() {
        let shares = Allocation.allocate(Self.practices, basis: .need, total: 1_000)
        let weights = [10_600.0, 4_800, 5_000]
        for i in 0..<3 { #expect(abs(shares[i].budget - 1_000 * weights[i] / 20_400) < 1e-9) }
    }
}

@Suite("Cost model files")
struct CostModelFileTests {
    @Test(
        """
        A bad cost model is refused with the line and reason
        """,
        arguments: [
            ("rate = 0.12", "rate = -0.12", "'rate' is -0.12; it must be above 0"),
            ("source = \"bachmann-bevan-1996\"", "source = \"nobody\"", "source 'nobody' is not listed"),
            ("decile_10 = 0.9601\n", "", "all ten deciles"),
            ("cv = 1.2", "cv = 1.2\ncolour = \"red\"", "unknown setting 'colour'"),
        ])
    func refused(replace: String, with: String, reason: String) throws {
        let text = try String(contentsOf: root.appendingPathComponent("finance/cost-model.toml"), encoding: .utf8)
        do {
            _ = try CostModelReader.read(text.replacingOccurrences(of: replace, with: with), file: "cost-model.toml")
            Issue.record("accepted")
        } catch {
            #expect(error.file == "cost-model.toml")
            #expect(error.line > 0)
            #expect(error.reason.contains(reason), "\(error)")
        }
    }
}
