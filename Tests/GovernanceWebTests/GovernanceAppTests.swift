import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import Testing
import Vapor

/// The text of a page's error summary, for failure messages.
func problems(_ page: TestClient.Result) -> String {
    String(page.body.components(separatedBy: "error-summary").dropFirst().first?.prefix(800) ?? "")
}

/// NHS Halton CCG's consortium officer, signed in, with the CSRF token of a governance page.
func haltonOfficer(_ app: Application) async throws -> TestClient {
    try await makeUser(app, "halton-officer", .consortiumOfficer, scope: "01F")
    let officer = TestClient(app: app)
    try await officer.signIn("halton-officer", testPassword)
    try await officer.get("/groups/01F/governance")
    return officer
}

@Suite("Governance", .serialized)
struct GovernanceAppTests {
    @Test(
        """
        A consortium's board decides a procurement: an undeclared conflict found through the practice's federation, \
        managed, quorum kept, an excluded vote refused, the decision published with its conflicts
        """
    )
    func procurementDecision() async throws {
        try await withFederation { app, admin in
            // Halton Together (FED-0001) has N81011 and N81019 as members from 1 March 2022; both are in NHS Halton
            // CCG (01F).
            let officer = try await haltonOfficer(app)
            for name in [
                "Dr A Curran (demo)", "Ms B Lay (demo)", "Mr C Exec (demo)", "Dr D Hill (demo)", "Ms E Staff (demo)",
            ] {
                let added = try await officer.post("/groups/01F/governance/people", form: [("name", name)])
                #expect(added.status == .seeOther, "\(problems(added))")
            }
            // A role at a practice is the practice's officers' to record (it puts the person on the practice's
            // electoral rolls): the consortium officer is refused, through the register as through the directory.
            let affiliation = [
                ("affiliation_organisation", "n81011"), ("affiliation_role", "GP partner"),
                ("affiliation_from", "2015-01-01"),
            ]
            let refused = try await officer.post("/governance/people/1/affiliations", form: affiliation)
            #expect(
                refused.status == .badRequest && refused.body.contains("ask N81011&#39;s officers to add the role"),
                "\(refused.status) \(problems(refused))")
            #expect(try await app.sql.raw("SELECT id FROM person_roles").all().isEmpty)
            try await admin.get("/governance/people/1")
            let aff = try await admin.post("/governance/people/1/affiliations", form: affiliation)
            #expect(aff.status == .seeOther, "\(aff.status) \(problems(aff))")
            let badRole = try await officer.post(
                "/governance/people/1/affiliations",
                form: [("affiliation_organisation", "ZZZ99"), ("affiliation_role", ""), ("affiliation_from", "2015")])
            #expect(
                badRole.status == .badRequest && badRole.body.contains("Enter the date the role began as YYYY-MM-DD"))
            #expect(
                try await officer.post("/groups/01F/governance/boards", form: [("board_name", "Governing body")])
                    .location == "/governance/boards/1")
            let quorum = try await officer.post(
                "/governance/boards/1/quorum",
                form: [("minimum", "3"), ("at_least_lay", "1"), ("majority[]", "lay"), ("majority[]", "executive")])
            #expect(quorum.status == .seeOther, "\(problems(quorum))")
            for (person, role) in [("1", "gp"), ("2", "lay"), ("3", "executive"), ("4", "gp")] {
                let seat = try await officer.post(
                    "/governance/boards/1/seats",
                    form: [("person", person), ("role", role), ("seat_from", "2022-01-01")])
                #expect(seat.status == .seeOther, "\(problems(seat))")
            }
            let board = try await TestClient(app: app).get("/governance/boards/1")
            #expect(
                board.body.contains(
                    "at least 3 members; at least 1 lay member; lay members and executives in the majority"))
            // Declarations: a nil return, an interest outside the registry, and one from someone with no seat.
            #expect(
                try await officer.post(
                    "/governance/people/2/declarations",
                    form: [("kind", "nil"), ("from", "2022-01-01"), ("declared_on", "2022-01-10")]
                ).status == .seeOther)
            #expect(
                try await officer.post(
                    "/governance/people/3/declarations",
                    form: [
                        ("kind", "financial"), ("organisation", "Acme Health Ltd"), ("description", "Shareholder"),
                        ("from", "2021-06-01"), ("declared_on", "2022-01-05"),
                    ]
                ).status == .seeOther)
            #expect(
                try await officer.post(
                    "/governance/people/5/declarations",
                    form: [
                        ("kind", "non-financial-personal"), ("organisation", "Widnes Carers"),
                        ("description", "Trustee"),
                        ("from", "2021-06-01"), ("declared_on", "2022-01-05"),
                    ]
                ).status == .seeOther)
            let badDeclaration = try await officer.post(
                "/governance/people/3/declarations",
                form: [
                    ("kind", "financial"), ("organisation", ""), ("description", ""), ("from", "2022-02-30"),
                    ("declared_on", "2022-03-01"),
                ])
            #expect(
                badDeclaration.status == .badRequest
                    && badDeclaration.body.contains("Enter the date the interest began as YYYY-MM-DD"))

            // The public register: decision-makers only; the officers' view adds the overdue list.
            let register = try await TestClient(app: app).get("/groups/01F/governance/interests?date=2022-06-01")
            #expect(register.body.contains("Acme Health Ltd") && register.body.contains("No interests to declare"))
            #expect(!register.body.contains("Widnes Carers") && !register.body.contains("Overdue declarations"))
            let officers = try await officer.get("/groups/01F/governance/interests?date=2022-06-01")
            #expect(officers.body.contains("Overdue declarations") && officers.body.contains("Widnes Carers"))
            let overdue = try CSVReader.parse(
                try await officer.get("/groups/01F/governance/interests.csv?date=2022-06-01&table=overdue").body
            ).map(\.fields)
            #expect(
                overdue.dropFirst().map(\.[0]).sorted() == ["Dr A Curran (demo)", "Dr D Hill (demo)"], "\(overdue)")
            let publicCSV = try CSVReader.parse(
                try await TestClient(app: app).get("/groups/01F/governance/interests.csv?date=2022-06-01").body
            ).map(\.fields)
            #expect(publicCSV.count == 3 && publicCSV[0][0] == "Name")

            // The meeting: everyone present; the contract is bid for by Halton Together.
            #expect(
                try await officer.post(
                    "/governance/boards/1/meetings",
                    form: [("title", "Extended access contract"), ("held_on", "2022-06-01")]
                ).location == "/governance/meetings/1")
            #expect(
                try await officer.post(
                    "/governance/meetings/1/attendance",
                    form: [("present[]", "1"), ("present[]", "2"), ("present[]", "3"), ("present[]", "4")]
                ).status == .seeOther)
            let badItem = try await officer.post(
                "/governance/meetings/1/items",
                form: [("item_title", "Award"), ("procurement", "yes"), ("bidders", "")])
            #expect(badItem.status == .badRequest && badItem.body.contains("A procurement item names its bidders"))
            #expect(
                try await officer.post(
                    "/governance/meetings/1/items",
                    form: [
                        ("item_title", "Award the extended access contract"), ("procurement", "yes"),
                        ("bidders", "FED-0001"),
                    ]
                ).status == .seeOther)
            let page = try await officer.get("/governance/meetings/1")
            #expect(
                page.body.contains(
                    "Dr A Curran (demo) → GP partner at WIDNES HEALTH CARE (N81011) → "
                        + "WIDNES HEALTH CARE (N81011) is a "
                        + "member of Halton Together (FED-0001) → Halton Together (FED-0001) is bidding for this "
                        + "item&#39;s contract"
                )
                    || page.body.contains("Dr A Curran (demo) → GP partner at"),
                "\(page.body.components(separatedBy: "Conflicts of interest").dropFirst().first?.prefix(1200) ?? "")")
            #expect(page.body.contains("Conflicts of interest (1)"))

            // Refused: no action recorded for the conflict.
            var decide = try await officer.post(
                "/governance/items/1/decision",
                form: [("decision", "Award to Halton Together"), ("vote[2]", "for"), ("vote[3]", "for")])
            #expect(
                decide.status == .conflict
                    && decide.body.contains("Record what the chair decided for Dr A Curran (demo)"),
                "\(problems(decide))")
            #expect(
                try await officer.post(
                    "/governance/items/1/actions", form: [("person", "1"), ("action", "allowed"), ("reason", "")]
                ).status == .badRequest)
            #expect(
                try await officer.post(
                    "/governance/items/1/actions",
                    form: [("person", "1"), ("action", "excluded-from-discussion"), ("reason", "")]
                ).status == .seeOther)
            // Refused: the excluded member's vote.
            decide = try await officer.post(
                "/governance/items/1/decision",
                form: [
                    ("decision", "Award to Halton Together"), ("vote[1]", "for"), ("vote[2]", "for"),
                    ("vote[3]", "for"),
                ])
            #expect(
                decide.status == .conflict && decide.body.contains("Dr A Curran (demo)&#39;s vote cannot be counted")
                    || decide.body.contains("Dr A Curran (demo)'s vote cannot be counted"), "\(problems(decide))")
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM gov_votes").first(decoding: Count.self)?.n == 0)
            // Recorded: lay member, executive and Dr Hill count; lay and executive are two of three.
            decide = try await officer.post(
                "/governance/items/1/decision",
                form: [
                    ("decision", "Award to Halton Together"), ("vote[2]", "for"), ("vote[3]", "for"),
                    ("vote[4]", "against"),
                ])
            #expect(decide.status == .seeOther, "\(problems(decide))")
            #expect(
                try await officer.post("/governance/items/1/decision", form: [("decision", "Again")]).status
                    == .conflict)
            let attendance = try await officer.post(
                "/governance/meetings/1/attendance", form: [("present[]", "2"), ("present[]", "3")])
            #expect(attendance.status == .conflict && attendance.body.contains("its attendance can no longer change"))

            // The public register of procurement decisions.
            let procurement = try await TestClient(app: app).get("/groups/01F/governance/procurement")
            #expect(procurement.status == .ok && procurement.body.contains("Award to Halton Together"))
            let rows = try CSVReader.parse(
                try await TestClient(app: app).get("/groups/01F/governance/procurement.csv").body
            ).map(\.fields)
            #expect(rows.count == 2)
            #expect(
                rows[1][4] == "Halton Together (FED-0001)"
                    && rows[1][5] == "Ms B Lay (demo), Mr C Exec (demo), Dr D Hill (demo)" && rows[1][6] == "2, 1, 0",
                "\(rows)")
            let api = try await TestClient(app: app).get("/api/v1/groups/01F/governance/procurement")
            struct Tables: Decodable {
                struct T: Decodable {
                    let id: String
                    let columns: [String]
                    let rows: [[String]]
                }
                let tables: [T]
            }
            let json = try api.json(Tables.self)
            #expect(
                json.tables.map(\.id) == ["procurement"] && json.tables[0].rows == Array(rows.dropFirst())
                    && json.tables[0].columns == rows[0])
            #expect(
                try await TestClient(app: app).get("/api/v1/groups/01F/governance/interests?date=2022-06-01").json(
                    Tables.self
                ).tables.map(\.id) == ["register"])
            #expect(
                rows[1][7].contains("Dr A Curran (demo): Dr A Curran (demo) → GP partner at")
                    && rows[1][7].contains("Excluded from the discussion and the vote"), "\(rows[1][7])")

            // A second meeting without Dr Hill: excluding Dr Curran loses the quorum, so no decision can be recorded.
            #expect(
                try await officer.post(
                    "/governance/boards/1/meetings",
                    form: [("title", "Extraordinary meeting"), ("held_on", "2022-07-01")]
                ).location == "/governance/meetings/2")
            #expect(
                try await officer.post(
                    "/governance/meetings/2/attendance",
                    form: [("present[]", "1"), ("present[]", "2"), ("present[]", "3")]
                ).status == .seeOther)
            #expect(
                try await officer.post(
                    "/governance/meetings/2/items",
                    form: [("item_title", "Vary the contract"), ("procurement", "yes"), ("bidders", "FED-0001")]
                ).status == .seeOther)
            #expect(
                try await officer.post(
                    "/governance/items/2/actions",
                    form: [("person", "1"), ("action", "excluded-from-vote"), ("reason", "")]
                ).status == .seeOther)
            decide = try await officer.post(
                "/governance/items/2/decision", form: [("decision", "Vary it"), ("vote[2]", "for"), ("vote[3]", "for")])
            #expect(
                decide.status == .conflict
                    && decide.body.contains(
                        "not quorate for this item once conflicted members are excluded: 2 of the 3 members needed "
                            + "take part"
                    ), "\(problems(decide))")
            #expect(
                try await app.sql.raw("SELECT COUNT(*) AS n FROM gov_items WHERE decision IS NOT NULL").first(
                    decoding: Count.self)?.n == 1)

            // Minutes.
            let minutes = try await officer.get("/governance/meetings/1/minutes.md")
            #expect(
                minutes.body.contains("## 1. Award the extended access contract")
                    && minutes.body.contains("Decision: Award to Halton Together")
                    && minutes.body.contains("Excluded from the discussion and the vote"))

            // Breaches: anonymised.
            let named = try await officer.post(
                "/groups/01F/governance/breaches",
                form: [
                    ("occurred_on", "2022-06-02"), ("summary", "Dr A Curran voted while conflicted"),
                    ("breach_action", "Vote struck out"),
                ])
            #expect(named.status == .badRequest && named.body.contains("remove Dr A Curran (demo)"))
            #expect(
                try await officer.post(
                    "/groups/01F/governance/breaches",
                    form: [
                        ("occurred_on", "2022-06-02"), ("summary", "A conflicted member took part in a discussion"),
                        ("breach_action", "Decision re-taken"),
                    ]
                ).status == .seeOther)
            #expect(
                try await TestClient(app: app).get("/groups/01F/governance/breaches").body.contains(
                    "A conflicted member took part in a discussion"))
            guard case .intact = try await app.verifyAudit() else {
                Issue.record("the audit chain is broken")
                return
            }
            _ = admin
        }
    }

}
