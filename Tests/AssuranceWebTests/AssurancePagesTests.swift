import Assurance
import AssuranceWeb
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

private func policy(_ name: String) throws -> Policy {
    try PolicyReader.read(contentsOf: repositoryRoot.appendingPathComponent("policies/\(name).toml"))
}

/// Two consortia: C1 of 24,500 patients (below gp-consortia-2010's minimum of 100,000) and C2
/// of 120,000 (inside the band, below the advisory 150,000).
private let registry = mockRegistry(
    practices: [
        MockPractice("P00001", "ABBEY SURGERY", patients: 12_000, imd: 20, at: (400_000, 400_000)),
        MockPractice("P00002", "BRIDGE SURGERY", patients: 12_500, imd: 30, at: (401_000, 400_500)),
        MockPractice("P00003", "CASTLE MEDICAL CENTRE", patients: 60_000, imd: 10, at: (402_000, 401_000)),
        MockPractice("P00004", "DALE HOUSE", patients: 60_000, imd: 12, at: (402_500, 401_500)),
    ],
    groups: [
        MockGroup("C1", .consortium, "NHS Small CCG", members: ["P00001", "P00002"]),
        MockGroup("C2", .consortium, "NHS Middle CCG", members: ["P00003", "P00004"]),
    ])

@Suite("Assurance pages: models and views")
struct AssurancePagesTests {
    @Test("The verdict: not authorised, the blocking finding about the small consortium, filters that keep it")
    func report() throws {
        let rules = try policy("gp-consortia-2010")
        let report = Assurance.check(registry.configuration, policy: rules)
        let page = ReportPage(report: report, policy: rules, policies: [rules], view: registry)
        let text = visibleText(page.render(mockContext(path: "/assurance")).html)
        #expect(
            text.contains(
                "Would not be authorised under \(rules.title) on 1 January 2022 (for the levels in the data; the "
                    + "locality level is not in the data)."
            ))
        let blocking = report.findings.filter { $0.severity == .blocking && $0.rule == .size }
        #expect(blocking.map(\.subject.code) == ["C1"])
        // The filters keep only what they name, in the table and in the CSV.
        let filtered = ReportPage(
            report: report, policy: rules, policies: [rules], view: registry,
            filters: .init(severity: .advisory, rule: .size))
        let findings = filtered.tables(mockContext(path: "/assurance"))[0]
        #expect(findings.rows.map { $0[3].text } == ["NHS Middle CCG"])
        #expect(
            visibleText(filtered.render(mockContext(path: "/assurance")).html)
                .contains("Showing 1 of \(report.findings.count) findings."))
    }

    @Test("A finding's subject links to its page; a district or the country has none")
    func subjectLinks() {
        let ctx = mockContext(path: "/assurance")
        #expect(Findings.href(OrganisationRef(code: "E08000025", name: "Birmingham", kind: "district"), ctx) == nil)
        #expect(Findings.href(OrganisationRef(code: "QHL", name: "Birmingham and Solihull", kind: "icb"), ctx) != nil)
        #expect(Findings.href(OrganisationRef(code: "A81001", name: "Practice", kind: "practice"), ctx) != nil)
    }

    @Test("The policies: each with its levels; one policy's page with its rules and every source")
    func policies() throws {
        let all = try ["gp-consortia-2010", "pcn-2019"].map(policy)
        let list = PoliciesPage(policies: all).render(mockContext(path: "/policies")).html
        #expect(list.contains(#"href="/policies/pcn-2019""#))
        let text = visibleText(PolicyPage(policy: all[0]).render(mockContext(path: "/policies/gp-consortia-2010")).html)
        #expect(text.contains("100,000–750,000 patients"))
        #expect(text.contains("GPC guide, November 2010"))
    }

    @Test("The page model reads the named policy's report on the registry; an unknown policy is a 404")
    func load() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let view = try await app.registryCache.view(at: Day(year: 2022, month: 1, day: 1)!, on: Store.sql(app.db))
            let page = try await ReportPage.load(
                policy: try app.policies.policy(named: "gp-consortia-2010"), view: view, filters: .init(),
                req: Request(application: app, on: app.eventLoopGroup.next()))
            #expect(page.report.practices == 23)
            #expect(page.policies.map(\.name).contains("pcn-2019"))
            #expect(throws: Abort.self) { try PolicyPage.load("no-such-policy", app: app) }
        }
    }
}

@Suite("Assurance pages: long reports")
struct AssurancePagingTests {
    @Test("Many findings come 50 to a page, in rule order, with each rule's whole count and a way to the next page")
    func paged() throws {
        // 120 consortia of one small practice each: every one is too small under gp-consortia-2010.
        let practices = (1...120).map { i in
            MockPractice(
                String(format: "P%05d", i), "PRACTICE \(i)", patients: 1_000, imd: 10,
                at: (400_000 + i * 1_000, 400_000))
        }
        let groups = (1...120).map { i in
            MockGroup(
                String(format: "C%03d", i), .consortium, "NHS Tiny \(i) CCG", members: [String(format: "P%05d", i)])
        }
        let view = mockRegistry(practices: practices, groups: groups)
        let rules = try policy("gp-consortia-2010")
        let report = Assurance.check(view.configuration, policy: rules)
        let size = report.findings.filter { $0.rule == .size }.count
        #expect(report.findings.count > 100 && size >= 120)
        func page(_ n: Int) -> String {
            var filters = ReportPage.Filters()
            filters.page = n
            return visibleText(
                ReportPage(report: report, policy: rules, policies: [rules], view: view, filters: filters)
                    .render(mockContext(path: "/assurance")).html)
        }
        let total = report.findings.count
        let pages = (total + 49) / 50
        let first = page(1)
        #expect(first.contains("Showing 1–50 of \(grouped(total)) findings."), "\(first.prefix(300))")
        #expect(first.contains("Page 1 of \(pages)") && first.contains("Next →"))
        // Each rule's heading counts all its findings, not only this page's.
        #expect(first.contains("(\(grouped(size)))"))
        let last = page(pages)
        #expect(last.contains("Showing \(grouped((pages - 1) * 50 + 1))–\(grouped(total)) of"))
        #expect(last.contains("← Previous") && !last.contains("Next →"))
        // A page past the end shows the last.
        #expect(page(10_000).contains("Page \(pages) of \(pages)"))
    }
}
