import Assurance
import ConsortCore
import Foundation
import Planner
import Testing

@Suite("Advised sizes are preferences; fewest changes")
struct PreferenceTests {
    /// A 6 × 4 grid of 5,000-patient practices (120,000 patients) that today form one network.
    func oneBigNetwork() -> PlanInput {
        PlanInput(practices: grid(columns: 6, rows: 4, current: { _, _ in "BIG" }))
    }

    func plan(preference: Double, moves: Double) throws -> Plan {
        var o = PlanOptions(
            level: .network, minPatients: 30_000, maxPatients: nil, preferredMax: 50_000, capKm: 5,
            weights: .init(compactness: 0, balance: 0, moves: moves, preference: preference), fromCurrent: true,
            seed: 3, starts: 2, effort: 200)
        o.targetPatients = 40_000
        return try Planner.plan(oneBigNetwork(), options: o)
    }

    @Test("A network above the advised maximum but within the limits is split only when the advice outweighs moves")
    func weighed() throws {
        // Moves count for much more than the advice: today's network stays whole.
        let kept = try plan(preference: 0.1, moves: 10)
        #expect(kept.groups.count == 1)
        #expect(kept.metrics.movedPractices == 0)
        #expect(kept.groups[0].withinBand, "120,000 is within the limits: at least 30,000, no maximum")
        #expect(kept.metrics.groupsWithinAdvice == 0)
        // The advice counts for more: the network is split into groups of at most 50,000.
        let split = try plan(preference: 10, moves: 0.1)
        expectExactCover(split, oneBigNetwork())
        #expect(split.groups.count >= 3)
        #expect(split.groups.allSatisfy { $0.patients >= 30_000 && $0.patients <= 50_000 })
        #expect(split.metrics.groupsWithinAdvice == split.groups.count)
        #expect(split.metrics.movedPractices > 0)
    }

    @Test("The policy's limits are limits whatever the weights: a group below the minimum is always repaired")
    func limits() throws {
        // Today: one network of 120,000 and one of 10,000 (two practices) beside it.
        var practices = grid(columns: 6, rows: 4, current: { _, _ in "BIG" })
        for i in 0..<2 {
            practices.append(
                PlanInput.Practice(
                    code: "T\(i)", name: "Demo practice T\(i)", point: (412_000 + 2_000 * i, 300_000),
                    listSize: 5_000, imdScore: 30, current: "TINY", area: "A"))
        }
        let input = PlanInput(practices: practices)
        let o = PlanOptions(
            level: .network, minPatients: 30_000, maxPatients: nil, preferredMax: 50_000, capKm: 5,
            weights: PlanOptions.Mode.fewestChanges.weights, fromCurrent: true, seed: 1, starts: 2, effort: 200)
        let plan = try Planner.plan(input, options: o)
        expectExactCover(plan, input)
        #expect(plan.groups.allSatisfy { $0.patients >= 30_000 })
        // Few moves: the small network's practices join, and little else changes.
        #expect(plan.metrics.movedPractices <= 4)
    }

    @Test("pcn-2019 from today's networks on the shipped data, fewest changes: under 15% of practices move")
    func england() throws {
        let policy = try library.load("pcn-2019")
        var options = try PlanOptions.from(policy: policy, level: .network)
        options.weights = PlanOptions.Mode.fewestChanges.weights
        options.starts = 1
        options.effort = 40
        let input = try PlanInput(
            configuration: PlannerShippedTests.configuration, level: .network, within: .icb)
        let plan = try Planner.plan(input, options: options)
        expectExactCover(plan, input)
        let share = Double(plan.metrics.movedPractices) / Double(plan.metrics.practices)
        #expect(share < 0.15, "moved \(plan.metrics.movedPractices) of \(plan.metrics.practices)")
        #expect(plan.metrics.practiceShareWithinBand > plan.current.practiceShareWithinBand)
        #expect(plan.metrics.practiceShareWithinBand > 0.98)
        let before = Assurance.check(PlannerShippedTests.configuration, policy: policy)
        let after = Assurance.check(PlannerShippedTests.configuration.applying(plan, kind: .network), policy: policy)
        #expect(
            after.findings.filter { $0.severity == .blocking }.count
                < before.findings.filter { $0.severity == .blocking }.count)
    }
}
