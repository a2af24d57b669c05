import Assurance
import ConsortCore
import Foundation
import Testing

@Suite("Coterminosity: districts split between ICBs")
struct CoterminosityTests {
    @Test("A district whose practices are in two ICBs is reported with the practices and patients of each")
    func splits() throws {
        let day = Day(year: 2026, month: 4, day: 1)!
        let sizes = [1_000, 2_000, 3_000, 4_000, 5_000, 6_000]
        let practices = sizes.enumerated().map { i, size in
            Configuration.Practice(
                code: "P\(i)", name: "Practice \(i)", point: nil, listSize: size, listSizeOn: day, imdScore: nil)
        }
        let groups = [
            Configuration.Group(code: "Q1", name: "ICB one", kind: .icb, parent: nil, members: [0, 1, 2]),
            Configuration.Group(code: "Q2", name: "ICB two", kind: .icb, parent: nil, members: [3, 4]),
            Configuration.Group(code: "N1", name: "A network", kind: .network, parent: nil, members: [0, 3]),
        ]
        let configuration = Configuration(date: day, practices: practices, groups: groups)
        // D1: P0, P1 (Q1) and P3 (Q2): split. D2: P2 (Q1) only. P4 in no district; P5 in no ICB.
        let districts = ["D1", "D1", "D2", "D1", nil, "D2"]
        let report = Coterminosity.check(configuration, kind: .icb) { districts[$0] }
        #expect(report.areas == 2 && report.unplaced == 1 && report.ungrouped == 1)
        #expect(report.splits.count == 1)
        let split = try #require(report.splits.first)
        #expect(split.area == "D1" && split.practices == 3 && split.patients == 7_000)
        #expect(
            split.parts == [
                .init(group: "Q2", practices: 1, patients: 4_000), .init(group: "Q1", practices: 2, patients: 3_000),
            ], "most patients first")
        // Networks: D1 holds N1's two practices and two practices in no network; nothing is split.
        #expect(Coterminosity.check(configuration, kind: .network) { districts[$0] }.splits.isEmpty)
    }
}
