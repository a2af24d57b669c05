import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

extension PermissionMatrixTests {
    /// Both worlds, built through the pages and the API as their people would, and a signed-in
    /// client per account.
    static func build(_ app: Application) async throws -> ([Account: TestClient], [World]) {
        let grants: [Account: (Role, String?)] = [
            .admin: (.administrator, nil), .officerA: (.consortiumOfficer, "01F"),
            .fedA: (.federationManager, "FED-0001"),
            .pmA: (.practiceManager, "N81011"), .clinA: (.clinician, "N81011"), .lmc: (.lmcOfficer, "01F"),
            .citizen: (.public, nil),
            .netA: (.federationManager, "U79408"),
        ]
        try await makeUser(app, "admin", .administrator)
        try await makeUser(app, "officer-a", .consortiumOfficer, scope: "01F")
        try await makeUser(app, "officer-b", .consortiumOfficer, scope: "02Q")
        let admin = TestClient(app: app)
        try await admin.signIn("admin", testPassword)
        try await admin.get("/account")
        var worlds = [World(), World()]
        for (w, (consortium, practices)) in [("01F", ["N81011", "N81035"]), ("02Q", ["C84001", "C84024"])].enumerated()
        {
            try await admin.get("/federations/new")
            let fed = try await admin.post(
                "/federations/new",
                form: [
                    ("name", "Matrix federation \(w)"), ("valid_from", "2022-01-01"),
                    ("members", practices.joined(separator: ",")),
                ])
            let code = String(fed.location?.split(separator: "/").last ?? "")
            #expect(code == "FED-000\(w + 1)", "\(fed.status) \(fed.body.prefix(300))")
            worlds[w].federation = code
            worlds[w].consortium = consortium
            worlds[w].practice = practices[0]
            let hub = try await admin.json(.POST, "/api/v1/hubs", #"{"group":"\#(code)","name":"Matrix hub \#(w)"}"#)
            let hubID = try hub.json([String: Int64].self)["id"] ?? 0
            worlds[w].hub = String(hubID)
            #expect(
                try await admin.post(
                    "/hubs/\(hubID)/templates",
                    form: [
                        ("room", "Room 1"), ("days", "Mon-Fri"), ("start", "18:30"), ("end", "20:00"),
                        ("role", "gp"),
                    ]
                ).status == .seeOther)
            #expect(
                try await admin.post(
                    "/groups/\(code)/access/clinicians",
                    form: [
                        ("name", "Matrix GP \(w) (demo)"), ("role", "gp"), ("practice", practices[0]),
                        ("max_sessions", "20"), ("hubs[]", String(hubID)),
                        ("availability", "Mon-Fri 18:00-21:00"),
                    ]
                ).status == .seeOther)
            let monday = Day.today().weekStart.adding(days: 7)
            let rota = try await admin.post(
                "/groups/\(code)/access/rotas",
                form: [
                    ("policy", "pcn-2019"), ("first_day", monday.iso),
                    ("last_day", monday.adding(days: 6).iso),
                ])
            let rotaID = String(rota.location?.split(separator: "/").last ?? "")
            #expect(try await admin.post("/rotas/\(rotaID)/publish", form: []).status == .seeOther)
            worlds[w].rota = rotaID
            let p = patients[w]
            let slots = try await admin.get("/api/v1/hubs/\(hubID)/slots")
            struct Slots: Decodable {
                struct S: Decodable { let id: Int64 }
                let slots: [S]
            }
            let ids = try slots.json(Slots.self).slots.map(\.id)
            #expect(ids.count >= 2)
            let booked = try await admin.json(
                .POST, "/api/v1/hub-slots/\(ids[0])/bookings",
                #"{"nhsNumber":"\#(p.nhs)","name":"\#(p.name)","contact":"\#(p.contact)","#
                    + #""practice":"\#(practices[0])"}"#
            )
            #expect(booked.status == .created, "\(booked.body)")
            worlds[w].booking = String(try booked.json([String: Int64].self)["id"] ?? 0)
            worlds[w].slot = String(ids.last ?? 0)
            try await admin.get("/groups/\(consortium)/governance")
            worlds[w].person = String(
                try await admin.post(
                    "/groups/\(consortium)/governance/people", form: [("name", "Matrix member \(w) (demo)")]
                )
                .location?.split(separator: "/").last ?? "")
            worlds[w].board = String(
                try await admin.post(
                    "/groups/\(consortium)/governance/boards", form: [("board_name", "Matrix board \(w)")]
                )
                .location?.split(separator: "/").last ?? "")
            worlds[w].meeting = String(
                try await admin.post(
                    "/governance/boards/\(worlds[w].board)/meetings",
                    form: [("title", "Meeting"), ("held_on", "2022-06-01")]
                )
                .location?.split(separator: "/").last ?? "")
            #expect(
                try await admin.post(
                    "/governance/meetings/\(worlds[w].meeting)/items", form: [("item_title", "Item \(w)")]
                ).status == .seeOther)
            try await admin.get("/practices/\(practices[0])/readiness")
            let evidence = try await admin.post(
                "/practices/\(practices[0])/readiness/evidence",
                form: [
                    ("title", "Matrix safeguarding policy \(w)"), ("gathered_on", "2026-01-05"),
                    ("statements[]", "safe/safeguarding"),
                ])
            #expect(evidence.status == .seeOther, "\(evidence.status) \(evidence.body.prefix(300))")
        }
        struct ID: Decodable { let id: Int64 }
        for w in 0..<2 {
            func one(_ sql: String) async throws -> String {
                String(try await app.sql.raw("\(unsafeRaw: sql)").first(decoding: ID.self)?.id ?? 0)
            }
            worlds[w].membership = try await one(
                "SELECT id FROM memberships WHERE group_code = '\(worlds[w].federation)' ORDER BY id LIMIT 1")
            worlds[w].session = try await one(
                "SELECT id FROM rota_sessions WHERE rota_id = \(worlds[w].rota) ORDER BY id LIMIT 1")
            worlds[w].clinician = try await one(
                "SELECT id FROM clinicians WHERE group_code = '\(worlds[w].federation)' ORDER BY id LIMIT 1")
            worlds[w].evidence = try await one(
                "SELECT id FROM readiness_evidence WHERE owner_code = '\(worlds[w].practice)' ORDER BY id LIMIT 1")
            worlds[w].item = try await one(
                "SELECT id FROM gov_items WHERE meeting_id = \(worlds[w].meeting) ORDER BY id LIMIT 1")
            struct Token: Decodable { let calendarToken: String }
            worlds[w].calendar =
                try await app.sql.raw(
                    "SELECT calendar_token AS \"calendarToken\" FROM hubs WHERE id = \(unsafeRaw: worlds[w].hub)"
                )
                .first(decoding: Token.self)?.calendarToken ?? ""
        }
        // Plans: one by world A's officer, one by world B's.
        for (w, name) in [(0, "officer-a"), (1, "officer-b")] {
            let officer = TestClient(app: app)
            try await officer.signIn(name, testPassword)
            try await officer.get("/plans/new")
            let made = try await officer.post(
                "/plans/new", form: planForm.map { $0.0 == "areas" ? ("areas", worlds[w].consortium) : $0 })
            worlds[w].plan = String(made.location?.split(separator: "/").last ?? "")
            _ = try await waitForPlan(officer, Int(worlds[w].plan) ?? 0)
        }
        // Invitations: FED-0001's manager invites N81019 (world A's federation; another practice);
        // world B's officer invites N81011 (world A's practice) to FED-0002.
        var clients: [Account: TestClient] = [.signedOut: TestClient(app: app)]
        try await clients[.signedOut]!.get("/login")
        for (account, (role, scope)) in grants where account != .admin && account != .officerA {
            try await makeUser(app, account.rawValue, role, scope: scope)
        }
        for account in Account.allCases where account != .signedOut {
            let client = TestClient(app: app)
            try await client.signIn(account.rawValue, testPassword)
            try await client.get("/account")  // the new session's CSRF token
            clients[account] = client
        }
        // People: a person with a role at each world's practice; world A's is clin-a's own, on 01F's register and
        // FED-0001's hub list (found by their GMC number), with an invitation open for world A's governance member.
        for w in 0..<2 {
            let gmc = "700000\(w)"
            let made = try await admin.post(
                "/people",
                form: [
                    ("name", "Matrix person \(w) (demo)"), ("gmc", gmc), ("organisation", worlds[w].practice),
                    ("role", "gp-partner"), ("from", "2022-01-01"),
                ])
            worlds[w].directoryPerson = String(made.location?.split(separator: "/").last ?? "")
            #expect(!worlds[w].directoryPerson.isEmpty, "\(made.status) \(made.body.prefix(300))")
        }
        let gmcA = "7000000"
        let entry = try await admin.post(
            "/groups/01F/governance/people", form: [("name", "Matrix person 0 (demo)"), ("registration", gmcA)])
        worlds[0].register = String(entry.location?.split(separator: "/").last ?? "")
        #expect(
            try await admin.post(
                "/groups/FED-0001/access/clinicians",
                form: [
                    ("name", "Matrix person 0 (demo)"), ("registration", gmcA), ("role", "gp"),
                    ("practice", "N81011"), ("max_sessions", "4"), ("hubs[]", worlds[0].hub),
                    ("availability", "Sat 08:00-18:00"),
                ]
            ).status == .seeOther)
        worlds[0].ownClinician = String(
            try await app.sql.raw(
                "SELECT id FROM clinicians WHERE person_id = \(unsafeRaw: worlds[0].directoryPerson)"
            ).first(decoding: ID.self)?.id ?? 0)
        let clinID = try await app.sql.raw("SELECT id FROM users WHERE username = 'clin-a'").first(decoding: ID.self)?
            .id
        #expect(
            try await admin.post(
                "/admin/accounts/\(clinID ?? 0)/link", form: [("person", worlds[0].directoryPerson)]
            ).status == .seeOther)
        let member =
            try await app.sql.raw("SELECT person_id AS id FROM gov_people WHERE id = \(unsafeRaw: worlds[0].person)")
            .first(decoding: ID.self)?.id ?? 0
        #expect(
            try await admin.post(
                "/people/\(member)/details", form: [("name", "Matrix member 0 (demo)"), ("email", "m@example.invalid")]
            ).status == .seeOther)
        let invitedMember = try await admin.post("/people/\(member)/invite", form: [("grant", "public|")])
        worlds[0].invitationToken = try await emailedSecret(app, person: member)
        #expect(!worlds[0].invitationToken.isEmpty, "\(invitedMember.status) \(invitedMember.body.prefix(300))")
        let fedA = clients[.fedA]!
        try await fedA.get("/groups/FED-0001/edit")
        #expect(
            try await fedA.post(
                "/groups/FED-0001/members", form: [("practice", "N81019"), ("valid_from", "2022-05-01")]
            ).location == "/groups/FED-0001/edit#invitations")
        let officerB = TestClient(app: app)
        try await officerB.signIn("officer-b", testPassword)
        try await officerB.get("/account")
        let invited = try await officerB.json(
            .POST, "/api/v1/federations/FED-0002/members", #"{"practice":"N81011","validFrom":"2022-05-01"}"#)
        #expect(invited.status == .accepted, "\(invited.status) \(invited.body)")
        func invitation(_ fed: String) async throws -> String {
            String(
                try await app.sql.raw("SELECT id FROM federation_invitations WHERE federation_code = \(bind: fed)")
                    .first(decoding: ID.self)?.id ?? 0)
        }
        let fromA = try await invitation("FED-0001")
        let toA = try await invitation("FED-0002")
        worlds[0].invitationPractice = toA
        worlds[0].invitationFederation = fromA
        worlds[1].invitationPractice = fromA
        worlds[1].invitationFederation = toA
        try await polls(app, &worlds)
        return (clients, worlds)
    }
}
