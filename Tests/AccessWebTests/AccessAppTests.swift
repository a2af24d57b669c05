import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import Testing
import Vapor

@Suite("Extended access on group pages")
struct AccessAppTests {
    @Test(
        """
        A network's page gives its weekly extended-access minutes under each policy, from its members' lists; the \
        table downloads as CSV
        """
    )
    func networkRequirement() async throws {
        // WIDNES PCN (U79408) in the small fixture, straight from its CSV.
        let rows = try CSVReader.read(contentsOf: fixture("small").appendingPathComponent("practices.csv")).dropFirst()
            .map(\.fields)
        let members = rows.filter { $0[9] == "U79408" }
        let registered = members.reduce(0) { $0 + Int($1[8])! }
        let weighted = members.reduce(0.0) { $0 + Double($1[18])! }
        #expect(registered == 68_107)
        // pcn-2019: 30 minutes per 1,000 registered, to the nearest quarter hour.
        let pcn = Int((Double(registered) * 30 / 1000 / 15).rounded()) * 15
        // enhanced-access-2022: 60 minutes per 1,000 weighted (adjusted), up to a whole minute.
        let enhanced = Int((weighted * 60 / 1000).rounded(.up))
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            let page = try await client.get("/groups/U79408?date=2022-01-01")
            #expect(page.body.contains("Extended access each week"))
            #expect(page.body.contains(grouped(pcn)), "\(pcn)")
            #expect(page.body.contains(grouped(enhanced)), "\(enhanced)")
            let csv = try await client.get("/groups/U79408.csv?date=2022-01-01&table=access")
            let table = try CSVReader.parse(csv.body).map(\.fields)
            #expect(
                table[0] == [
                    "Policy", "Population", "Patients", "Minutes a week", "Hours a week", "Within", "GP cover",
                    "Source",
                ])
            let minutes = Dictionary(uniqueKeysWithValues: table.dropFirst().map { ($0[1], Int($0[3])!) })
            #expect(minutes["registered list"] == pcn)
            #expect(minutes["weighted list (adjusted)"] == enhanced)
            // Consortia have no such table.
            #expect(!(try await client.get("/groups/01F?date=2022-01-01").body.contains("Extended access each week")))
        }
    }
}

@Suite("Hub bookings", .serialized)
struct HubBookingTests {
    @Test(
        """
        Book a member practice's patient into a hub slot: NHS number checked, members only, own staff only, a taken \
        slot refused, cancel and rebook; the audit log keeps no patient details
        """
    )
    func booking() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "admin", .administrator)
            try await makeUser(app, "widnes-pm", .practiceManager, scope: "N81011")
            try await makeUser(app, "bassetlaw-pm", .practiceManager, scope: "C84001")
            let admin = TestClient(app: app)
            let pm = TestClient(app: app)
            let other = TestClient(app: app)
            try await admin.signIn("admin", testPassword)
            try await pm.signIn("widnes-pm", testPassword)
            try await other.signIn("bassetlaw-pm", testPassword)
            // Each client reads a page, which carries its session's CSRF token for API writes.
            for client in [admin, pm, other] { try await client.get("/") }
            // A practice manager cannot open a hub; an administrator opens one for WIDNES PCN.
            #expect(
                try await pm.json(.POST, "/api/v1/hubs", #"{"group":"U79408","name":"Widnes hub"}"#).status
                    == .forbidden)
            #expect(
                try await admin.json(.POST, "/api/v1/hubs", #"{"group":"01F","name":"CCG hub"}"#).body.contains(
                    "not a federation or network"))
            let hub = try await admin.json(
                .POST, "/api/v1/hubs", #"{"group":"U79408","name":"Widnes hub","address":"Demo address"}"#)
            #expect(hub.status == .created)
            let day = Day.today().adding(days: 7).iso
            let session = try await admin.json(
                .POST, "/api/v1/hubs/1/sessions",
                #"{"day":"\#(day)","start":"18:30","end":"20:00","room":"1","role":"gp","appointmentMinutes":15}"#)
            #expect(session.status == .created)
            #expect(session.body.contains("[1,2,3,4,5,6]"))
            let clash = try await admin.json(
                .POST, "/api/v1/hubs/1/sessions",
                #"{"day":"\#(day)","start":"19:00","end":"19:30","room":"1","role":"nurse"}"#)
            #expect(clash.status == .badRequest && clash.body.contains("already has appointments then"))

            let patient =
                #"{"nhsNumber":"943 476 5919","name":"Demo Patient One","contact":"01234 000000","practice":"N81011"}"#
            let booked = try await pm.json(.POST, "/api/v1/hub-slots/1/bookings", patient)
            #expect(booked.status == .created, "\(booked.body)")
            let again = try await pm.json(.POST, "/api/v1/hub-slots/1/bookings", patient)
            #expect(again.status == .conflict && again.body.contains("has just been booked by someone else"))
            let badNumber = try await pm.json(
                .POST, "/api/v1/hub-slots/2/bookings", patient.replacingOccurrences(of: "5919", with: "5918"))
            #expect(badNumber.status == .badRequest && badNumber.body.contains("check digit"))
            let notMember = try await admin.json(
                .POST, "/api/v1/hub-slots/2/bookings", patient.replacingOccurrences(of: "N81011", with: "C84001"))
            #expect(
                notMember.status == .badRequest && notMember.body.contains("is not a member practice of WIDNES PCN"))
            // Not theirs: as if absent.
            #expect(try await other.json(.POST, "/api/v1/hub-slots/2/bookings", patient).status == .notFound)

            // Forty people try slot 2 at once: one booking, 39 clear refusals.
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await pm.json(.POST, "/api/v1/hub-slots/2/bookings", patient).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 39)
            #expect(
                try await app.sql.raw(
                    "SELECT COUNT(*) AS n FROM hub_bookings WHERE slot_id = 2 AND status <> 'cancelled'"
                ).first(decoding: Count.self)?.n == 1)

            let slots = try await pm.get("/api/v1/hubs/1/slots?day=\(day)")
            #expect(slots.body.components(separatedBy: "\"booked\":true").count - 1 == 2)
            #expect(!slots.body.contains("Demo Patient"))

            // Cancel and rebook; attendance waits for the day.
            #expect(
                try await pm.json(.PATCH, "/api/v1/hub-bookings/1", #"{"status":"attended"}"#).body.contains(
                    "record attendance once it has begun"))
            #expect(
                try await other.json(.PATCH, "/api/v1/hub-bookings/1", #"{"status":"cancelled"}"#).status == .notFound)
            #expect(try await pm.json(.PATCH, "/api/v1/hub-bookings/1", #"{"status":"cancelled"}"#).status == .ok)
            #expect(try await pm.json(.PATCH, "/api/v1/hub-bookings/1", #"{"status":"cancelled"}"#).status == .conflict)
            #expect(try await pm.json(.POST, "/api/v1/hub-slots/1/bookings", patient).status == .created)

            let audit = try await admin.get("/api/v1/audit")
            #expect(audit.body.contains("hub.booking.create") && audit.body.contains("hub.booking.cancelled"))
            #expect(
                !audit.body.contains("Demo Patient") && !audit.body.contains("9434765919")
                    && audit.body.contains("*******919"))
        }
    }
}
