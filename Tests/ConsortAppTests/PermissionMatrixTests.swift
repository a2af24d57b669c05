import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

/// The permission matrix, generated from the route table: every route, as every role and signed
/// out, on the caller's own objects and on another scope's, with valid and invalid bodies.
///
/// Two worlds share the small fixture: world A (consortium 01F, federation FED-0001 with its hub,
/// rota, clinician and a booking of a patient of N81011) and world B (consortium 02Q, FED-0002,
/// a booking of a patient of C84001). The accounts belong to world A. What each account may do
/// is written here from the product's rules, not read from the application: only the rule's
/// *name* comes from the route table, so a new route with a new rule fails until it is added.
@Suite("Permission matrix", .serialized)
struct PermissionMatrixTests {
    enum Account: String, CaseIterable {
        case signedOut = "(signed out)"
        case admin
        case officerA = "officer-a"
        case fedA = "fed-a"
        case pmA = "pm-a"
        case clinA = "clin-a"
        case lmc, citizen
        case netA = "net-a"
    }

    /// Accounts allowed by each rule on world A's objects. On world B's objects only the
    /// administrator is allowed by object rules; rules about no object treat both alike.
    static let allowed: [String: Set<Account>] = [
        "anyone": Set(Account.allCases),
        "signed-in": Set(Account.allCases).subtracting([.signedOut]),
        "staff": Set(Account.allCases).subtracting([.signedOut, .citizen]),
        "audit-reader": [.admin, .officerA],
        "federation-creator": [.admin, .officerA],
        "planner": [.admin, .officerA, .lmc, .fedA, .netA],
        "hub-creator": [.admin, .fedA, .netA],
        "federation-editor": [.admin, .fedA, .officerA],
        "group-access": [.admin, .fedA, .pmA, .clinA],
        "group-access-manager": [.admin, .fedA],
        "practice-appointments": [.admin, .pmA, .clinA, .fedA, .netA],
        "practice-manager": [.admin, .pmA],
        "governance-officer": [.admin, .officerA],
        "hub-viewer": [.admin, .fedA, .pmA, .clinA],
        "hub-manager": [.admin, .fedA],
        "slot-booker": [.admin, .fedA, .pmA, .clinA],
        "booking-editor": [.admin, .fedA, .pmA, .clinA],
        "rota-manager": [.admin, .fedA],
        "governance-person": [.admin, .officerA],
        "governance-board": [.admin, .officerA],
        "governance-meeting": [.admin, .officerA],
        "governance-item": [.admin, .officerA],
        "plan-editor": [.admin, .officerA],
        "invitation-practice": [.admin, .pmA],
        "invitation-federation": [.admin, .fedA, .officerA],
    ]
    /// Rules about no object: the same answer on both worlds.
    static let objectless: Set<String> = [
        "anyone", "signed-in", "staff", "audit-reader", "federation-creator", "planner", "hub-creator",
    ]

    /// Who may see each world's patient (name, NHS number, contact).
    static let patientViewers: [Set<Account>] = [[.admin, .pmA, .clinA, .fedA], [.admin]]

    struct Patient {
        let name: String
        let nhs: String
        let contact: String
    }
    static let patients = [
        Patient(name: "Matrix Patient Alpha (demo)", nhs: "9990000018", contact: "alpha-contact@example.invalid"),
        Patient(name: "Matrix Patient Bravo (demo)", nhs: "9990000026", contact: "bravo-contact@example.invalid"),
    ]

    /// The ids of one world's objects.
    struct World {
        var federation = "", consortium = "", practice = "", membership = "", hub = "", slot = "", booking = "",
            rota = "", session = ""
        var clinician = "", person = "", board = "", meeting = "", item = "", plan = "", invitationPractice = "",
            invitationFederation = ""
        var calendar = ""

        /// A path's parameters filled for a rule.
        func fill(_ path: String, rule: String) -> String {
            path.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
                switch part {
                case ":code":
                    switch rule {
                    case "practice-appointments", "practice-manager": return practice
                    case "governance-officer": return consortium
                    case "anyone":
                        return path.contains("/governance")
                            ? consortium
                            : path.hasPrefix("/practices") || path.hasPrefix("/api/v1/practices")
                                ? practice : federation
                    default: return federation
                    }
                case ":id":
                    switch rule {
                    case "federation-editor": return membership
                    case "group-access-manager": return clinician
                    case "hub-viewer", "hub-manager": return hub
                    case "slot-booker": return slot
                    case "booking-editor": return booking
                    case "rota-manager": return rota
                    case "governance-person": return person
                    case "governance-board": return board
                    case "governance-meeting": return meeting
                    case "governance-item": return item
                    case "plan-editor", "planner": return plan
                    case "invitation-practice": return invitationPractice
                    case "invitation-federation": return invitationFederation
                    default: return path.contains("/boards/") ? board : path.contains("/imports/") ? "1" : "1"
                    }
                case ":name": return "pcn-2019"
                case ":token": return calendar + ".ics"
                default: return String(part)
                }
            }.joined(separator: "/")
        }

        /// Placeholders in sample bodies.
        func fill(body: String) -> String {
            body.replacingOccurrences(of: "$FED", with: federation).replacingOccurrences(
                of: "$PRACTICE", with: practice
            )
            .replacingOccurrences(of: "$SESSION", with: session).replacingOccurrences(of: "$PERSON", with: person)
            .replacingOccurrences(of: "$HUB", with: hub)
        }
    }

    /// A valid body for every write route (form fields as `a=b&c=d`, JSON for the API).
    static let validBodies: [String: String] = [
        "POST /federations/new": "name=Matrix federation&valid_from=2022-03-01&members=$PRACTICE",
        "POST /groups/:code/edit": "name=Renamed federation&valid_from=2022-03-01",
        "POST /groups/:code/members": "practice=N81037&valid_from=2022-04-01",
        "POST /groups/:code/members/:id": "valid_to=2022-12-31",
        "POST /federation-invitations/:id/accept": "", "POST /federation-invitations/:id/decline": "",
        "POST /federation-invitations/:id/withdraw": "",
        "POST /login": "username=nobody&password=wrong password", "POST /logout": "",
        "POST /account/password": "current=\(testPassword)&new=another long passphrase",
        "POST /plans/new": """
        name=Matrix plan&policy=pcn-2019&level=network&within=consortium&areas=01F&from=scratch&compactness=1\
        &balance=0.5&moves=0&seed=3&date=2022-01-01
        """,
        "POST /plans/:id/rename": "name=Renamed plan", "POST /plans/:id/adopt": "adopt_on=2022-06-01&confirm=yes",
        "POST /plans/:id/delete": "confirm=yes",
        "POST /hubs/:id":
            """
        name=Renamed hub&rooms=Room 1&opening=Mon-Fri \
        18:30-20:00&appointment_gp=15&appointment_nurse=15&appointment_other=20
        """,
        "POST /hubs/:id/templates": "room=Room 1&days=Sat&start=09:00&end=12:00&role=gp",
        "POST /hub-slots/:id/book": "practice=$PRACTICE&nhs_number=9990000034&name=Matrix booking (demo)&contact=x",
        "POST /hub-bookings/:id": "status=cancelled",
        "POST /groups/:code/access/hubs": "name=Second hub",
        "POST /groups/:code/access/rotas": "policy=pcn-2019&first_day=2030-01-07&last_day=2030-01-13",
        "POST /groups/:code/access/clinicians":
            "name=Matrix GP&role=gp&practice=&max_sessions=4&hubs[]=$HUB&availability=Sat 08:00-18:00",
        "POST /groups/:code/access/clinicians/:id":
            "name=Matrix GP&role=gp&practice=&max_sessions=4&hubs[]=$HUB&availability=Sat 08:00-18:00",
        "POST /rotas/:id/assign": "session=$SESSION&clinician=",
        "POST /rotas/:id/add": "hub=$HUB&room=Room 1&day=2030-01-12&start=09:00&end=10:00&role=gp",
        "POST /rotas/:id/remove": "session=$SESSION", "POST /rotas/:id/not-run": "session=$SESSION",
        "POST /rotas/:id/publish": "",
        "POST /rotas/:id/delete": "confirm=yes",
        "POST /groups/:code/governance/people": "name=Matrix member (demo)",
        "POST /groups/:code/governance/boards": "board_name=Matrix board",
        "POST /groups/:code/governance/gifts":
            """
        person=$PERSON&gift_kind=gift&source=other&donor=Someone&gift_description=Pen&value=5&received_on=2022-05-01
        """,
        "POST /groups/:code/governance/breaches":
            "occurred_on=2022-05-01&summary=A late declaration&breach_action=Reminder sent",
        "POST /governance/people/:id/affiliations":
            "affiliation_organisation=N81011&affiliation_role=gp-partner&affiliation_from=2022-01-01",
        "POST /governance/people/:id/declarations":
            "kind=financial&organisation=N81011&description=Partner&from=2022-01-01&declared_on=2022-01-05",
        "POST /governance/people/:id/end": "declaration=1&to=2022-12-31",
        "POST /governance/people/:id/end-role": "role=1&to=2022-12-31",
        "POST /governance/boards/:id/seats": "person=$PERSON&role=gp&seat_from=2022-01-01",
        "POST /governance/boards/:id/end-seat": "seat=1&to=2022-12-31",
        "POST /governance/boards/:id/quorum": "minimum=2",
        "POST /governance/boards/:id/meetings": "title=Matrix meeting&held_on=2022-06-01",
        "POST /governance/meetings/:id/attendance": "present[]=$PERSON",
        "POST /governance/meetings/:id/items": "item_title=Matrix item",
        "POST /governance/items/:id/actions": "person=$PERSON&action=excluded-from-discussion&reason=Conflict",
        "POST /governance/items/:id/decision": "decision=Approved",
        "POST /api/v1/hubs": #"{"group":"$FED","name":"API hub"}"#,
        "POST /api/v1/hubs/:id/sessions":
            #"{"day":"2030-01-12","start":"09:00","end":"10:00","room":"Room 9","role":"gp"}"#,
        "POST /api/v1/hub-slots/:id/bookings":
            #"{"nhsNumber":"9990000034","name":"Matrix booking (demo)","contact":"x","practice":"$PRACTICE"}"#,
        "PATCH /api/v1/hub-bookings/:id": #"{"status":"cancelled"}"#,
        "POST /api/v1/federations": #"{"name":"API federation","validFrom":"2022-03-01","members":["$PRACTICE"]}"#,
        "PATCH /api/v1/federations/:code": #"{"name":"API renamed"}"#,
        "POST /api/v1/federations/:code/members": #"{"practice":"N81037","validFrom":"2022-04-01"}"#,
        "PATCH /api/v1/federations/:code/members/:id": #"{"validTo":"2022-12-31"}"#,
        "DELETE /api/v1/federations/:code/members/:id": "",
        "POST /api/v1/federation-invitations/:id/accept": "", "POST /api/v1/federation-invitations/:id/decline": "",
        "POST /api/v1/federation-invitations/:id/withdraw": "",
    ]
    /// An invalid body: every field the route takes, with a value no rule accepts.
    static func invalid(_ valid: String, api: Bool) -> String {
        if api {
            return #"{"status":"nonsense","validFrom":"soon","nhsNumber":"1","day":"someday","group":"???","name":""}"#
        }
        let keys = valid.split(separator: "&").compactMap { $0.split(separator: "=").first.map(String.init) }
        return (keys.isEmpty ? ["nonsense"] : keys).map { "\($0)=%3F%3F not valid %3F%3F" }.joined(separator: "&")
    }

    static let queries: [String: String] = [
        "/api/v1/finance/models": "?area=Y62&trials=1000", "/finance/models.csv": "?area=Y62&trials=1000",
        "/finance/models": "?area=Y62&trials=1000", "/finance/risk": "?trials=1000",
        "/finance/risk.csv": "?trials=1000",
        "/api/v1/finance/risk": "?trials=1000", "/api/v1/finance/groups": "?trials=1000",
    ]

    @Test(
        """
        Every route, every role and signed out, own and other scope, valid and invalid bodies: the expected status, no \
        write by those refused, and no patient shown to anyone who may not see them
        """
    )
    func matrix() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let (clients, worlds) = try await Self.build(app)
            let table = app.routeTable
            // Every route has a rule this test knows.
            for route in table {
                #expect(
                    Self.allowed[route.rule] != nil,
                    "\(route.method) \(route.path) has the rule \(route.rule), which this matrix does not know")
            }
            func audits() async throws -> Int {
                struct N: Decodable { let n: Int }
                return try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_entries").first(decoding: N.self)?.n ?? -1
            }
            func leaks(_ body: String, _ account: Account) -> String? {
                for (i, p) in Self.patients.enumerated() where !Self.patientViewers[i].contains(account) {
                    let spaced = "\(p.nhs.prefix(3)) \(p.nhs.dropFirst(3).prefix(3)) \(p.nhs.suffix(4))"
                    for marker in [p.name, p.nhs, spaced, p.contact] where body.contains(marker) { return marker }
                }
                return nil
            }
            var cells = 0
            let before = try await audits()
            // 1. Everyone refused: valid and invalid bodies alike, before anything is validated or looked up.
            var allowedWrites: [(RouteAccess, Int, Account)] = []
            for route in table where route.path != "/api/v1/**" {
                let isAPI = route.path.hasPrefix("/api/")
                for (w, world) in worlds.enumerated() {
                    if w == 1, Self.objectless.contains(route.rule) { continue }
                    let path = world.fill(route.path, rule: route.rule)
                    for account in Account.allCases {
                        let allowed =
                            (Self.allowed[route.rule] ?? []).contains(account)
                            && (w == 0 || Self.objectless.contains(route.rule) || account == .admin)
                        let client = clients[account]!
                        if route.method == "GET" {
                            let result = try await client.get(path + (Self.queries[path] ?? ""))
                            cells += 1
                            if let marker = leaks(result.body, account) {
                                Issue.record("GET \(path) as \(account.rawValue) shows \(marker)")
                            }
                            if allowed {
                                // Signed in, the sign-in page sends you on.
                                let expected: HTTPStatus = path == "/login" && account != .signedOut ? .seeOther : .ok
                                #expect(
                                    result.status == expected,
                                    "GET \(path) as \(account.rawValue): \(result.status) \(result.body.prefix(160))")
                            } else {
                                Self.expectRefused(result, account: account, api: isAPI, "GET \(path)")
                            }
                            continue
                        }
                        let key = "\(route.method) \(route.path)"
                        guard let valid = Self.validBodies[key].map(world.fill(body:)) else {
                            Issue.record("\(key) has no sample body in the matrix; add one")
                            continue
                        }
                        if allowed {
                            allowedWrites.append((route, w, account))
                            continue
                        }
                        var statuses: [HTTPStatus] = []
                        for body in [valid, Self.invalid(valid, api: isAPI)] {
                            let result = try await Self.send(client, route.method, path, body, api: isAPI)
                            cells += 1
                            statuses.append(result.status)
                            if let marker = leaks(result.body, account) {
                                Issue.record("\(key) on \(path) as \(account.rawValue) shows \(marker)")
                            }
                            Self.expectRefused(result, account: account, api: isAPI, "\(route.method) \(path)")
                        }
                        #expect(
                            statuses[0] == statuses[1],
                            """
                            \(route.method) \(path) as \(account.rawValue): a valid body gets \(statuses[0]), an \
                            invalid one \(statuses[1])
                            """
                        )
                    }
                }
            }
            #expect(try await audits() == before, "a refused request changed something")
            // 2. Those allowed, with invalid bodies: a clear refusal of the input, never "not permitted" and never a
            // server error.
            for (route, w, account) in allowedWrites {
                let world = worlds[w]
                let path = world.fill(route.path, rule: route.rule)
                let valid = world.fill(body: Self.validBodies["\(route.method) \(route.path)"] ?? "")
                guard !valid.isEmpty else { continue }  // nothing to get wrong
                let result = try await Self.send(
                    clients[account]!, route.method, path, Self.invalid(valid, api: route.path.hasPrefix("/api/")),
                    api: route.path.hasPrefix("/api/"))
                cells += 1
                #expect(
                    (path == "/login" || ![401, 403].contains(result.status.code)) && result.status.code < 500,
                    """
                    \(route.method) \(path) as \(account.rawValue) with an invalid body: \(result.status) \
                    \(result.body.prefix(160))
                    """
                )
                if let marker = leaks(result.body, account) {
                    Issue.record("\(route.method) \(path) as \(account.rawValue) shows \(marker)")
                }
            }
            print("permission matrix: \(cells) cells over \(table.count) routes")
            #expect(cells > 2_000, "\(cells) cells")
        }
    }

    static func expectRefused(_ result: TestClient.Result, account: Account, api: Bool, _ what: String) {
        if account == .signedOut {
            if api {
                #expect(result.status == .unauthorized, "\(what) signed out: \(result.status)")
            } else {
                #expect(
                    result.status == .seeOther && result.location?.hasPrefix("/login") == true,
                    "\(what) signed out: \(result.status)")
            }
        } else {
            #expect(
                [.forbidden, .notFound].contains(result.status),
                "\(what) as \(account.rawValue): \(result.status) \(result.body.prefix(160))")
        }
    }

    static func send(_ client: TestClient, _ method: String, _ path: String, _ body: String, api: Bool) async throws
        -> TestClient.Result
    {
        if api { return try await client.json(HTTPMethod(rawValue: method), path, body.isEmpty ? nil : body) }
        let fields = body.split(separator: "&").map { pair -> (String, String) in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(kv.first ?? ""), (kv.count > 1 ? String(kv[1]) : "").removingPercentEncoding ?? "")
        }
        return try await client.post(path, form: fields)
    }

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
        return (clients, worlds)
    }
}
