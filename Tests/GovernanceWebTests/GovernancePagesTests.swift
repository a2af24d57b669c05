import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Governance
import GovernanceWeb
import Testing
import Vapor

private typealias G = GovernanceStore

private let registry = mockRegistry(
    practices: [MockPractice("P00001", "ABBEY SURGERY", patients: 6_000, imd: 20, at: (400_000, 400_000))],
    groups: [MockGroup("C1", .consortium, "NHS Demo CCG", members: ["P00001"])])

private let officer = CurrentUser(
    id: 4, username: "halton-officer", displayName: "Halton officer", isDemo: false,
    grants: [RoleGrant(role: .consortiumOfficer, scope: "01F")])

@Suite("Governance pages: models and views")
struct GovernancePagesTests {
    @Test("Decision-makers on a day: seats begun and not ended, each with its role and board")
    func decisionMakers() {
        let boards: [Int64: G.Board] = [1: G.Board(id: 1, bodyCode: "C1", name: "Governing body", quorum: "{}")]
        let seats = [
            G.SeatRow(id: 1, boardId: 1, personId: 10, role: "gp", validFrom: "2022-01-01", validTo: nil),
            G.SeatRow(id: 2, boardId: 1, personId: 11, role: "lay", validFrom: "2022-01-01", validTo: "2022-01-31"),
            G.SeatRow(id: 3, boardId: 1, personId: 12, role: "gp", validFrom: "2022-03-01", validTo: nil),
            G.SeatRow(id: 4, boardId: 2, personId: 13, role: "gp", validFrom: "2022-01-01", validTo: nil),
        ]
        let makers = InterestsPage.decisionMakers(seats, boards: boards, on: Day(year: 2022, month: 2, day: 1)!)
        #expect(makers.keys.sorted() == [10])
        #expect(makers[10]?.first?.hasSuffix(", Governing body") == true)
    }

    @Test("Registers from models: anonymised breaches with the form only for officers; an empty procurement register")
    func registers() throws {
        let body = try #require(registry.groups["C1"])
        let breach = G.Breach(
            id: 1, bodyCode: "C1", occurredOn: "2022-02-01", summary: "A member voted while conflicted",
            action: "The decision was taken again")
        let publicPage = BreachesPage(body: body, breaches: [breach], canEdit: false)
        #expect(publicPage.tables()[0].rows.map { $0[1].text } == ["A member voted while conflicted"])
        #expect(!publicPage.render(mockContext(path: "/groups/C1/governance/breaches")).html.contains("<form"))
        let officers = BreachesPage(body: body, breaches: [], canEdit: true)
            .render(mockContext(path: "/groups/C1/governance/breaches", user: officer)).html
        #expect(officers.contains("<form") && visibleText(officers).contains("No breaches recorded."))
        let procurement = ProcurementPage(body: body, decisions: [])
            .render(mockContext(path: "/groups/C1/governance/procurement"))
        #expect(visibleText(procurement.html).contains("No procurement decisions recorded yet."))
    }

    @Test("Page models read only what the reader may see: people, meetings and overdue declarations for officers")
    func load() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "halton-officer", .consortiumOfficer, scope: "01F")
            let client = TestClient(app: app)
            try await client.signIn("halton-officer", testPassword)
            try await client.get("/groups/01F/governance")
            for name in ["Dr A Demo (demo)", "Ms B Demo (demo)"] {
                #expect(
                    try await client.post("/groups/01F/governance/people", form: [("name", name)]).status == .seeOther)
            }
            _ = try await client.post("/groups/01F/governance/boards", form: [("board_name", "Governing body")])
            let seat = try await client.post(
                "/governance/boards/1/seats", form: [("person", "1"), ("role", "gp"), ("seat_from", "2022-01-01")])
            #expect(seat.status == .seeOther)
            let db = Store.sql(app.db)
            let body = try #require(try await app.registryCache.view(at: Day.today(), on: db).groups["01F"])
            let open = try await GovernanceOverviewPage.load(body, user: nil, on: db)
            #expect(open.boards.map(\.name) == ["Governing body"] && open.people.isEmpty && !open.canEdit)
            let officers = try await GovernanceOverviewPage.load(body, user: officer, on: db)
            #expect(officers.people.map(\.name) == ["Dr A Demo (demo)", "Ms B Demo (demo)"] && officers.canEdit)
            let board = try await G.board(1, on: db)
            #expect(try await BoardPage.load(board, body: body, user: nil, on: db).seats.count == 1)
            let person = try await PersonPage.load(try await G.person(1, on: db), body: body, on: db)
            #expect(person.seats.count == 1 && Array(person.boards.keys) == [1])
            let register = try await InterestsPage.load(body, day: Day.today(), user: nil, on: db)
            #expect(register.all == nil && register.overdue == nil && Array(register.makers.keys) == [1])
            let full = try await InterestsPage.load(body, day: Day.today(), user: officer, on: db)
            #expect(full.overdue?.count == 1)
        }
    }
}
