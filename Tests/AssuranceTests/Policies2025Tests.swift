import Assurance
import ConsortCore
import Foundation
import Testing

@Suite("The 2025 policies: neighbourhoods, multi-neighbourhood providers and ICBs")
struct Policies2025Tests {
    /// Groups of one kind whose sizes are the given list sizes (one practice each, 1 km apart).
    static func configuration(_ kind: GroupKind, _ sizes: [Int]) -> Configuration {
        var b = Builder()
        for (i, size) in sizes.enumerated() {
            let p = b.practice("P\(i)", km: (Double(i), 0), size: size)
            b.group("G\(i)", kind, [p])
        }
        return b.configuration
    }

    static func advisedSizes(_ report: Report) -> Set<String> {
        Set(report.findings.filter { $0.rule == .size && $0.severity == .advisory }.map(\.subject.code))
    }

    @Test("Levels are named by the policy: neighbourhoods check networks, multi-neighbourhood providers federations")
    func levels() throws {
        let neighbourhoods = try library.load("neighbourhood-2025")
        #expect(neighbourhoods.levels.map(\.level) == [.neighbourhood, .multiNeighbourhood])
        #expect(neighbourhoods.rules(for: .neighbourhood)?.kinds == [.network])
        #expect(neighbourhoods.rules(for: .multiNeighbourhood)?.kinds == [.federation])
        let icb = try library.load("icb-2025")
        #expect(icb.levels.map(\.level) == [.icb] && icb.rules(for: .icb)?.kinds == [.icb])
        // A level Consort does not know needs its kinds; with them it is checked like any other.
        let county = try policy(
            """
            [county]
            kinds = ["icb"]
            [county.size]
            advisory_min = 500
            advisory_source = "s"
            """)
        let report = Assurance.check(Self.configuration(.icb, [499, 500]), policy: county)
        #expect(Self.advisedSizes(report) == ["G0"])
        #expect(report.findings.first?.level?.rawValue == "county")
    }

    @Test("Neighbourhoods: advised from 30,000 to 100,000 (around 50,000); nothing is blocking")
    func neighbourhoods() throws {
        let policy = try library.load("neighbourhood-2025")
        let report = Assurance.check(
            Self.configuration(.network, [29_999, 30_000, 50_000, 100_000, 100_001]), policy: policy)
        #expect(Self.advisedSizes(report) == ["G0", "G4"])
        #expect(!report.findings.contains { $0.severity == .blocking })
    }

    @Test("Multi-neighbourhood providers: federations advised from 150,000 to 400,000 (around 250,000)")
    func multiNeighbourhood() throws {
        let policy = try library.load("neighbourhood-2025")
        let report = Assurance.check(
            Self.configuration(.federation, [149_999, 150_000, 250_000, 400_000, 400_001]), policy: policy)
        #expect(Self.advisedSizes(report) == ["G0", "G4"])
    }

    @Test("ICBs: advised from about a million; every practice in one ICB is blocking")
    func icbs() throws {
        let policy = try library.load("icb-2025")
        var b = Builder()
        let small = b.practice("S", km: (0, 0), size: 999_999)
        let large = b.practice("L", km: (1, 0), size: 1_000_000)
        let none = b.practice("N", km: (2, 0), size: 10)
        b.group("Q1", .icb, [small])
        b.group("Q2", .icb, [large])
        let report = Assurance.check(b.configuration, policy: policy)
        #expect(Self.advisedSizes(report) == ["Q1"])
        let blocking = report.findings.filter { $0.severity == .blocking }
        #expect(blocking.count == 1 && blocking.first?.rule == .coverage)
        #expect(none == 2)
    }
}
