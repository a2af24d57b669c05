import Assurance
import ConsortCore
import Foundation
import Planner
import Testing

@Suite("Planning multi-neighbourhood providers from whole networks")
struct MultiNeighbourhoodTests {
    /// Two ICBs 100 km apart, each with six networks of five practices of 8,000–12,000 patients
    /// (about 50,000 a network, 300,000 an ICB), networks laid out in a row 3 km apart.
    static func configuration() -> Configuration {
        let day = Day(year: 2026, month: 4, day: 1)!
        var practices: [Configuration.Practice] = []
        var groups: [Configuration.Group] = []
        for icb in 0..<2 {
            var icbMembers: [Int] = []
            for network in 0..<6 {
                var members: [Int] = []
                for k in 0..<5 {
                    let x = 400_000 + icb * 100_000 + network * 3_000 + k * 400
                    let size = 8_000 + ((icb * 7 + network * 3 + k) % 5) * 1_000
                    practices.append(
                        .init(
                            code: "Q\(icb)N\(network)P\(k)", name: "Demo practice \(icb)-\(network)-\(k)",
                            point: (x: x, y: 300_000 + k * 300), listSize: size, listSizeOn: day,
                            imdScore: 15 + Double(network)))
                    members.append(practices.count - 1)
                }
                groups.append(
                    .init(code: "Q\(icb)N\(network)", name: "Network", kind: .network, parent: nil, members: members))
                icbMembers += members
            }
            groups.append(.init(code: "Q\(icb)", name: "ICB \(icb)", kind: .icb, parent: nil, members: icbMembers))
        }
        return Configuration(date: day, practices: practices, groups: groups)
    }

    @Test("Every provider is whole networks inside one ICB, and within the advised 150,000–400,000")
    func plan() throws {
        let c = Self.configuration()
        let policy = try library.load("neighbourhood-2025")
        var options = try PlanOptions.from(policy: policy, level: .multiNeighbourhood)
        #expect(options.preferredMin == 150_000 && options.preferredMax == 400_000 && options.targetPatients == 275_000)
        options.starts = 2
        options.effort = 200
        options.seed = 3
        let input = try PlanInput(configuration: c, level: .multiNeighbourhood, within: .icb, atoms: .network)
        let plan = try Planner.plan(input, options: options)
        let network = Dictionary(uniqueKeysWithValues: c.practices.map { ($0.code, String($0.code.prefix(4))) })
        let icb = Dictionary(uniqueKeysWithValues: c.practices.map { ($0.code, String($0.code.prefix(2))) })
        #expect(!plan.groups.isEmpty)
        for group in plan.groups {
            #expect(Set(group.practices.compactMap { icb[$0] }).count == 1, "\(group.code) crosses ICBs")
            #expect((150_000...400_000).contains(group.patients), "\(group.code): \(group.patients)")
        }
        // Whole networks: each network's five practices are in one provider.
        var providerOf: [String: Set<String>] = [:]
        for group in plan.groups {
            for code in group.practices { providerOf[network[code] ?? "", default: []].insert(group.code) }
        }
        #expect(providerOf.count == 12 && providerOf.values.allSatisfy { $0.count == 1 })
        #expect(Set(plan.groups.flatMap(\.practices)).count == c.practices.count, "every practice planned")
    }
}
