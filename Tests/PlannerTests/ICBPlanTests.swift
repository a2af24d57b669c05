import Assurance
import ConsortCore
import Foundation
import Planner
import Testing

@Suite("Planning ICBs from whole sub-ICB locations within each region")
struct ICBPlanTests {
    /// Two regions 200 km apart. The first has eight sub-ICB locations (consortia) of five
    /// practices (about 300,000 patients each) in a row 10 km apart, in four ICBs of two; the
    /// second has four in two ICBs. Every ICB today is below a million.
    static func configuration() -> Configuration {
        let day = Day(year: 2026, month: 4, day: 1)!
        var practices: [Configuration.Practice] = []
        var groups: [Configuration.Group] = []
        for (region, consortia) in [(0, 8), (1, 4)] {
            var regionMembers: [Int] = []
            var icbMembers: [Int] = []
            for s in 0..<consortia {
                var members: [Int] = []
                for k in 0..<5 {
                    practices.append(
                        .init(
                            code: "R\(region)S\(s)P\(k)", name: "Demo practice \(region)-\(s)-\(k)",
                            point: (x: 300_000 + region * 200_000 + s * 10_000 + k * 1_000, y: 300_000),
                            listSize: 55_000 + k * 2_500, listSizeOn: day, imdScore: 20))
                    members.append(practices.count - 1)
                }
                groups.append(
                    .init(code: "R\(region)S\(s)", name: "Sub-ICB", kind: .consortium, parent: nil, members: members))
                icbMembers += members
                regionMembers += members
                if s % 2 == 1 {
                    groups.append(
                        .init(code: "R\(region)I\(s / 2)", name: "ICB", kind: .icb, parent: nil, members: icbMembers))
                    icbMembers = []
                }
            }
            groups.append(.init(code: "R\(region)", name: "Region", kind: .region, parent: nil, members: regionMembers))
        }
        return Configuration(date: day, practices: practices, groups: groups)
    }

    @Test("Every planned ICB is whole sub-ICB locations in one region, of at least a million where asked")
    func plan() throws {
        let c = Self.configuration()
        let policy = try library.load("icb-2025")
        var options = try PlanOptions.from(policy: policy, level: .icb)
        #expect(options.preferredMin == 1_000_000 && options.capKm == 30)
        options.minPatients = 1_000_000  // as `consort plan --min 1000000`
        options.starts = 2
        options.effort = 200
        let input = try PlanInput(
            configuration: c, level: .icb, within: .region, atoms: Policy.Level.icb.defaultAtoms)
        let plan = try Planner.plan(input, options: options)
        let subICB = Dictionary(uniqueKeysWithValues: c.practices.map { ($0.code, String($0.code.prefix(4))) })
        let region = Dictionary(uniqueKeysWithValues: c.practices.map { ($0.code, String($0.code.prefix(2))) })
        #expect(plan.groups.count == 3, "2.4 million and 1.2 million patients: two ICBs and one")
        var icbOf: [String: Set<String>] = [:]
        for group in plan.groups {
            #expect(Set(group.practices.compactMap { region[$0] }).count == 1, "\(group.code) crosses regions")
            #expect(group.patients >= 1_000_000, "\(group.code): \(group.patients)")
            for code in group.practices { icbOf[subICB[code] ?? "", default: []].insert(group.code) }
        }
        #expect(icbOf.count == 12 && icbOf.values.allSatisfy { $0.count == 1 }, "whole sub-ICB locations")
        #expect(Set(plan.groups.flatMap(\.practices)).count == c.practices.count, "every practice planned")
    }
}
