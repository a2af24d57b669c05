import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

@Suite("Every route")
struct RouteCoverageTests {
    /// Sample values for route parameters.
    static let samples: [String: String] = ["code": "N81011", "id": "1", "name": "pcn-2019", "register": "interests"]
    /// Query strings for routes that need one to answer (the models comparison needs an area).
    static let queries: [String: String] = [
        "/api/v1/finance/models": "?area=Y62&trials=1000", "/finance/models.csv": "?area=Y62&trials=1000",
    ]

    @Test("Every GET route answers signed out and signed in as an administrator, without a server error")
    func everyRoute() async throws {
        try await withFederation { app, admin in
            let anonymous = TestClient(app: app)
            // Plan 1, for the planner's routes.
            try await admin.get("/plans/new")
            #expect(try await admin.post("/plans/new", form: planForm).status == .seeOther)
            #expect(try await waitForPlan(admin, 1).contains("\"status\":\"done\""))
            // Hub 1, for the extended-access routes.
            try await admin.get("/")
            #expect(
                try await admin.json(.POST, "/api/v1/hubs", #"{"group":"FED-0001","name":"Route hub"}"#).status
                    == .created)
            // A weekly session, clinician 1, and rota 1 published, so that slot 1 exists.
            #expect(
                try await admin.post(
                    "/hubs/1/templates",
                    form: [
                        ("room", "Room 1"), ("days", "Mon-Fri"), ("start", "18:30"), ("end", "20:00"), ("role", "gp"),
                    ]
                ).status == .seeOther)
            #expect(
                try await admin.post(
                    "/groups/FED-0001/access/clinicians",
                    form: [
                        ("name", "Demo GP"), ("role", "gp"), ("practice", "N81011"), ("max_sessions", "20"),
                        ("hubs[]", "1"), ("availability", "Mon-Fri 18:00-21:00"),
                    ]
                ).status == .seeOther)
            let monday = Day.today().weekStart.adding(days: 7)
            #expect(
                try await admin.post(
                    "/groups/FED-0001/access/rotas",
                    form: [("policy", "pcn-2019"), ("first_day", monday.iso), ("last_day", monday.adding(days: 6).iso)]
                ).location == "/rotas/1")
            #expect(try await admin.post("/rotas/1/publish", form: []).status == .seeOther)
            // Person 1, board 1 and meeting 1, for the governance routes.
            #expect(
                try await admin.post("/groups/FED-0001/governance/people", form: [("name", "Demo member")]).location
                    == "/governance/people/1")
            #expect(
                try await admin.post("/groups/FED-0001/governance/boards", form: [("board_name", "Board")]).location
                    == "/governance/boards/1")
            #expect(
                try await admin.post(
                    "/governance/boards/1/meetings", form: [("title", "Meeting"), ("held_on", "2022-06-01")]
                ).location == "/governance/meetings/1")
            struct Token: Decodable { let calendar_token: String }
            let token = try await app.sql.raw("SELECT calendar_token FROM hubs WHERE id = 1").first(
                decoding: Token.self)!.calendar_token
            // The administrator's account is person 1 (the clinician above), for one's own pages; person 2 (the
            // governance member) is invited, for the invitation's page.
            struct ID: Decodable { let id: Int64 }
            let adminID =
                try await app.sql.raw("SELECT id FROM users WHERE username = 'admin'").first(
                    decoding: ID.self)?.id ?? 0
            #expect(
                try await admin.post("/admin/accounts/\(adminID)/link", form: [("person", "1")]).status == .seeOther)
            #expect(
                try await admin.post(
                    "/people/2/details", form: [("name", "Demo member"), ("email", "m@example.invalid")]
                )
                .status == .seeOther)
            let invited = try await admin.post("/people/2/invite", form: [("grant", "public|")])
            let invitation = try await emailedSecret(app, person: 2)
            #expect(!invitation.isEmpty, "\(invited.status) \(invited.body.prefix(300))")
            // Election 1, counted, and survey 1, open, of FED-0001.
            _ = try await PermissionMatrixTests.countedPoll(
                app, federation: "FED-0001", practice: "N81011", world: 0, with: [])
            let polls = try await PermissionMatrixTests.pollTokens(app)
            var samples = Self.samples.merging(["slot": "1"]) { a, _ in a }
            samples["token"] = token + ".ics"
            var checked = 0
            for route in app.routes.all where route.method == .GET {
                let parts = route.path.map { "\($0)" }
                if parts.contains("**") { continue }
                var path =
                    "/"
                    + parts.map { part in
                        guard part.hasPrefix(":") else { return part }
                        let name = String(part.dropFirst())
                        if name == "code", parts.contains("groups") { return "FED-0001" }
                        if name == "token", parts.contains("invitations") { return invitation }
                        if name == "token", parts.contains("ballots") { return polls.ballot }
                        if name == "token", parts.contains("answers") { return polls.answer }
                        return samples[name] ?? "x"
                    }.joined(separator: "/")
                if path == "/groups/FED-0001", parts.count == 2 { path = "/groups/01F" }
                path += Self.queries[path] ?? ""
                for (client, signedIn) in [(anonymous, false), (admin, true)] {
                    let result = try await client.get(path)
                    // Signed out, pages that need an account redirect to sign in and the API answers 401.
                    let expected: [UInt] = signedIn ? (path == "/login" ? [303] : [200]) : [200, 303, 401]
                    #expect(
                        expected.contains(result.status.code), "\(path): \(result.status) \(result.body.prefix(200))")
                }
                checked += 1
            }
            #expect(checked >= 25)
            #expect(try await anonymous.get("/england.csv").body.contains("Region"))
            // Every page carries Consort's icon, inline.
            #expect(try await anonymous.get("/").body.contains(#"<link rel="icon" href="data:image/svg+xml,"#))
            #expect(try await anonymous.get("/imports.csv").body.contains("Consort dataset directory"))
            #expect(try await anonymous.get("/account").location == "/login?next=%2Faccount")
        }
    }

    @Test("Every POST, PATCH and DELETE route refuses a signed-out visitor: never a success, never a server error")
    func everyWriteNeedsSignIn() async throws {
        try await withFederation { app, _ in
            let anonymous = TestClient(app: app)
            try await anonymous.get("/login")  // a session and its CSRF token, so that only sign-in stands in the way
            var checked = 0
            let open = Set(app.routeTable.filter { $0.roles == nil }.map { "\($0.method) \($0.path)" })
            for route in app.routes.all where [.POST, .PATCH, .DELETE].contains(route.method) {
                let parts = route.path.map { "\($0)" }
                // Signing in and out, and using an invitation's link, are for signed-out visitors.
                if open.contains("\(route.method.rawValue) /\(parts.joined(separator: "/"))") { continue }
                let path =
                    "/"
                    + parts.map { part in
                        guard part.hasPrefix(":") else { return part }
                        return part == ":code" ? "FED-0001" : part == ":action" ? "x" : "1"
                    }.joined(separator: "/")
                let result =
                    route.method == .POST && !path.hasPrefix("/api/")
                    ? try await anonymous.post(path, form: [("name", "x")])
                    : try await anonymous.json(route.method, path, "{}")
                #expect(
                    [303, 401, 404].contains(result.status.code),
                    "\(route.method) \(path): \(result.status) \(result.body.prefix(200))")
                if result.status == .seeOther {
                    #expect(result.location?.hasPrefix("/login") == true, "\(path) → \(result.location ?? "")")
                }
                checked += 1
            }
            #expect(checked >= 35)
        }
    }
}
