import Assurance
import ConsortCore
import Foundation
import Testing

@Suite("Coterminosity rule: each local authority's practices in one group")
struct CoterminosityRuleTests {
    static let rule = """
        [icb]
        kinds = ["icb"]
        [icb.coterminosity]
        areas = "districts"
        source = "s"
        """

    /// Two ICBs; district D1 wholly in Q1, D2 split 2 + 1 between Q1 and Q2, D3 wholly in Q2;
    /// practice X has no district.
    static func world() -> (Configuration, Assurance.Areas) {
        var b = Builder()
        let a = b.practice("A", km: (0, 0), size: 100)
        let c = b.practice("C", km: (1, 0), size: 200)
        let d = b.practice("D", km: (2, 0), size: 300)
        let e = b.practice("E", km: (3, 0), size: 400)
        let f = b.practice("F", km: (4, 0), size: 500)
        let x = b.practice("X", km: (5, 0), size: 600)
        b.group("Q1", .icb, [a, c, d])
        b.group("Q2", .icb, [e, f, x])
        let areas = Assurance.Areas(
            label: "test districts", of: ["A": "D1", "C": "D2", "D": "D2", "E": "D2", "F": "D3"],
            names: ["D1": "One", "D2": "Two", "D3": "Three"])
        return (b.configuration, areas)
    }

    @Test("A district split between two ICBs is one finding with each part's practices and patients")
    func split() throws {
        let (configuration, areas) = Self.world()
        let report = Assurance.check(configuration, policy: try policy(Self.rule), areas: areas)
        let found = report.findings.filter { $0.rule == .coterminosity }
        #expect(found.map(\.subject.code) == ["D2"])
        let f = try #require(found.first)
        #expect(f.severity == .advisory && f.subject.kind == "district")
        #expect(f.organisations.map(\.code) == ["Q1", "Q2"])  // most patients first: 500 in Q1, 400 in Q2
        #expect(f.figures.first { $0.name == "patients outside the largest part" }?.value == 400)
        #expect(f.message.hasPrefix("Two (D2): its 3 practices (900 patients) are in 2 ICBs"))
        #expect(report.levels.first?.splitAreas == 1)
        #expect(report.areasNote?.contains("1 without a location in one were not placed") == true)
        #expect(report.text().contains("Each local authority in one group (1)"))
    }

    @Test("When every district is whole there is no finding; the severity is the policy's")
    func whole() throws {
        let (configuration, areas) = Self.world()
        var moved = areas.of
        moved["E"] = "D3"
        let whole = Assurance.check(
            configuration, policy: try policy(Self.rule),
            areas: Assurance.Areas(label: areas.label, of: moved, names: areas.names))
        #expect(!whole.findings.contains { $0.rule == .coterminosity })
        #expect(whole.levels.first?.splitAreas == 0)
        let blocking = try policy(Self.rule + "\nseverity = \"blocking\"")
        #expect(Assurance.check(configuration, policy: blocking, areas: areas).blocking == 1)
    }

    @Test("Without districts the rule does not run, and the report says so rather than passing it")
    func withoutAreas() throws {
        let (configuration, _) = Self.world()
        let report = Assurance.check(configuration, policy: try policy(Self.rule))
        #expect(!report.findings.contains { $0.rule == .coterminosity })
        #expect(report.levels.first?.splitAreas == nil)
        #expect(report.areasNote?.hasPrefix("Local authorities were not checked") == true)
        // A policy without the rule says nothing about areas.
        let plain = try policy("[icb]\nkinds = [\"icb\"]\n[icb.size]\nmin = 1\nsource = \"s\"")
        #expect(Assurance.check(configuration, policy: plain).areasNote == nil)
    }

    @Test("The policy file: only districts are known; an unknown key or area set is refused with its line")
    func reader() throws {
        #expect(try policy(Self.rule).rules(for: .icb)?.coterminosity?.areas == "districts")
        #expect(try library.load("icb-2025").rules(for: .icb)?.coterminosity?.severity == .advisory)
        for (text, words) in [
            (Self.rule.replacingOccurrences(of: "\"districts\"", with: "\"wards\""), "Consort knows districts"),
            (Self.rule + "\nwhole = \"network\"", "whole"),
        ] {
            #expect {
                try policy(text)
            } throws: { error in
                "\(error)".contains(words) && "\(error)".contains("line")
            }
        }
    }
}
