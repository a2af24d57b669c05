import AccessWeb
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

private let registry = mockRegistry(
    practices: [
        MockPractice("P00001", "ABBEY SURGERY", patients: 6_000, imd: 20, at: (400_000, 400_000)),
        MockPractice("P00002", "BRIDGE SURGERY", patients: 4_000, imd: 30, at: (401_000, 400_500)),
    ],
    groups: [MockGroup("PCN001", .network, "DEMO PCN", members: ["P00001", "P00002"])])

private func user(_ role: Role, _ scope: String) -> CurrentUser {
    CurrentUser(
        id: 5, username: "demo", displayName: "Demo (demo)", isDemo: true, grants: [RoleGrant(role: role, scope: scope)]
    )
}

private func appointment(_ id: Int64, status: String) -> Hubs.Appointment {
    Hubs.Appointment(
        id: id, status: status, nhsNumber: "9434765919", patientName: "Demo Patient One", contact: "01234 000000",
        bookedBy: "demo", day: "2026-12-07", startMinute: 18 * 60 + 30, minutes: 15, room: "Room 1", role: "gp",
        clinician: "Demo GP A", hubId: 1, hubName: "Demo hub")
}

@Suite("Extended access pages: models and views")
struct AccessPagesTests {
    @Test("The report's period: the given days, else this week; never backwards; at most 53 weeks")
    func period() throws {
        let today = Day(year: 2026, month: 12, day: 1)!  // a Tuesday
        let week = try OverviewPage.period(rotas: [], from: nil, to: nil, today: today)
        #expect(week.0.iso == "2026-11-30" && week.1.iso == "2026-12-06")
        let given = try OverviewPage.period(rotas: [], from: Day(iso: "2026-01-05"), to: Day(iso: "2026-02-01"))
        #expect(given.0.iso == "2026-01-05" && given.1.iso == "2026-02-01")
        let long = try OverviewPage.period(rotas: [], from: Day(iso: "2020-01-01"), to: Day(iso: "2026-12-31"))
        #expect(long.1.ordinal - long.0.ordinal == 371)
        let backwards = #expect(throws: BadParameter.self) {
            try OverviewPage.period(rotas: [], from: Day(iso: "2026-02-01"), to: Day(iso: "2026-01-01"))
        }
        #expect(backwards?.name == "to")
    }

    @Test("Who may book: the group's managers for every member, a practice's staff for their own practice only")
    func bookable() throws {
        let group = try #require(registry.groups["PCN001"])
        #expect(BookingPage.bookable(group, registry, user(.federationManager, "PCN001")).map(\.code).count == 2)
        #expect(BookingPage.bookable(group, registry, user(.practiceManager, "P00002")).map(\.code) == ["P00002"])
        #expect(BookingPage.bookable(group, registry, user(.practiceManager, "Z99999")).isEmpty)
    }

    @Test("A practice's appointments: the NHS number spaced, the booking just made confirmed, the CSV in full")
    func appointments() throws {
        let practice = registry.practices[0]
        let page = AppointmentsPage(
            practice: practice, rows: [appointment(7, status: "booked"), appointment(8, status: "cancelled")], page: 1,
            showPast: true, booked: 7)
        let table = page.tables()[0]
        #expect(table.rows.count == 2)
        #expect(table.rows[0].contains { $0.text == "943 476 5919" })
        let text = visibleText(page.render(mockContext(path: "/practices/P00001/appointments")).html)
        // The confirmation says who, when, where and with whom, as the person can check it.
        #expect(
            text.contains(
                "Booked: Demo Patient One , Monday 7 December 2026 at 18:30 (UK time), Demo hub, Room 1, with "
                    + "Demo GP A. Booking number 7."))
        #expect(text.contains("Demo Patient One"))
        let wrongBooking = AppointmentsPage(practice: practice, rows: [], page: 1, showPast: false, booked: 99)
        #expect(!visibleText(wrongBooking.render(mockContext(path: "/x")).html).contains("Booked:"))
    }

    @Test("Page models on a hub set up through the pages: the hub's templates, no slots before a rota, the clinicians")
    func load() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "widnes-fm", .federationManager, scope: "U79408")
            let fm = TestClient(app: app)
            try await fm.signIn("widnes-fm", testPassword)
            try await setUpWidnes(fm)
            let db = Store.sql(app.db)
            let view = try await app.registryCache.view(at: Day.today(), on: db)
            let group = try #require(view.groups["U79408"])
            let manager = user(.federationManager, "U79408")
            let hub = try await HubSetup.details(1, on: db)
            let monday = nextMonday()
            let page = try await HubPage.load(
                hub, group: group, view: view, user: manager, day: monday, rebook: nil, origin: "http://consort.test",
                on: db)
            #expect(page.templates.count == 3)
            // Templates make no slots until a rota is published.
            #expect(page.slots.isEmpty && page.upcoming.isEmpty)
            #expect(page.canManage && page.canBook)
            #expect(page.feed.hasPrefix("http://consort.test/calendar/"))
            #expect(page.settings.rooms == "Room 1, Room 2")
            let clinicians = try await CliniciansPage.load(
                group, view: view, editing: nil, origin: "http://consort.test", on: db)
            #expect(clinicians.staff.map(\.name).sorted() == ["Demo GP A", "Demo GP B", "Demo GP D", "Demo nurse C"])
            let overview = try await OverviewPage.load(
                group, view: view, user: user(.practiceManager, "N81011"), from: nil, to: nil, policies: [], on: db)
            #expect(overview.hubs.map(\.name) == ["Widnes hub"])
            #expect(overview.staffCount == 4 && !overview.canManage)
        }
    }
}
