import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import RegistryWeb
import Testing
import Vapor

/// A small registry made by hand: region Y1 holding consortium C1 with networks N1 (two
/// practices) and N2 (one), and a practice in no network.
private let registry = mockRegistry(
    practices: [
        MockPractice("P00001", "ABBEY SURGERY", patients: 12_000, postcode: "AB1 1AA", imd: 20, at: (400_000, 400_000)),
        MockPractice("P00002", "BRIDGE SURGERY", patients: 8_000, postcode: "AB1 2AA", imd: 30, at: (401_000, 400_500)),
        MockPractice("P00003", "CASTLE MEDICAL CENTRE", patients: 4_500, postcode: "AB2 1AA", imd: 10),
        MockPractice("P00004", "DALE HOUSE", patients: nil, postcode: "AB3 1AA"),
    ],
    groups: [
        MockGroup("Y1", .region, "Test Region", members: ["P00001", "P00002", "P00003", "P00004"]),
        MockGroup("C1", .consortium, "NHS Test CCG", parent: "Y1", members: ["P00001", "P00002", "P00003", "P00004"]),
        MockGroup("N1", .network, "North PCN", parent: "C1", members: ["P00001", "P00002"]),
        MockGroup("N2", .network, "South PCN", parent: "C1", members: ["P00003"]),
    ])

@Suite("Registry views, rendered from models made by hand")
struct RegistryViewTests {
    @Test("England: the figures, each region's counts of groups below it, and the size bands")
    func home() throws {
        let page = HomePage(view: registry)
        let ctx = mockContext(path: "/")
        let text = visibleText(page.render(ctx).html)
        #expect(text.contains("4 practices"))
        #expect(text.contains("24,500 registered patients"))
        #expect(text.contains("2 PCNs (networks)"))
        let regions = page.regionsTable(ctx)
        #expect(regions.rows.count == 1)
        #expect(regions.rows[0].map(\.text) == ["Y1", "Test Region", "0", "1", "2", "4", "24,500"])
        // Three practices have a list size: the size bands count each once.
        let bands = page.sizeTable(ctx).rows.compactMap { Int($0[1].text.replacingOccurrences(of: ",", with: "")) }
        #expect(bands.reduce(0, +) == 3)
    }

    @Test("An empty registry says so, and how to load data")
    func emptyHome() {
        let empty = mockRegistry(practices: [], groups: [])
        let text = visibleText(HomePage(view: empty).render(mockContext(path: "/")).html)
        #expect(text.contains("The registry is empty. Import a snapshot with consort import"))
    }

    @Test("Practice search: the query's matches, the count and patients in the status line, one page shown")
    func practices() throws {
        var query = PracticeQuery()
        query.text = "surgery"
        let page = PracticesPage(view: registry, query: query)
        #expect(page.rows.map { registry.practices[$0].code } == ["P00001", "P00002"])
        let text = visibleText(page.render(mockContext(path: "/practices")).html)
        #expect(text.contains("2 practices open on 1 January 2022, 20,000 registered patients."))
        query.text = nil
        query.perPage = 25
        query.page = 1
        let all = PracticesPage(view: registry, query: query)
        #expect(all.rows.count == 4)
        #expect(all.tables(mockContext(path: "/practices"))[0].rows.count == 4)
    }

    @Test("A list of groups: rows, parent and the offer to record a federation only to those who may")
    func groups() {
        let networks = GroupsPage(view: registry, kind: .network, query: GroupQuery(), canCreate: false)
        #expect(networks.rows.map(\.code) == ["N1", "N2"])
        let ctx = mockContext(path: "/networks")
        let table = networks.tables(ctx)[0]
        #expect(table.rows[0].map(\.text).prefix(5) == ["N1", "North PCN", "C1", "2", "20,000"])
        #expect(!networks.render(ctx).html.contains("Record a federation"))
        let federations = GroupsPage(view: registry, kind: .federation, query: GroupQuery(), canCreate: true)
        let html = federations.render(mockContext(path: "/federations")).html
        #expect(html.contains("Record a federation"))
        #expect(visibleText(html).contains("0 federations with practices on 1 January 2022"))
    }

    @Test("A group's page: members by name, the groups within, history, the editor's button, capabilities' panels")
    func group() throws {
        let consortium = try #require(registry.groups["C1"])
        let history = [
            GroupHistory.Change(
                id: 9, practice: "P00004", practiceName: "DALE HOUSE", from: "2021-04-01", to: nil)
        ]
        let panel = GroupSection.Content(heading: "A capability's panel", hint: "Its hint", tables: [], links: [])
        let page = GroupPage(
            group: consortium, view: registry, history: history, canEdit: false,
            sections: [(place: .bottom, content: panel)])
        let ctx = mockContext(path: "/groups/C1")
        let tables = page.tables(ctx, page: 1)
        #expect(
            tables[0].rows.map { $0[1].text } == [
                "ABBEY SURGERY", "BRIDGE SURGERY", "CASTLE MEDICAL CENTRE", "DALE HOUSE",
            ])
        #expect(tables[1].rows.map { $0[0].text } == ["N1", "N2"])
        #expect(tables[2].rows.map { $0[0].text } == ["P00004"])
        let text = visibleText(page.render(ctx).html)
        #expect(text.contains("A capability's panel Its hint"))
        #expect(!text.contains("Edit this federation"))
        #expect(text.contains("4 member practices"))
        #expect(text.contains("24,500 registered patients"))
    }

    @Test("A group of more than 50 practices shows its members 50 to a page")
    func memberPages() throws {
        let many = (1...205).map { MockPractice(String(format: "Q%05d", $0), "PRACTICE \($0)", patients: 1_000) }
        let view = mockRegistry(
            practices: many, groups: [MockGroup("C9", .consortium, "Big CCG", members: many.map(\.code))])
        let group = try #require(view.groups["C9"])
        let first = GroupPage(group: group, view: view, history: [], canEdit: true, page: 1)
        let second = GroupPage(group: group, view: view, history: [], canEdit: true, page: 2)
        let ctx = mockContext(path: "/groups/C9")
        #expect(first.tables(ctx, page: 1)[0].rows.count == 50)
        #expect(second.tables(ctx, page: 2)[0].rows.count == 50)
        #expect(
            GroupPage(group: group, view: view, history: [], canEdit: true, page: 5).tables(ctx, page: 5)[0].rows
                .count == 5)
        // All of them for CSV.
        #expect(first.tables(ctx)[0].rows.count == 205)
        #expect(first.render(ctx).html.contains("Page 1 of 5"))
    }

    @Test("A practice that has closed says when, and shows its last details")
    func closedPractice() {
        let row = PracticeRow(
            code: "P00009", name: "OLD SURGERY", postcode: "AB9 9AA", knownFrom: "2020-01-01", closedOn: "2021-06-30")
        let history = PracticeHistory(row: row, memberships: [], listSizes: [])
        let text = visibleText(PracticePage(history: history, view: registry).render(mockContext(path: "/p")).html)
        #expect(text.contains("This practice closed on 30 June 2021."))
        #expect(text.contains("Registered patients Not recorded at this date"))
    }
}
