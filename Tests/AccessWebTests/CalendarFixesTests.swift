import AccessWeb
import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import SQLKit
import Testing
import Vapor

@Suite("Bank holidays, attendance and rota counts", .serialized)
struct CalendarFixesTests {
    static func count(_ app: Application, _ sql: String) async throws -> Int {
        struct N: Decodable { let n: Int }
        return try await app.sql.raw("\(unsafeRaw: sql)").first(decoding: N.self)?.n ?? -1
    }

    @Test(
        """
        A hub is closed on England's bank holidays unless it opens on them: rotas leave them out, a session added by \
        hand is refused naming the holiday; a hub set to open offers them
        """
    )
    func bankHolidays() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "widnes-fm", .federationManager, scope: "U79408")
            let fm = TestClient(app: app)
            try await fm.signIn("widnes-fm", testPassword)
            try await setUpWidnes(fm)
            // Christmas week 2030: Wednesday 25 and Thursday 26 December are bank holidays.
            let monday = Day(year: 2030, month: 12, day: 23)!
            let built = try await fm.post(
                "/groups/U79408/access/rotas",
                form: [("policy", "pcn-2019"), ("first_day", monday.iso), ("last_day", monday.adding(days: 6).iso)])
            #expect(built.location == "/rotas/1", "\(built.status)")
            #expect(
                try await Self.count(
                    app, "SELECT COUNT(*) AS n FROM rota_sessions WHERE day IN ('2030-12-25', '2030-12-26')") == 0)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM rota_sessions WHERE day = '2030-12-24'") == 2)
            let added = try await fm.post(
                "/rotas/1/add",
                form: [
                    ("hub", "1"), ("room", "Room 1"), ("day", "2030-12-25"), ("start", "18:30"), ("end", "19:30"),
                    ("role", "gp"),
                ])
            #expect(
                added.status == .badRequest && added.body.contains("is a bank holiday (Christmas Day)"),
                "\(added.status)")
            try await fm.get("/account")
            let api = try await fm.json(
                .POST, "/api/v1/hubs/1/sessions",
                #"{"day":"2030-12-26","start":"18:30","end":"19:00","room":"Room 2","role":"gp"}"#)
            #expect(api.status == .badRequest && api.body.contains("Boxing Day"), "\(api.status) \(api.body)")
            // Set to open on bank holidays, the next rota offers them.
            try await fm.get("/hubs/1")
            #expect(
                try await fm.post(
                    "/hubs/1",
                    form: [
                        ("name", "Widnes hub"), ("address", "Demo address"), ("rooms", "Room 1, Room 2"),
                        ("opening", "Mon-Fri 18:30-20:00; Sat 09:00-17:00"), ("appointment_gp", "15"),
                        ("appointment_nurse", "15"), ("appointment_other", "20"), ("bank_holidays", "yes"),
                    ]
                ).status == .seeOther)
            #expect(try await fm.get("/hubs/1").body.contains("Open, as on other days"))
            #expect(try await fm.post("/rotas/1/delete", form: [("confirm", "yes")]).status == .seeOther)
            _ = try await fm.post(
                "/groups/U79408/access/rotas",
                form: [("policy", "pcn-2019"), ("first_day", monday.iso), ("last_day", monday.adding(days: 6).iso)])
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM rota_sessions WHERE day = '2030-12-25'") == 2)
        }
    }

    @Test(
        """
        Attendance is recorded only once the appointment has begun (in England's time); the rota list counts every \
        unstaffed session; weeks to come and in progress are marked
        """
    )
    func attendanceAndCounts() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "widnes-fm", .federationManager, scope: "U79408")
            let fm = TestClient(app: app)
            try await fm.signIn("widnes-fm", testPassword)
            try await setUpWidnes(fm)
            try await fm.get("/account")
            // A session on Tuesday 8 January 2030 at 18:30, and a booking in it.
            #expect(
                try await fm.json(
                    .POST, "/api/v1/hubs/1/sessions",
                    #"{"day":"2030-01-08","start":"18:30","end":"19:00","room":"Room 1","role":"gp"}"#
                ).status == .created)
            struct Slots: Decodable {
                struct S: Decodable { let id: Int64 }
                let slots: [S]
            }
            let slot = try #require(
                try await fm.get("/api/v1/hubs/1/slots?day=2030-01-08").json(Slots.self).slots.first)
            let booked = try await fm.json(
                .POST, "/api/v1/hub-slots/\(slot.id)/bookings",
                #"{"nhsNumber":"9990000034","name":"Demo patient (test)","contact":"x","practice":"N81011"}"#)
            #expect(booked.status == .created, "\(booked.body)")
            let booking = try booked.json([String: Int64].self)["id"] ?? 0
            let early = try await fm.json(.PATCH, "/api/v1/hub-bookings/\(booking)", #"{"status":"attended"}"#)
            #expect(early.status == .badRequest && early.body.contains("once it has begun"), "\(early.body)")
            // In England's time: 06:00 that day is too early, 18:31 is not (GMT in January).
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Europe/London")!
            func at(_ hour: Int, _ minute: Int) -> Date {
                calendar.date(from: DateComponents(year: 2030, month: 1, day: 8, hour: hour, minute: minute))!
            }
            let manager = CurrentUser(
                id: 0, username: "widnes-fm", displayName: "FM", isDemo: false,
                grants: [RoleGrant(role: .federationManager, scope: "U79408")])
            await #expect(throws: FieldProblem.self) {
                try await Hubs.setStatus(bookingID: booking, to: .attended, by: manager, app: app, now: at(6, 0))
            }
            try await Hubs.setStatus(bookingID: booking, to: .attended, by: manager, app: app, now: at(18, 31))
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM hub_bookings WHERE status = 'attended'") == 1)
            // A rota with sessions nobody on the list can take (no other clinicians), beyond what the requirement
            // needs: not gaps of the week, but the list counts them as unstaffed.
            #expect(
                try await fm.post(
                    "/hubs/1/templates",
                    form: [
                        ("room", "Room 2"), ("days", "Sat"), ("start", "09:00"), ("end", "12:00"), ("role", "other"),
                    ]
                ).status == .seeOther)
            let monday = nextMonday()
            _ = try await fm.post(
                "/groups/U79408/access/rotas",
                form: [("policy", "pcn-2019"), ("first_day", monday.iso), ("last_day", monday.adding(days: 6).iso)])
            let unstaffed = try await Self.count(
                app, "SELECT COUNT(*) AS n FROM rota_sessions WHERE clinician_id IS NULL AND not_run = FALSE")
            #expect(unstaffed > 0)
            let page = try await fm.get("/groups/U79408/access").body
            #expect(page.contains("Unstaffed sessions"))
            let csv = try await fm.get("/groups/U79408/access.csv?table=rotas").body
            let rows = try CSVReader.parse(csv).map(\.fields)
            let column = rows.first?.firstIndex(of: "Unstaffed sessions")
            #expect(column.map { rows.count == 2 && rows[1][$0] == String(unstaffed) } == true, "\(rows)")
            #expect(try await fm.post("/rotas/1/publish", form: []).status == .seeOther)
            let weeks = try await fm.get("/groups/U79408/access").body
            #expect(weeks.contains("(to come)"), "\(weeks.prefix(200))")
        }
    }
}
