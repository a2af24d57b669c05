import ConsortCore
import ConsortTestSupport
import ConsortWeb
import FinanceWeb
import Foundation
import RiskSim
import Testing
import Vapor

private func costModel() throws -> CostModel {
    try CostModelReader.read(contentsOf: repositoryRoot.appendingPathComponent("finance/cost-model.toml"))
}

/// Two consortia of two practices each: 30,000 patients in all.
private let registry = mockRegistry(
    practices: [
        MockPractice("P00001", "ABBEY SURGERY", patients: 6_000, imd: 20, at: (400_000, 400_000)),
        MockPractice("P00002", "BRIDGE SURGERY", patients: 4_000, imd: 30, at: (401_000, 400_500)),
        MockPractice("P00003", "CASTLE MEDICAL CENTRE", patients: 12_000, imd: 10, at: (402_000, 401_000)),
        MockPractice("P00004", "DALE HOUSE", patients: 8_000, imd: 12, at: (402_500, 401_500)),
    ],
    groups: [
        MockGroup("C1", .consortium, "NHS North CCG", members: ["P00001", "P00002"]),
        MockGroup("C2", .consortium, "NHS South CCG", members: ["P00003", "P00004"]),
    ])

@Suite("Finance pages: models and views")
struct FinancePagesTests {
    @Test("Raw capitation at £100 a head: each consortium's budget is its patients times £100, and the page says so")
    func allocation() throws {
        let params = Finance.AllocationParams(basis: .raw, perHead: 100, managementPerHead: 0)
        let page = try AllocationPage.load(
            params, model: try costModel(), view: registry, sort: .code, ascending: true, page: 1)
        #expect(page.result.total == 3_000_000)
        #expect(page.result.groups.map(\.code) == ["C1", "C2"] || page.result.groups.map(\.code) == ["C2", "C1"])
        for group in page.result.groups {
            #expect(abs(group.budget - Double(group.patients) * 100) < 0.01)
        }
        let groups = page.tables(mockContext(path: "/finance"))[0]
        let row = try #require(groups.rows.first { $0.contains { $0.text == "NHS North CCG" } })
        #expect(row.contains { $0.text == "£1,000,000" })
        let text = visibleText(page.render(mockContext(path: "/finance")).html)
        #expect(text.contains("30,000 registered patients at £100 each"))
    }

    @Test("Before an area is chosen the models page is the form alone; the cost model page cites its sources")
    func formsAndSources() throws {
        let model = try costModel()
        let form = ModelsPage(result: nil, params: nil, model: model, view: registry)
        #expect(form.tables(mockContext(path: "/finance/models")).isEmpty)
        let html = form.render(mockContext(path: "/finance/models")).html
        #expect(html.contains("<form"))
        #expect(html.contains(#"name="area""#))
        let sources = visibleText(CostModelPage(model: model).render(mockContext(path: "/finance/cost-model")).html)
        #expect(sources.contains(try #require(model.citation(model.budgetSource))))
    }

    @Test("Page models on the small fixture: both consortia's risk, and four models compared for Halton (01F)")
    func load() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let view = try await app.registryCache.view(at: Day(year: 2022, month: 1, day: 1)!, on: Store.sql(app.db))
            let risk = try await RiskPage.load(
                Finance.RiskParams(populations: [10_000, 100_000], trials: 1_000, show: 10_000),
                groups: .init(trials: 1_000), view: view, sort: .risk, ascending: false, page: 1, app: app)
            #expect(Set(risk.groups.map(\.code)) == ["01F", "02Q"])
            #expect(risk.result.populations.map(\.patients) == [10_000, 100_000])
            let models = try await ModelsPage.load(.init(area: "01F", trials: 1_000), view: view, app: app)
            #expect(models.result?.practices == 14)
            #expect(models.result?.models.count == 4)
            let unknown = await #expect(throws: BadParameter.self) {
                _ = try await ModelsPage.load(.init(area: "ZZZ", trials: 1_000), view: view, app: app)
            }
            #expect(unknown?.name == "area")
        }
    }
}
