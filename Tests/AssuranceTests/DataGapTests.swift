import Assurance
import ConsortCore
import Testing

/// Real data as it comes: levels missing from the data, list sizes missing or older than the
/// memberships, practices without a location or patients.
@Suite("Incomplete and dated data")
struct DataGapTests {
    @Test("A level with no group in the data is reported absent; its checks do not run")
    func absentLevel() throws {
        var b = Builder()
        let a = b.practice("A", km: (0, 0), size: 20_000)
        let c = b.practice("B", km: (5, 0), size: 20_000)
        b.group("CCG1", .consortium, [a, c])
        let report = Assurance.check(b.configuration, policy: try library.load("pcn-2019"))
        let network = try #require(report.levels.first { $0.level == .network })
        #expect(!network.inData)
        #expect(report.findings.filter { $0.rule == .coverage }.isEmpty)
        #expect(report.text().contains("not in the data at this date; its checks did not run"))
        b.group("PCN1", .network, [a])
        let withNetworks = Assurance.check(b.configuration, policy: try library.load("pcn-2019"))
        #expect(withNetworks.levels.first { $0.level == .network }?.inData == true)
        #expect(withNetworks.findings.contains { $0.rule == .coverage && $0.organisations.contains { $0.code == "B" } })
    }

    @Test("Practices without a location or with no patients are findings of their group, not dropped")
    func unplacedAndEmpty() throws {
        var b = Builder()
        let placed = b.practice("A", km: (0, 0), size: 40_000)
        let lost = b.practice("B", km: nil, size: 5_000)
        let empty = b.practice("C", km: (1, 0), size: 0)
        b.group("PCN1", .network, [placed, lost, empty])
        let report = Assurance.check(b.configuration, policy: try library.load("pcn-2019"))
        let gaps = report.findings.filter { $0.rule == .data }
        #expect(gaps.count == 1)
        let gap = try #require(gaps.first)
        #expect(gap.subject.code == "PCN1" && gap.severity == .advisory)
        #expect(gap.figure("practices without a location") == 1 && gap.figure("practices with no patients") == 1)
        #expect(gap.message.contains("Practice B (B)") && gap.message.contains("Practice C (C)"))
        #expect(gap.message.contains("could not place it"))
    }

    @Test("Stale or missing practice sizes: warnings with counts and dates; a newer published total sizes the group")
    func staleSizes() throws {
        let old = Day(year: 2019, month: 4, day: 1)!
        var b = Builder()
        let a = b.practice("A", km: (0, 0), size: 12_000, sizeOn: old)
        let c = b.practice("B", km: (2, 0), size: 12_000, sizeOn: old)
        let d = b.practice("C", km: (4, 0), size: 0, sizeOn: nil)
        b.group("PCN1", .network, [a, c, d])
        b.group("PCN2", .network, [b.practice("D", km: (9, 0), size: 31_000)])
        var report = Assurance.check(b.configuration, policy: try library.load("pcn-2019"))
        #expect(report.listSizes.stale == 2 && report.listSizes.stalePatients == 24_000)
        #expect(report.listSizes.missing == 1 && report.listSizes.oldest == old && report.listSizes.newest == day)
        #expect(report.sizeWarnings.count == 3)
        #expect(report.sizeWarnings[0].contains("2 of 4 practices have list sizes older than the memberships"))
        #expect(report.sizeWarnings[0].contains("as at 1 April 2019"))
        #expect(report.sizeWarnings[1] == "1 of 4 practices have no list size in the data.")
        #expect(report.text().contains("WARNING: 2 of 4 practices"))
        // Without a published total the sum of what there is (24,000) is below 30,000, and says why.
        let below = try #require(report.findings.first { $0.rule == .size && $0.subject.code == "PCN1" })
        #expect(below.figure("patients") == 24_000)
        #expect(
            below.basis?.contains("not current for 3 of 3 practices: 2 as at 1 April 2019, 1 with no list size") == true
        )
        // A published total of the memberships' date stands in.
        b.groups[0] = .init(
            code: "PCN1", name: "Group PCN1", kind: .network, parent: nil, members: [a, c, d],
            published: .init(patients: 36_000, on: day, source: "NHS England"))
        report = Assurance.check(b.configuration, policy: try library.load("pcn-2019"))
        #expect(!report.findings.contains { $0.rule == .size && $0.subject.code == "PCN1" })
        #expect(report.groupsFromPublishedTotals == 1)
        #expect(report.sizeWarnings.last?.contains("used the published group totals for 1 groups") == true)
        // Current sizes: no warning, and the sum is used even with a published total.
        var current = Builder()
        let e = current.practice("E", km: (0, 0), size: 10_000)
        current.group("PCN3", .network, [e], published: .init(patients: 99_000, on: day, source: "NHS England"))
        let fresh = Assurance.check(current.configuration, policy: try library.load("pcn-2019"))
        #expect(fresh.sizeWarnings.isEmpty && fresh.groupsFromPublishedTotals == 0)
        #expect(fresh.findings.first { $0.rule == .size }?.figure("patients") == 10_000)
    }
}
