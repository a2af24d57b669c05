import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

@Suite("The directory at work", .serialized)
struct DirectoryWorkTests {
    /// A week wholly inside one month, in the future.
    static let monday = Day(year: 2030, month: 1, day: 7)!

    static func buildRota(_ admin: TestClient, _ federation: String) async throws -> Int64 {
        let made = try await admin.post(
            "/groups/\(federation)/access/rotas",
            form: [("policy", "pcn-2019"), ("first_day", monday.iso), ("last_day", monday.adding(days: 6).iso)])
        #expect(made.status == .seeOther, "\(problems(made))")
        return Int64(made.location?.split(separator: "/").last ?? "") ?? 0
    }

    static func sessions(_ app: Application, rota: Int64, gmc: String) async throws -> Int {
        try await count(
            app,
            """
            SELECT COUNT(*) AS n FROM rota_sessions s JOIN clinicians c ON c.id = s.clinician_id \
            JOIN people p ON p.id = c.person_id WHERE s.rota_id = \(rota) AND p.gmc_number = '\(gmc)'
            """)
    }

    @Test(
        """
        A GP on two federations' hub lists is one person: sessions for one count against their monthly limit across \
        both; a GP whose indemnity has lapsed is given no sessions, and the gaps say why
        """
    )
    func twoFederationsAndLapses() async throws {
        try await withFederation { app, admin in
            try await admin.get("/federations/new")
            #expect(
                try await admin.post(
                    "/federations/new",
                    form: [("name", "Second federation"), ("valid_from", "2022-01-01"), ("members", "C84001")]
                ).location == "/groups/FED-0002")
            let hub1 = try await openHub(admin, "FED-0001")
            let hub2 = try await openHub(admin, "FED-0002")
            let person = try await addPerson(admin, "Dr Two Lists (demo)", gmc: "4444444", at: "N81011")
            _ = try await listClinician(
                app, admin, "FED-0001", hub: hub1, name: "Dr Two Lists (demo)", gmc: "4444444", practice: "N81011")
            _ = try await listClinician(
                app, admin, "FED-0002", hub: hub2, name: "Dr Two Lists (demo)", gmc: "4444444", practice: "")
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM clinicians WHERE person_id = \(person)") == 2)
            // At most 3 sessions a month across both federations.
            try await admin.get("/people/\(person)")
            #expect(
                try await admin.post(
                    "/people/\(person)/details",
                    form: [("name", "Dr Two Lists (demo)"), ("gmc", "4444444"), ("monthly_limit", "3")]
                ).status == .seeOther)
            // FED-0002's rota, published first, gives them sessions (the only GP there): two, say, of five evenings.
            let second = try await Self.buildRota(admin, "FED-0002")
            let there = try await Self.sessions(app, rota: second, gmc: "4444444")
            #expect(there == 3, "limited to 3 across federations: \(there)")
            #expect(try await admin.post("/rotas/\(second)/publish", form: []).status == .seeOther)
            // FED-0001's rota for the same week: the limit is used up there; the gaps say so.
            let lapsed = try await addPerson(admin, "Dr Lapsed (demo)", gmc: "5555555", at: "N81019")
            _ = try await listClinician(
                app, admin, "FED-0001", hub: hub1, name: "Dr Lapsed (demo)", gmc: "5555555", practice: "N81019")
            try await admin.get("/people/\(lapsed)")
            #expect(
                try await admin.post(
                    "/people/\(lapsed)/credentials",
                    form: [("credential", "indemnity"), ("issued_on", "2029-01-01"), ("expires_on", "2029-12-31")]
                ).status == .seeOther)
            let first = try await Self.buildRota(admin, "FED-0001")
            #expect(try await Self.sessions(app, rota: first, gmc: "4444444") == 0)
            #expect(try await Self.sessions(app, rota: first, gmc: "5555555") == 0)
            let page = try await admin.get("/rotas/\(first)")
            #expect(page.body.contains("at their limit across federations"), "\(page.body.prefix(200))")
            #expect(page.body.contains("not able to practise: Indemnity lapsed"))
            // Renewed, the lapsed GP is given sessions in the next rota.
            #expect(
                try await admin.post(
                    "/people/\(lapsed)/credentials",
                    form: [("credential", "indemnity"), ("issued_on", "2030-01-01"), ("expires_on", "2030-12-31")]
                ).status == .seeOther)
            #expect(try await admin.post("/rotas/\(first)/delete", form: [("confirm", "yes")]).status == .seeOther)
            let again = try await Self.buildRota(admin, "FED-0001")
            #expect(try await Self.sessions(app, rota: again, gmc: "5555555") > 0)
            // Their own calendar feed lists their sessions for both federations.
            struct Token: Decodable { let calendarToken: String }
            let token =
                try await app.sql.raw(
                    "SELECT calendar_token AS \"calendarToken\" FROM people WHERE id = \(bind: person)"
                )
                .first(decoding: Token.self)?.calendarToken ?? ""
            let feed = try await TestClient(app: app).get("/calendar/\(token).ics").body
            #expect(feed.components(separatedBy: "BEGIN:VEVENT").count - 1 == 3, "\(feed.prefix(400))")
        }
    }

    @Test(
        """
        Conflicts from the whole directory: a board member who works hub sessions for the bidding federation, one who \
        is its director, and one whose practice is a member, are each found with the chain
        """
    )
    func derivedChains() async throws {
        try await withFederation { app, admin in
            let hub = try await openHub(admin, "FED-0001")
            let worker = try await addPerson(admin, "Dr Hub Worker (demo)", gmc: "6666666", at: "N81011")
            _ = worker
            _ = try await listClinician(
                app, admin, "FED-0001", hub: hub, name: "Dr Hub Worker (demo)", gmc: "6666666", practice: "N81011")
            let director = try await addPerson(admin, "Ms Dee Rector (demo)", gmc: "7777777", at: "N81019")
            try await admin.get("/people/\(director)")
            #expect(
                try await admin.post(
                    "/people/\(director)/roles",
                    form: [("organisation", "FED-0001"), ("role", "director"), ("from", "2022-01-01")]
                ).status == .seeOther)
            let partner = try await addPerson(
                admin, "Dr Pat Partner (demo)", gmc: "8888888", at: "N81019", role: "gp-partner")
            _ = partner
            // Next week's rota, published: the worker's sessions.
            let rota = try await admin.post(
                "/groups/FED-0001/access/rotas",
                form: [
                    ("policy", "pcn-2019"), ("first_day", Day.today().weekStart.adding(days: 7).iso),
                    ("last_day", Day.today().weekStart.adding(days: 13).iso),
                ])
            let rotaID = rota.location?.split(separator: "/").last.map(String.init) ?? ""
            #expect(try await admin.post("/rotas/\(rotaID)/publish", form: []).status == .seeOther)
            #expect(try await Self.sessions(app, rota: Int64(rotaID) ?? 0, gmc: "6666666") > 0)
            // All three on 01F's governing body.
            var entries: [Int64] = []
            for (name, gmc) in [
                ("Dr Hub Worker (demo)", "6666666"), ("Ms Dee Rector (demo)", "7777777"),
                ("Dr Pat Partner (demo)", "8888888"),
            ] {
                entries.append(try await register(admin, "01F", name: name, gmc: gmc))
            }
            #expect(
                try await admin.post("/groups/01F/governance/boards", form: [("board_name", "Governing body")]).status
                    == .seeOther)
            for entry in entries {
                #expect(
                    try await admin.post(
                        "/governance/boards/1/seats",
                        form: [("person", String(entry)), ("role", "gp"), ("seat_from", "2022-01-01")]
                    ).status == .seeOther)
            }
            #expect(
                try await admin.post(
                    "/governance/boards/1/meetings", form: [("title", "Contracts"), ("held_on", Day.today().iso)]
                ).status == .seeOther)
            #expect(
                try await admin.post(
                    "/governance/meetings/1/items",
                    form: [("item_title", "Award the hub contract"), ("procurement", "yes"), ("bidders", "FED-0001")]
                ).status == .seeOther)
            let page = try await admin.get("/governance/meetings/1").body.replacingOccurrences(of: "&#39;", with: "'")
            #expect(
                page.contains("Dr Hub Worker (demo) → works extended-access hub sessions ("), "\(page.prefix(100))")
            #expect(
                page.contains(
                    "for Halton Together (FED-0001) → Halton Together (FED-0001) is bidding for this item's "
                        + "contract"))
            #expect(
                page.contains(
                    "Ms Dee Rector (demo) → Director at Halton Together (FED-0001) → Halton Together "
                        + "(FED-0001) is bidding"
                ), "\(page.components(separatedBy: "Conflicts of interest").dropFirst().first?.prefix(3000) ?? "")")
            #expect(page.contains("Dr Pat Partner (demo) → GP partner at"))
            #expect(page.contains("is a member of Halton Together (FED-0001)"))
            #expect(page.contains("on FED-0001's hub list as a gp from"))
        }
    }
}
