import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import SQLKit
import Testing
import Vapor

/// The first Monday at least a week ahead, so that every session of a test rota is to come.
func nextMonday() -> Day { Day.today().weekStart.adding(days: 7) }

/// Sets up WIDNES PCN's extended access through the pages: a hub with two rooms and weekly
/// sessions, and clinicians of two member practices and a sessional GP.
func setUpWidnes(_ fm: TestClient) async throws {
    try await fm.get("/groups/U79408/access")
    let hub = try await fm.post(
        "/groups/U79408/access/hubs", form: [("name", "Widnes hub"), ("address", "Demo address")])
    #expect(hub.status == .seeOther && hub.location == "/hubs/1", "\(hub.body)")
    let settings = try await fm.post(
        "/hubs/1",
        form: [
            ("name", "Widnes hub"), ("address", "Demo address"), ("rooms", "Room 1, Room 2"),
            ("opening", "Mon-Fri 18:30-20:00; Sat 09:00-17:00"), ("appointment_gp", "15"),
            ("appointment_nurse", "15"), ("appointment_other", "20"),
        ])
    #expect(settings.status == .seeOther, "\(settings.body)")
    for (room, days, start, end, role) in [
        ("Room 1", "Mon-Fri", "18:30", "20:00", "gp"), ("Room 2", "Mon-Fri", "18:30", "20:00", "nurse"),
        ("Room 1", "Sat", "09:00", "17:00", "gp"),
    ] {
        let t = try await fm.post(
            "/hubs/1/templates", form: [("room", room), ("days", days), ("start", start), ("end", end), ("role", role)])
        #expect(t.status == .seeOther, "\(t.body)")
    }
    for (name, role, practice) in [
        ("Demo GP A", "gp", "N81011"), ("Demo GP B", "gp", "N81035"), ("Demo nurse C", "nurse", "N81011"),
        ("Demo GP D", "gp", ""),
    ] {
        let c = try await fm.post(
            "/groups/U79408/access/clinicians",
            form: [
                ("name", name), ("role", role), ("practice", practice), ("max_sessions", "10"),
                ("hubs[]", "1"), ("availability", "Mon-Fri 18:00-21:00; Sat 08:00-18:00"),
            ])
        #expect(
            c.status == .seeOther,
            "\(name): \(c.body.components(separatedBy: "error-summary").dropFirst().first?.prefix(600) ?? "")")
    }
}

@Suite("Extended access rotas and booking pages", .serialized)
struct RotaAppTests {
    @Test(
        """
        Set up a hub, build a rota that meets the requirement, edit it with conflict checks, publish it, then book, \
        rebook, cancel; calendar feeds and the report follow
        """
    )
    func journey() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "widnes-fm", .federationManager, scope: "U79408")
            try await makeUser(app, "widnes-pm", .practiceManager, scope: "N81011")
            let fm = TestClient(app: app)
            let pm = TestClient(app: app)
            try await fm.signIn("widnes-fm", testPassword)
            try await pm.signIn("widnes-pm", testPassword)
            try await setUpWidnes(fm)

            // Bad input names its field and changes nothing.
            let badTemplate = try await fm.post(
                "/hubs/1/templates",
                form: [("room", "Room 2"), ("days", "Sun"), ("start", "10:00"), ("end", "12:00"), ("role", "gp")])
            #expect(
                badTemplate.status == .badRequest && badTemplate.body.contains("outside the hub&#39;s opening hours")
                    || badTemplate.body.contains("outside the hub's opening hours"), "\(badTemplate.body)")
            let overlap = try await fm.post(
                "/hubs/1/templates",
                form: [("room", "Room 1"), ("days", "Fri"), ("start", "19:00"), ("end", "20:00"), ("role", "nurse")])
            #expect(overlap.status == .badRequest && overlap.body.contains("already has a weekly session then"))
            let badClinician = try await fm.post(
                "/groups/U79408/access/clinicians",
                form: [
                    ("name", ""), ("role", "surgeon"), ("practice", "C84001"),
                    ("max_sessions", "0"), ("availability", "evenings"),
                ])
            #expect(badClinician.status == .badRequest)
            for message in [
                "Give the clinician", "Choose GP, nurse or other", "C84001 is not a member practice", "1 to 62",
                "Tick at least one hub", "is not a time like",
            ] {
                #expect(badClinician.body.contains(message), "\(message)")
            }
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM clinicians").first(decoding: Count.self)?.n == 4)

            // Build four weeks under pcn-2019: WIDNES's 68,107 patients need 2,040 minutes a week.
            let first = nextMonday()
            let built = try await fm.post(
                "/groups/U79408/access/rotas",
                form: [("policy", "pcn-2019"), ("first_day", first.iso), ("last_day", first.adding(days: 27).iso)])
            #expect(built.status == .seeOther && built.location == "/rotas/1", "\(built.body)")
            var page = try await fm.get("/rotas/1")
            #expect(page.status == .ok)
            #expect(page.body.contains("pcn-2019: 2,040 minutes a week"))
            #expect(page.body.contains("Conflicts (0)"))
            // Sessions in the period: 10 weekday sessions and one Saturday a week for four weeks.
            struct S: Decodable {
                let id: Int64
                let day: String
                let startMinute: Int
                let role: String
                let clinicianId: Int64?
            }
            let sessions = try await app.sql.raw(
                "SELECT id, day, start_minute, role, clinician_id FROM rota_sessions WHERE rota_id = 1 ORDER BY day, "
                    + "start_minute, id"
            )
            .all(decoding: S.self, with: rows)
            // 44 sessions in four weeks, less the two evening sessions of each weekday that is a bank holiday.
            let holidays = (0..<28).map { first.adding(days: $0) }.filter {
                $0.weekday < 5 && BankHolidays.isBankHoliday($0)
            }.count
            #expect(sessions.count == 44 - 2 * holidays)
            // The week's maximum is 10 × 90 + 480 = 1,380 minutes, short of 2,040: every week's gap is explained.
            #expect(page.body.contains("1,380 of the 2,040 minutes required are staffed; 660 short"), "\(page.body)")

            // Hand edits: putting the Monday GP on the Monday nurse session is refused (wrong role, double-booked).
            let mondayGP = sessions.first { $0.role == "gp" && $0.day == first.iso }!
            let mondayNurse = sessions.first { $0.role == "nurse" && $0.day == first.iso }!
            let refused = try await fm.post(
                "/rotas/1/assign",
                form: [("session", String(mondayNurse.id)), ("clinician", String(mondayGP.clinicianId!))])
            #expect(refused.status == .conflict)
            #expect(
                refused.body.contains("is booked twice at once") && refused.body.contains("session"), "\(refused.body)")
            let unchanged = try await app.sql.raw(
                "SELECT clinician_id FROM rota_sessions WHERE id = \(bind: mondayNurse.id)"
            ).first(decoding: Clin.self)
            #expect(unchanged?.clinicianId == mondayNurse.clinicianId)
            // Taking someone off and putting them back is fine.
            #expect(
                try await fm.post("/rotas/1/assign", form: [("session", String(mondayGP.id)), ("clinician", "")]).status
                    == .seeOther)
            // The gap says who can take it (the GP just taken off is free) and why each other GP cannot.
            let gap = try await fm.get("/rotas/1?page=1").body
            #expect(gap.contains("class=\"gap-candidates\"") && gap.contains(": free to take it"), "\(gap.prefix(300))")
            #expect(gap.contains("free: ") || gap.contains("people free: "))
            #expect(
                try await fm.post(
                    "/rotas/1/assign",
                    form: [("session", String(mondayGP.id)), ("clinician", String(mondayGP.clinicianId!))]
                ).status == .seeOther)
            // A session outside the policy hours cannot be added by hand.
            let late = try await fm.post(
                "/rotas/1/add",
                form: [
                    ("hub", "1"), ("room", "Room 2"), ("day", first.iso), ("start", "20:00"), ("end", "21:00"),
                    ("role", "nurse"),
                ])
            #expect(late.status == .badRequest && late.body.contains("the session must fall within those hours"))

            // Publish: staffed sessions become 15-minute slots.
            let published = try await fm.post("/rotas/1/publish", form: [])
            #expect(published.status == .seeOther, "\(published.body)")
            let staffed = sessions.filter { $0.clinicianId != nil }
            #expect(!staffed.isEmpty)
            let slots = try await app.sql.raw("SELECT COUNT(*) AS n FROM hub_slots").first(decoding: Count.self)?.n
            let expectedSlots: Int = staffed.map { Day(iso: $0.day)!.weekday == 5 ? 32 : 6 }.reduce(0, +)
            #expect(slots == expectedSlots)
            #expect(try await fm.post("/rotas/1/publish", form: []).status == .conflict)

            // The practice manager books a patient from the hub page.
            let hubPage = try await pm.get("/hubs/1?day=\(first.iso)")
            #expect(hubPage.status == .ok && hubPage.body.contains(">Book<"))
            struct Slot: Decodable { let id: Int64 }
            let open = try await app.sql.raw(
                "SELECT id FROM hub_slots WHERE day = \(bind: first.iso) ORDER BY start_minute, id"
            ).all(decoding: Slot.self)
            let form = try await pm.get("/hub-slots/\(open[0].id)/book")
            #expect(form.status == .ok && form.body.contains("NHS number"))
            let bad = try await pm.post(
                "/hub-slots/\(open[0].id)/book",
                form: [
                    ("practice", "N81011"), ("nhs_number", "943 476 5918"), ("name", "Demo patient"),
                    ("contact", "01234 000000"),
                ])
            #expect(bad.status == .badRequest && bad.body.contains("check digit"))
            let ok = try await pm.post(
                "/hub-slots/\(open[0].id)/book",
                form: [
                    ("practice", "N81011"), ("nhs_number", "943 476 5919"), ("name", "Demo patient"),
                    ("contact", "01234 000000"),
                ])
            #expect(
                ok.status == .seeOther && ok.location == "/practices/N81011/hub-appointments?booked=1", "\(ok.body)")
            var list = try await pm.get("/practices/N81011/hub-appointments")
            #expect(
                list.body.contains("943 476 5919") && list.body.contains("Demo patient") && list.body.contains("booked")
            )
            // Someone else cannot take the slot.
            let taken = try await pm.post(
                "/hub-slots/\(open[0].id)/book",
                form: [
                    ("practice", "N81011"), ("nhs_number", "943 476 5919"), ("name", "Demo patient 2"),
                    ("contact", "x"),
                ])
            #expect(taken.status == .conflict && taken.body.contains("has just been booked by someone else"))
            // Rebook to the next slot: the old booking is cancelled, a new one made, in one step.
            let moved = try await pm.post("/hub-slots/\(open[1].id)/book", form: [("rebook", "1")])
            #expect(
                moved.status == .seeOther && moved.location == "/practices/N81011/hub-appointments?booked=2",
                "\(moved.body)")
            struct B: Decodable {
                let id: Int64
                let status: String
                let slotId: Int64
            }
            let bookings = try await app.sql.raw("SELECT id, status, slot_id FROM hub_bookings ORDER BY id").all(
                decoding: B.self, with: rows)
            #expect(bookings.map(\.status) == ["cancelled", "booked"] && bookings[1].slotId == open[1].id)
            // Attendance cannot be recorded before the appointment has begun; cancelling can.
            let early = try await pm.post("/hub-bookings/2", form: [("status", "attended")])
            #expect(early.status == .badRequest && early.body.contains("record attendance once it has begun"))
            #expect(try await pm.post("/hub-bookings/2", form: [("status", "cancelled")]).status == .seeOther)
            list = try await pm.get("/practices/N81011/hub-appointments?show=all")
            #expect(list.body.contains("cancelled"))
            let csv = try await pm.get("/practices/N81011/hub-appointments.csv?show=all&table=appointments")
            #expect(try CSVReader.parse(csv.body).count == 3)

            // Calendar feeds: a clinician's lists their published sessions; a wrong address is not found.
            struct Token: Decodable {
                let calendarToken: String
                let id: Int64
            }
            let gp = try await app.sql.raw(
                "SELECT calendar_token, id FROM clinicians WHERE id = \(bind: mondayGP.clinicianId!)"
            ).first(decoding: Token.self, with: rows)!
            let feed = try await TestClient(app: app).get("/calendar/\(gp.calendarToken).ics")
            #expect(feed.status == .ok && feed.headers.first(name: .contentType)?.hasPrefix("text/calendar") == true)
            let theirs = sessions.filter { $0.clinicianId == gp.id }.count
            #expect(feed.body.components(separatedBy: "BEGIN:VEVENT").count - 1 == theirs)
            #expect(
                try await TestClient(app: app).get("/calendar/\(String(repeating: "x", count: 43)).ics").status
                    == .notFound)

            // The report: planned minutes each week, as published.
            page = try await fm.get("/groups/U79408/access?from=\(first.iso)&to=\(first.adding(days: 27).iso)")
            #expect(page.body.contains("Minutes each week"))
            let weeks = try CSVReader.parse(
                try await fm.get(
                    "/groups/U79408/access.csv?from=\(first.iso)&to=\(first.adding(days: 27).iso)&table=weeks"
                ).body
            ).map(\.fields)
            #expect(weeks.count == 5)
            // Weeks to come: nothing delivered yet, and said so.
            for w in weeks.dropFirst() { #expect(w[1] == "2040" && w[3] == "to come" && w[0].hasSuffix("(to come)")) }
            let plannedTotal = weeks.dropFirst().map { Int($0[2])! }.reduce(0, +)
            let staffedMinutes: Int = staffed.map { Day(iso: $0.day)!.weekday == 5 ? 480 : 90 }.reduce(0, +)
            #expect(plannedTotal == staffedMinutes)

            // After publication: a session still to come changes hands and its appointments follow;
            // it cannot be left with nobody; it cannot be marked as not run while a patient is booked.
            let gps = [Int64(1), 2, 4]  // Demo GP A, B and the sessional Demo GP D
            let month = { (d: String) in String(d.prefix(7)) }
            let (handed, to): (S, Int64) = {
                for s in staffed where s.role == "gp" {
                    for g in gps where g != s.clinicianId {
                        let busy = staffed.contains { $0.clinicianId == g && $0.day == s.day }
                        let used = staffed.filter { $0.clinicianId == g && month($0.day) == month(s.day) }.count
                        if !busy && used < 10 { return (s, g) }
                    }
                }
                return (staffed[0], 0)
            }()
            #expect(to != 0, "no GP free to take over a session")
            let handover = try await fm.post(
                "/rotas/1/assign", form: [("session", String(handed.id)), ("clinician", String(to))])
            #expect(
                handover.status == .seeOther,
                "\(handover.body.components(separatedBy: "error-summary").dropFirst().first?.prefix(400) ?? "")")
            struct Who: Decodable { let clinician: String? }
            let newName = ["1": "Demo GP A", "2": "Demo GP B", "4": "Demo GP D"][String(to)]
            let slotNames = try await app.sql.raw(
                "SELECT clinician FROM hub_slots WHERE rota_session_id = \(bind: handed.id)"
            ).all(decoding: Who.self).map(\.clinician)
            #expect(!slotNames.isEmpty && slotNames.allSatisfy { $0 == newName }, "\(slotNames)")
            let empty = try await fm.post("/rotas/1/assign", form: [("session", String(handed.id)), ("clinician", "")])
            #expect(empty.status == .conflict && empty.body.contains("A published session needs someone on it"))
            let slot = try await app.sql.raw(
                "SELECT id FROM hub_slots WHERE rota_session_id = \(bind: handed.id) ORDER BY start_minute"
            ).first(decoding: Slot.self)!
            #expect(
                try await pm.post(
                    "/hub-slots/\(slot.id)/book",
                    form: [
                        ("practice", "N81011"), ("nhs_number", "943 476 5919"), ("name", "Demo patient"),
                        ("contact", "x"),
                    ]
                ).status == .seeOther)
            let notRun = try await fm.post("/rotas/1/not-run", form: [("session", String(handed.id))])
            #expect(
                notRun.status == .conflict && notRun.body.contains("1 patient is booked into this session"),
                "\(notRun.body.prefix(300))")
            let latest = try await app.sql.raw("SELECT MAX(id) AS n FROM hub_bookings").first(decoding: Count.self)!.n
            #expect(try await pm.post("/hub-bookings/\(latest)", form: [("status", "cancelled")]).status == .seeOther)
            #expect(try await fm.post("/rotas/1/not-run", form: [("session", String(handed.id))]).status == .seeOther)
            // Its unbooked appointments go; the one with a (cancelled) booking stays for the record.
            #expect(
                try await app.sql.raw("SELECT COUNT(*) AS n FROM hub_slots WHERE rota_session_id = \(bind: handed.id)")
                    .first(decoding: Count.self)?.n == 1)
            guard case .intact = try await app.verifyAudit() else {
                Issue.record("the audit chain is broken")
                return
            }
        }
    }

}

private let rows = SQLRowDecoder(keyDecodingStrategy: .convertFromSnakeCase)
private struct Clin: Decodable {
    let clinicianId: Int64?
    enum CodingKeys: String, CodingKey { case clinicianId = "clinician_id" }
}
