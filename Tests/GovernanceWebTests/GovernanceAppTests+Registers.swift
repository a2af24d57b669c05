import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import Testing
import Vapor

extension GovernanceAppTests {
    @Test("Gifts and hospitality: the thresholds decide at entry; the public register shows only what is declared")
    func gifts() async throws {
        try await withFederation { app, _ in
            let officer = try await haltonOfficer(app)
            #expect(
                try await officer.post("/groups/01F/governance/people", form: [("name", "Dr A Curran (demo)")]).status
                    == .seeOther)
            func offer(
                _ kind: String, _ source: String, _ value: String, promotional: Bool = false, donor: String = "Acme Ltd"
            ) async throws -> TestClient.Result {
                try await officer.post(
                    "/groups/01F/governance/gifts",
                    form: [
                        ("person", "1"), ("gift_kind", kind), ("source", source), ("donor", donor),
                        ("gift_description", "Demo item"), ("value", value), ("received_on", "2022-05-01"),
                    ]
                        + (promotional ? [("promotional", "yes")] : []))
            }
            #expect(
                try await offer("gift", "supplier", "6", promotional: true).body.contains(
                    "Recorded: no declaration needed."))
            #expect(try await offer("gift", "supplier", "6.01", promotional: true).body.contains("Refuse it."))
            #expect(try await offer("hospitality", "supplier", "25").body.contains("Recorded: no declaration needed."))
            #expect(try await offer("hospitality", "supplier", "25.01").body.contains("Recorded and declared."))
            #expect(try await offer("hospitality", "other", "75").body.contains("Recorded and declared."))
            #expect(try await offer("hospitality", "other", "75.01").body.contains("Refuse it."))
            #expect(
                try await offer("gift", "other", "50", donor: "A grateful patient").body.contains(
                    "Recorded: no declaration needed."))
            // A second gift from the same source within twelve months takes the total over £50.
            let second = try await offer("gift", "other", "0.01", donor: "A grateful patient")
            #expect(second.body.contains("Recorded and declared."), "\(second.status) \(second.body.prefix(300))")
            let bad = try await offer("gift", "other", "fifty")
            #expect(bad.status == .badRequest && bad.body.contains("Give its value in pounds"))
            let everything = try CSVReader.parse(try await officer.get("/groups/01F/governance/gifts.csv").body).map(
                \.fields)
            #expect(everything.count == 9)
            let published = try CSVReader.parse(
                try await TestClient(app: app).get("/groups/01F/governance/gifts.csv").body
            ).map(\.fields)
            #expect(
                published.count == 4
                    && published[0] == [
                        "Received", "Name", "Gift or hospitality", "Offered by", "Description", "Value",
                    ], "\(published)")
        }
    }

    @Test("A member who leaves the board leaves the public register; a role that ended stops making conflicts")
    func leaving() async throws {
        try await withFederation { app, admin in
            let officer = try await haltonOfficer(app)
            #expect(
                try await officer.post("/groups/01F/governance/people", form: [("name", "Dr A Curran (demo)")]).status
                    == .seeOther)
            #expect(
                try await officer.post("/groups/01F/governance/boards", form: [("board_name", "Governing body")]).status
                    == .seeOther)
            #expect(
                try await officer.post(
                    "/governance/boards/1/seats", form: [("person", "1"), ("role", "gp"), ("seat_from", "2022-01-01")]
                ).status == .seeOther)
            #expect(
                try await officer.post(
                    "/governance/people/1/declarations",
                    form: [
                        ("kind", "financial"), ("organisation", "N81011"), ("description", "Partner"),
                        ("from", "2015-01-01"), ("declared_on", "2022-01-05"),
                    ]
                ).status == .seeOther)
            #expect(
                try await admin.post(
                    "/governance/people/1/affiliations",
                    form: [
                        ("affiliation_organisation", "N81011"), ("affiliation_role", "GP partner"),
                        ("affiliation_from", "2015-01-01"),
                    ]
                ).status == .seeOther)
            let badEnd = try await officer.post(
                "/governance/boards/1/end-seat", form: [("seat", "1"), ("to", "2021-01-01")])
            #expect(badEnd.status == .badRequest && badEnd.body.contains("The end date must be on or after the start"))
            #expect(
                try await officer.post("/governance/boards/1/end-seat", form: [("seat", "1"), ("to", "2022-06-30")])
                    .status == .seeOther)
            let before = try await TestClient(app: app).get("/groups/01F/governance/interests?date=2022-06-30")
            #expect(before.body.contains("WIDNES HEALTH CARE") || before.body.contains("N81011"))
            let after = try await TestClient(app: app).get("/groups/01F/governance/interests?date=2022-07-01")
            #expect(!after.body.contains("N81011") && after.body.contains("No declarations to publish"))
            // The partnership ended: a later bid by the practice's federation finds only the declared interest,
            // until it too is ended.
            #expect(
                try await officer.post("/governance/people/1/end-role", form: [("role", "1"), ("to", "2022-05-31")])
                    .status == .seeOther)
            #expect(
                try await officer.post("/governance/people/1/end", form: [("declaration", "1"), ("to", "2022-05-31")])
                    .status == .seeOther)
            #expect(
                try await officer.post(
                    "/governance/boards/1/seats", form: [("person", "1"), ("role", "gp"), ("seat_from", "2022-09-01")]
                ).status == .seeOther)
            #expect(
                try await officer.post(
                    "/governance/boards/1/meetings", form: [("title", "Contract"), ("held_on", "2022-10-01")]
                ).status == .seeOther)
            #expect(
                try await officer.post(
                    "/governance/meetings/1/items",
                    form: [("item_title", "Award"), ("procurement", "yes"), ("bidders", "FED-0001")]
                ).status == .seeOther)
            #expect(try await officer.get("/governance/meetings/1").body.contains("Conflicts of interest (0)"))
            guard case .intact = try await app.verifyAudit() else {
                Issue.record("the audit chain is broken")
                return
            }
        }
    }

    @Test(
        """
        Only the body's officers edit its registers; the public reads the registers but not people, meetings or the \
        officers' views
        """
    )
    func permissions() async throws {
        try await withFederation { app, _ in
            try await makeUser(app, "halton-officer", .consortiumOfficer, scope: "01F")
            try await makeUser(app, "bassetlaw-officer", .consortiumOfficer, scope: "02Q")
            try await makeUser(app, "fed-manager", .federationManager, scope: "FED-0001")
            let officer = TestClient(app: app)
            let other = TestClient(app: app)
            let fed = TestClient(app: app)
            let anonymous = TestClient(app: app)
            try await officer.signIn("halton-officer", testPassword)
            try await other.signIn("bassetlaw-officer", testPassword)
            try await fed.signIn("fed-manager", testPassword)
            for c in [officer, other, fed] { try await c.get("/groups/01F/governance") }
            // The "Add a person" name box starts empty (it once held the word "name").
            let overview = try await officer.get("/groups/01F/governance").body
            #expect(overview.contains("<input type=\"text\" id=\"name\" name=\"name\" value=\"\""))
            #expect(
                try await officer.post("/groups/01F/governance/people", form: [("name", "Dr A Curran (demo)")]).status
                    == .seeOther)
            #expect(
                try await other.post("/groups/01F/governance/people", form: [("name", "Intruder")]).status == .forbidden
            )
            #expect(
                try await fed.post("/groups/01F/governance/boards", form: [("board_name", "Board")]).status
                    == .forbidden)
            #expect(
                try await fed.post("/groups/FED-0001/governance/boards", form: [("board_name", "Federation board")])
                    .status == .seeOther)
            #expect(try await other.get("/governance/people/1").status == .notFound)
            #expect(try await anonymous.get("/governance/people/1").status == .seeOther)
            #expect(try await anonymous.get("/groups/01F/governance").status == .ok)
            #expect(try await anonymous.get("/groups/01F/governance/interests").status == .ok)
            #expect(try await anonymous.get("/governance/boards/1").status == .ok)
            #expect(!(try await anonymous.get("/governance/boards/1").body.contains("Add a meeting")))
            // Networks keep no registers here; unknown bodies are not found.
            #expect(try await anonymous.get("/groups/U79408/governance").status == .notFound)
            #expect(try await anonymous.get("/groups/NOPE/governance").status == .notFound)
        }
    }
}
