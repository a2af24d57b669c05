import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Importers
import Testing
import Vapor

/// One test per defect of the security review: each fails on the code before the fix.
@Suite("Security defects", .serialized)
struct SecurityTests {
    @Test(
        """
        Defect 1: a query string of a bare '=' (and any other malformed query) is answered, and the server keeps \
        serving
        """
    )
    func malformedQueries() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            for query in [
                "=", "==", "&=&", "=x", "&&&", "%", "%zz=1", "q=%", "=%00", "page==", "q", "a=1&=&b", "%3D=%3D",
                "q=%E2%28%A1",
            ] {
                for path in ["/practices", "/api/v1/practices", "/networks", "/assurance"] {
                    let result = try await client.get("\(path)?\(query)")
                    #expect([200, 400].contains(result.status.code), "\(path)?\(query): \(result.status)")
                }
            }
            #expect(try await client.get("/health").status == .ok)
        }
    }

    @Test(
        """
        Defect 2: a signed-in account that may not see a booking gets the same refusal for a valid and an invalid \
        status, and never the practice's patients
        """
    )
    func bookingRefusedBeforeValidation() async throws {
        try await withBooking { app, booking in
            for (username, role, scope) in [
                ("someone", Role.public, nil as String?), ("other-pm", .practiceManager, "C84001"),
            ] {
                try await makeUser(app, username, role, scope: scope)
                let client = TestClient(app: app)
                try await client.signIn(username, testPassword)
                try await client.get("/account")
                let invalid = try await client.post("/hub-bookings/\(booking)", form: [("status", "nonsense")])
                let valid = try await client.post("/hub-bookings/\(booking)", form: [("status", "cancelled")])
                #expect(
                    invalid.status == valid.status && [.forbidden, .notFound].contains(valid.status),
                    "\(username): \(invalid.status) \(valid.status)")
                for body in [invalid.body, valid.body] {
                    #expect(
                        !body.contains("Security Patient (demo)") && !body.contains("999 000 0018")
                            && !body.contains("security-contact"))
                }
                let history = try await client.get("/practices/N81011/hub-appointments?show=all&page=1")
                #expect([.forbidden].contains(history.status) && !history.body.contains("Security Patient (demo)"))
            }
        }
    }

    @Test(
        """
        Defect 3: a federation manager cannot add a practice on their own say-so; it is invited, reads nothing, and \
        joins when its practice manager accepts
        """
    )
    func membershipNeedsConsent() async throws {
        try await withBooking { app, _ in
            let admin = TestClient(app: app)
            try await admin.signIn("admin", testPassword)
            try await admin.get("/federations/new")
            #expect(
                try await admin.post(
                    "/federations/new",
                    form: [("name", "Elsewhere federation"), ("valid_from", "2022-01-01"), ("members", "C84001")]
                ).status == .seeOther)
            try await makeUser(app, "fed-two", .federationManager, scope: "FED-0002")
            try await makeUser(app, "pm-bevan", .practiceManager, scope: "N81011")
            let manager = TestClient(app: app)
            try await manager.signIn("fed-two", testPassword)
            try await manager.get("/account")
            // Through the API and the form alike: an invitation, not a membership.
            let api = try await manager.json(
                .POST, "/api/v1/federations/FED-0002/members", #"{"practice":"N81011","validFrom":"2022-05-01"}"#)
            #expect(api.status == .accepted && api.body.contains("\"status\":\"pending\""), "\(api.body)")
            let form = try await manager.post(
                "/groups/FED-0002/members", form: [("practice", "N81035"), ("valid_from", "2022-05-01")])
            #expect(form.location == "/groups/FED-0002/edit#invitations")
            let members = try await admin.get("/api/v1/groups/FED-0002?date=2022-06-01")
            #expect(!members.body.contains("N81011") && !members.body.contains("N81035"))
            // The federation's manager reads none of the practice's hub appointments, on the page or as CSV.
            for path in ["/practices/N81011/hub-appointments", "/practices/N81011/hub-appointments.csv?show=all"] {
                let read = try await manager.get(path)
                #expect(
                    read.status == .forbidden && !read.body.contains("Security Patient (demo)"),
                    "\(path): \(read.status)")
            }
            // A second invitation while one is waiting is refused.
            #expect(
                try await manager.json(
                    .POST, "/api/v1/federations/FED-0002/members", #"{"practice":"N81011","validFrom":"2022-05-01"}"#
                ).status == .conflict)
            // The practice's manager sees it on their account page and accepts.
            let pm = TestClient(app: app)
            try await pm.signIn("pm-bevan", testPassword)
            #expect(try await pm.get("/account").body.contains("1 invitation for N81011 to join a federation"))
            let page = try await pm.get("/practices/N81011/invitations")
            #expect(page.body.contains("Elsewhere federation") && page.body.contains("Accept: join"))
            let id = try #require(
                page.body.range(of: "/federation-invitations/").map {
                    page.body[$0.upperBound...].prefix { $0.isNumber }
                })
            #expect(
                try await pm.post("/federation-invitations/\(id)/accept", form: []).location
                    == "/practices/N81011/invitations")
            #expect(try await admin.get("/api/v1/groups/FED-0002?date=2022-06-01").body.contains("N81011"))
            #expect(
                try await pm.post("/federation-invitations/\(id)/accept", form: []).location?.contains(
                    "already%20been%20accepted") == true)
            // Only the practice answers: another practice's manager cannot even see the invitation.
            try await makeUser(app, "pm-other", .practiceManager, scope: "N81035")
            let other = TestClient(app: app)
            try await other.signIn("pm-other", testPassword)
            try await other.get("/account")
            #expect(try await other.post("/federation-invitations/\(id)/decline", form: []).status == .notFound)
            // Every step is audited.
            struct N: Decodable { let n: Int }
            let audited = try await app.sql.raw(
                "SELECT COUNT(*) AS n FROM audit_entries WHERE action LIKE 'federation.invitation.%'"
            ).first(decoding: N.self)?.n
            #expect(audited == 3)
        }
    }

    @Test(
        """
        Defect 4: a network's manager without a hub reads none of another federation's bookings of a member practice
        """)
    func appointmentsScopedToOwnHubs() async throws {
        try await withBooking { app, _ in
            try await makeUser(app, "pcn-manager", .federationManager, scope: "U79408")
            let pcn = TestClient(app: app)
            try await pcn.signIn("pcn-manager", testPassword)
            let page = try await pcn.get("/practices/N81011/hub-appointments?show=all")
            #expect(page.status == .ok)
            #expect(!page.body.contains("Security Patient (demo)"))
            let csv = try await pcn.get("/practices/N81011/hub-appointments.csv?show=all")
            #expect(!csv.body.contains("Security Patient (demo)") && !csv.body.contains("9990000018"))
            // The practice's own manager sees it.
            try await makeUser(app, "pm-bevan", .practiceManager, scope: "N81011")
            let pm = TestClient(app: app)
            try await pm.signIn("pm-bevan", testPassword)
            #expect(
                try await pm.get("/practices/N81011/hub-appointments?show=all").body.contains("Security Patient (demo)")
            )
        }
    }

    @Test(
        """
        Defect 5: an imported list size beyond any practice's is refused naming file, line and column; one already \
        stored counts as unknown, and pages still load
        """
    )
    func boundedNumbers() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("consort-huge-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixture("small"), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("practices.csv")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: ",15008,U79408,", with: ",9223372036854775807,U79408,")
        try text.write(to: file, atomically: true, encoding: .utf8)
        try await withTestApp(.empty) { app in
            do {
                try await importDataset(app, folder)
                Issue.record("a list size of 9223372036854775807 was accepted")
            } catch let failure as ImportFailure {
                #expect(failure.description.contains("practices.csv, line"), "\(failure.description)")
                #expect(
                    failure.description.contains(
                        "list_size: 9223372036854775807 is outside the possible range 0–500000"),
                    "\(failure.description)")
            }
            // A value stored before bounds existed: pages load, the practice's size is unknown.
            try await importDataset(app, fixture("small"))
            try await app.sql.raw("UPDATE list_sizes SET patients = 9223372036854775807 WHERE practice_code = 'N81011'")
                .run()
            try await app.sql.raw("UPDATE registry_state SET version = version + 1").run()
            await app.testRegistryChanged()
            let client = TestClient(app: app)
            for path in ["/", "/practices", "/groups/U79408", "/networks", "/assurance", "/finance", "/api/v1/summary"]
            {
                #expect(try await client.get(path).status == .ok, "\(path)")
            }
        }
    }

    @Test(
        """
        Lower: an unknown username costs the same bcrypt work as a known one; wrong current passwords are limited like \
        sign-in
        """
    )
    func signInCosts() async throws {
        for cost in [4, 5] {
            let hash = try Accounts.dummyHash(cost: cost)
            #expect(hash.hasPrefix(String(format: "$2b$%02d$", cost)), "\(hash.prefix(7))")
        }
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "alice", .public)
            let client = TestClient(app: app)
            try await client.signIn("alice", testPassword)
            try await client.get("/account")
            var statuses: [UInt] = []
            for _ in 0..<6 {
                statuses.append(
                    try await client.post(
                        "/account/password", form: [("current", "wrong guess"), ("new", "another long passphrase")]
                    ).status.code)
            }
            #expect(statuses == [400, 400, 400, 400, 400, 429])
            // The right password is refused too until the wait is over.
            #expect(
                try await client.post(
                    "/account/password", form: [("current", testPassword), ("new", "another long passphrase")]
                ).status == .tooManyRequests)
        }
    }

    @Test(
        """
        Lower: text with control characters is refused naming the field, on every route and both databases; minutes \
        escape Markdown; 405 names the methods
        """
    )
    func lowerDefects() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "officer", .consortiumOfficer, scope: "01F")
            let officer = TestClient(app: app)
            try await officer.signIn("officer", testPassword)
            try await officer.get("/groups/01F/governance")
            let nul = try await officer.post("/groups/01F/governance/people", form: [("name", "Dr Null\u{0}Byte")])
            #expect(nul.status == .badRequest && nul.body.contains("U+0000"), "\(nul.status)")
            let json = try await officer.json(
                .POST, "/api/v1/federations", #"{"name":"Bad\u0007name","validFrom":"2022-01-01"}"#)
            #expect(json.status == .badRequest && json.body.contains("U+0007"))
            #expect(try await officer.get("/practices?q=a%00b").status == .badRequest)
            // Minutes: a title with HTML and Markdown comes out inert.
            let person = try await officer.post(
                "/groups/01F/governance/people", form: [("name", "Dr <b>Bold</b> *Star*")])
            #expect(person.status == .seeOther)
            let board = try await officer.post(
                "/groups/01F/governance/boards", form: [("board_name", "Board [link](http://evil.example)")])
            let boardID = String(board.location?.split(separator: "/").last ?? "")
            let meeting = try await officer.post(
                "/governance/boards/\(boardID)/meetings",
                form: [("title", "<script>alert(1)</script>"), ("held_on", "2022-06-01")])
            let meetingID = String(meeting.location?.split(separator: "/").last ?? "")
            #expect(
                try await officer.post(
                    "/governance/meetings/\(meetingID)/items", form: [("item_title", "# Heading\nnew line <img src=x>")]
                ).status == .seeOther)
            let minutes = try await officer.get("/governance/meetings/\(meetingID)/minutes.md").body
            #expect(!minutes.contains("<script>") && minutes.contains("\\<script\\>alert(1)\\</script\\>"))
            #expect(
                minutes.contains("Board \\[link\\](http://evil.example)")
                    && minutes.contains("\\# Heading new line \\<img src=x\\>"))
            // 405 with the methods the address takes.
            let method = try await officer.json(.DELETE, "/practices")
            #expect(method.status == .methodNotAllowed && method.headers.first(name: .allow) == "GET, HEAD")
            let api = try await officer.json(.PUT, "/api/v1/federations")
            #expect(api.status == .methodNotAllowed && api.headers.first(name: .allow) == "POST")
            #expect(try await officer.json(.POST, "/api/v1/nothing-here", "{}").status == .notFound)
        }
    }

    @Test("Lower: a board's forms offer only its own body's people, and a seat for another body's person is refused")
    func boardPeopleScoped() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "admin", .administrator)
            let admin = TestClient(app: app)
            try await admin.signIn("admin", testPassword)
            try await admin.get("/groups/02Q/governance")
            let outsider = try await admin.post(
                "/groups/02Q/governance/people", form: [("name", "Bassetlaw member (demo)")])
            let outsiderID = String(outsider.location?.split(separator: "/").last ?? "")
            #expect(
                try await admin.post("/groups/01F/governance/people", form: [("name", "Halton member (demo)")]).status
                    == .seeOther)
            let board = try await admin.post("/groups/01F/governance/boards", form: [("board_name", "Halton board")])
            let boardID = String(board.location?.split(separator: "/").last ?? "")
            let page = try await admin.get("/governance/boards/\(boardID)")
            #expect(page.body.contains("Halton member (demo)") && !page.body.contains("Bassetlaw member (demo)"))
            let seat = try await admin.post(
                "/governance/boards/\(boardID)/seats",
                form: [("person", outsiderID), ("role", "gp"), ("seat_from", "2022-01-01")])
            #expect(seat.status == .badRequest && seat.body.contains("Choose one of NHS Halton CCG"), "\(seat.status)")
        }
    }

    @Test("Lower: the OpenAPI document declares enums and bounds, and every id is a positive int64")
    func openAPIBounds() async throws {
        try await withTestApp { app in
            let doc = try await TestClient(app: app).get("/api/v1/openapi.json").body
            let object = try JSONSerialization.jsonObject(with: Data(doc.utf8)) as? [String: Any]
            let paths = object?["paths"] as? [String: [String: Any]] ?? [:]
            var ids = 0
            for (path, operations) in paths {
                for (_, op) in operations {
                    for p in ((op as? [String: Any])?["parameters"] as? [[String: Any]]) ?? []
                    where p["name"] as? String == "id" && p["in"] as? String == "path" {
                        let schema = p["schema"] as? [String: Any]
                        #expect(schema?["minimum"] as? Int == 1 && schema?["format"] as? String == "int64", "\(path)")
                        ids += 1
                    }
                }
            }
            #expect(ids >= 11)
            #expect(doc.contains(#""enum":["cancelled","attended","did-not-attend"]"#))
            #expect(doc.contains(#""maximum":120"#) && doc.contains(#""pattern":"^[A-Za-z][0-9]{5}$""#))
        }
    }

    /// The small fixture with FED-0001 (N81011, N81035), its hub, a published rota and one booking
    /// of a demo patient of N81011, made by an administrator; passes the booking's id.
    func withBooking(_ body: (Application, String) async throws -> Void) async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "admin", .administrator)
            let admin = TestClient(app: app)
            try await admin.signIn("admin", testPassword)
            try await admin.get("/federations/new")
            #expect(
                try await admin.post(
                    "/federations/new",
                    form: [
                        ("name", "Security federation"), ("valid_from", "2022-01-01"),
                        ("members", "N81011,N81035"),
                    ]
                ).location == "/groups/FED-0001")
            #expect(
                try await admin.json(.POST, "/api/v1/hubs", #"{"group":"FED-0001","name":"Security hub"}"#).status
                    == .created)
            #expect(
                try await admin.json(
                    .POST, "/api/v1/hubs/1/sessions",
                    #"{"day":"\#(Day.today().adding(days: 3).iso)","start":"18:30","end":"19:00","#
                        + #""room":"Room 1","role":"gp"}"#
                ).status == .created)
            let booked = try await admin.json(
                .POST, "/api/v1/hub-slots/1/bookings",
                #"{"nhsNumber":"9990000018","name":"Security Patient (demo)","#
                    + #""contact":"security-contact@example.invalid","practice":"N81011"}"#
            )
            #expect(booked.status == .created, "\(booked.body)")
            try await body(app, String(try booked.json([String: Int64].self)["id"] ?? 0))
        }
    }
}
