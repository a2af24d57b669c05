import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import SQLKit
import Testing
import Vapor

extension RotaAppTests {
    @Test(
        """
        Who may do what: other practices and the public see no hub; only the group's managers build rotas; a draft can \
        be deleted, a published rota cannot
        """
    )
    func permissions() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "widnes-fm", .federationManager, scope: "U79408")
            try await makeUser(app, "other-fm", .federationManager, scope: "U09643")
            try await makeUser(app, "widnes-pm", .practiceManager, scope: "N81011")
            try await makeUser(app, "bassetlaw-pm", .practiceManager, scope: "C84001")
            try await makeUser(app, "someone", .public)
            let fm = TestClient(app: app)
            let other = TestClient(app: app)
            let pm = TestClient(app: app)
            let outsider = TestClient(app: app)
            let citizen = TestClient(app: app)
            try await fm.signIn("widnes-fm", testPassword)
            try await other.signIn("other-fm", testPassword)
            try await pm.signIn("widnes-pm", testPassword)
            try await outsider.signIn("bassetlaw-pm", testPassword)
            try await citizen.signIn("someone", testPassword)
            try await setUpWidnes(fm)
            #expect(try await TestClient(app: app).get("/groups/U79408/access").status == .seeOther)  // to sign in
            #expect(try await citizen.get("/groups/U79408/access").status == .forbidden)
            #expect(try await outsider.get("/hubs/1").status == .notFound)  // another group's hub: as if absent
            #expect(try await other.get("/hubs/1").status == .notFound)
            #expect(try await citizen.get("/hubs/1").status == .forbidden)  // no NHS role at all
            #expect(try await pm.get("/hubs/1").status == .ok)
            #expect(try await pm.get("/groups/U79408/access").status == .ok)
            #expect(try await pm.get("/groups/U79408/access/clinicians").status == .forbidden)
            #expect(try await outsider.get("/practices/N81011/hub-appointments").status == .forbidden)
            let hubs = try await outsider.get("/hubs")
            #expect(hubs.status == .ok && !hubs.body.contains("Widnes hub") && hubs.body.contains("No hubs yet"))
            #expect(try await pm.get("/hubs").body.contains("Widnes hub"))
            try await pm.get("/groups/U79408/access")
            let first = nextMonday()
            let form = [("policy", "pcn-2019"), ("first_day", first.iso), ("last_day", first.adding(days: 6).iso)]
            #expect(try await pm.post("/groups/U79408/access/rotas", form: form).status == .forbidden)
            #expect(
                try await pm.post(
                    "/hubs/1/templates",
                    form: [
                        ("room", "Room 2"), ("days", "Sat"), ("start", "09:00"), ("end", "12:00"), ("role", "nurse"),
                    ]
                ).status == .forbidden)
            // Validation of the period.
            let long = try await fm.post(
                "/groups/U79408/access/rotas",
                form: [("policy", "pcn-2019"), ("first_day", first.iso), ("last_day", first.adding(days: 120).iso)])
            #expect(long.status == .badRequest && long.body.contains("at most 92 days"))
            let noPolicy = try await fm.post(
                "/groups/U79408/access/rotas",
                form: [("policy", "gp-consortia-2010"), ("first_day", first.iso), ("last_day", first.iso)])
            #expect(noPolicy.status == .badRequest && noPolicy.body.contains("Choose a policy with an access rule"))
            let draft = try await fm.post("/groups/U79408/access/rotas", form: form)
            #expect(draft.status == .seeOther)
            let draftPath = draft.location ?? "/rotas/0"
            #expect(try await other.get(draftPath).status == .notFound)
            // A draft can be deleted (with confirmation); a published one cannot.
            #expect(try await fm.post(draftPath + "/delete", form: []).status == .badRequest)
            #expect(try await fm.post(draftPath + "/delete", form: [("confirm", "yes")]).status == .seeOther)
            #expect(try await fm.get(draftPath).status == .notFound)
            let kept = try await fm.post("/groups/U79408/access/rotas", form: form).location ?? "/rotas/0"
            let pub = try await fm.post(kept + "/publish", form: [])
            #expect(
                pub.status == .seeOther,
                "\(pub.body.components(separatedBy: "error-summary").dropFirst().first?.prefix(600) ?? "")")
            let delete = try await fm.post(kept + "/delete", form: [("confirm", "yes")])
            #expect(delete.status == .conflict && delete.body.contains("cannot be deleted"))
            // A second rota over the same days cannot be published: its rooms and people are taken.
            let second = try await fm.post("/groups/U79408/access/rotas", form: form).location ?? "/rotas/0"
            let overlap = try await fm.post(second + "/publish", form: [])
            #expect(
                overlap.status == .conflict
                    && overlap.body.contains("already used then by published rota \(kept.dropFirst(7))"),
                "\(overlap.body)")
            // A clinician on a rota cannot be removed.
            let remove = try await fm.post("/groups/U79408/access/clinicians/1", form: [("action", "remove")])
            #expect(remove.status == .conflict && remove.body.contains("take them off the rotas first"))
            guard case .intact = try await app.verifyAudit() else {
                Issue.record("the audit chain is broken")
                return
            }
        }
    }

    @Test(
        """
        The report counts what ran: delivered minutes leave out sessions that did not run; utilisation and \
        did-not-attend rate from the bookings
        """
    )
    func report() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "widnes-fm", .federationManager, scope: "U79408")
            let fm = TestClient(app: app)
            try await fm.signIn("widnes-fm", testPassword)
            try await setUpWidnes(fm)
            // Last week's published rota: Monday's GP session ran, Tuesday's did not.
            let monday = Day.today().weekStart.adding(days: -7)
            let tuesday = monday.adding(days: 1)
            try await app.sql.raw(
                """
                INSERT INTO rotas (id, group_code, policy, first_day, last_day, status, required_minutes, gp_cover, \
                gaps, created_by, created_at)
                VALUES (1, 'U79408', 'pcn-2019', \(bind: monday.iso), \(bind: monday.adding(days: 6).iso), \
                'published', 2040, \(bind: false), '[]', 'test', 'now')
                """
            ).run()
            try await app.sql.raw(
                """
                INSERT INTO rota_sessions (id, rota_id, hub_id, room, day, start_minute, end_minute, role, \
                clinician_id, not_run) VALUES
                (1, 1, 1, 'Room 1', \(bind: monday.iso), 1110, 1200, 'gp', 1, \(bind: false)),
                (2, 1, 1, 'Room 1', \(bind: tuesday.iso), 1110, 1200, 'gp', 1, \(bind: true))
                """
            ).run()
            for i in 0..<6 {
                try await app.sql.raw(
                    """
                    INSERT INTO hub_slots (id, hub_id, room, day, start_minute, minutes, role, clinician, \
                    rota_session_id)
                    VALUES (\(bind: i + 1), 1, 'Room 1', \(bind: monday.iso), \(bind: 1110 + 15 * i), 15, 'gp', 'Demo \
                    GP A', 1)
                    """
                ).run()
            }
            // Slots 1–3 attended, 4 did not attend, 5 booked then cancelled, 6 never booked.
            for (slot, status) in [
                (1, "attended"), (2, "attended"), (3, "attended"), (4, "did-not-attend"), (5, "cancelled"),
            ] {
                try await app.sql.raw(
                    """
                    INSERT INTO hub_bookings (slot_id, status, nhs_number, patient_name, contact, practice_code, \
                    booked_by, booked_at, updated_at)
                    VALUES (\(bind: slot), \(bind: status), '9434765919', 'Demo patient', 'x', 'N81011', 'test', \
                    'now', 'now')
                    """
                ).run()
            }
            let query = "from=\(monday.iso)&to=\(monday.adding(days: 6).iso)"
            let weeks = try CSVReader.parse(try await fm.get("/groups/U79408/access.csv?\(query)&table=weeks").body)
                .map(\.fields)
            #expect(weeks.count == 2)
            #expect(Array(weeks[1][1...]) == ["2040", "180", "90", "0.0441", "6", "4"], "\(weeks)")
            let hubs = try CSVReader.parse(try await fm.get("/groups/U79408/access.csv?\(query)&table=by-hub").body)
                .map(\.fields)
            #expect(hubs[1] == ["Widnes hub", "6", "4", "0.6667", "3", "1", "0.2500"], "\(hubs)")
            let days = try CSVReader.parse(try await fm.get("/groups/U79408/access.csv?\(query)&table=by-weekday").body)
                .map(\.fields)
            #expect(days.count == 2 && days[1][0] == "Mon")
            let sessions = try CSVReader.parse(
                try await fm.get("/groups/U79408/access.csv?\(query)&table=by-session").body
            ).map(\.fields)
            #expect(sessions[1][0] == "Widnes hub, Mon 18:30–20:00")
            let page = try await fm.get("/groups/U79408/access?\(query)")
            #expect(page.body.contains("<svg") && page.body.contains("Utilisation by day of the week"))
            #expect(page.body.contains("25.0%"))  // did not attend, in the figures at the top
        }
    }
}
