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

@Suite("Nesting: inside one group, of whole groups")
struct NestingTests {
    @Test("A provider across two ICBs, a network divided between providers or partly in none, are each reported")
    func nesting() throws {
        var b = Builder()
        let p = (0..<8).map { b.practice("P\($0)", km: (Double($0), 0), size: 50_000) }
        b.group("Q1", .icb, [p[0], p[1], p[2], p[3]])
        b.group("Q2", .icb, [p[4], p[5], p[6], p[7]])
        b.group("N1", .network, [p[0], p[1]])  // whole, inside F1
        b.group("N2", .network, [p[2], p[3]])  // divided between F1 and F2
        b.group("N3", .network, [p[4], p[5]])  // partly in no provider
        b.group("N4", .network, [p[6], p[7]])  // in no provider at all: not this rule's concern
        b.group("F1", .federation, [p[0], p[1], p[2]])
        b.group("F2", .federation, [p[3], p[4]])  // across Q1 and Q2
        let report = Assurance.check(b.configuration, policy: try library.load("neighbourhood-2025"))
        let nesting = report.findings.filter { $0.rule == .nesting }
        #expect(Set(nesting.map(\.subject.code)) == ["F2", "N2", "N3"])
        #expect(nesting.allSatisfy { $0.severity == .advisory && $0.level == .multiNeighbourhood })
        let across = try #require(nesting.first { $0.subject.code == "F2" })
        #expect(across.message.contains("has practices in 2 STPs / ICBs: Group Q1 (Q1), Group Q2 (Q2)"))
        let partly = try #require(nesting.first { $0.subject.code == "N3" })
        #expect(partly.figure("practices outside them") == 1)
        // The rule is read from the policy: inside and whole name one kind each.
        #expect(throws: PolicyError.self) {
            try policy("[network]\n[network.nesting]\ninside = \"county\"\nsource = \"s\"")
        }
        #expect(throws: PolicyError.self) { try policy("[network]\n[network.nesting]\nsource = \"s\"") }
    }
}
