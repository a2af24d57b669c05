import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The extended-access panels of people's "Today" pages: a practice's hub appointments today
/// and tomorrow; a federation's unstaffed sessions in the next fortnight and this week's use.
enum AccessPanels {
    static func today(_ user: CurrentUser, _ req: Request) async throws -> [TodayPanel] {
        let db = Store.sql(req.db)
        let today = Day.today()
        var out: [TodayPanel] = []
        let view = try await req.registryView(at: today)
        for practice in Permissions.staffPractices(user).sorted() {
            let rows = try await Hubs.appointments(of: practice, from: today, visibleTo: user, on: db)
                .filter { Day(iso: $0.day).map { $0 <= today.adding(days: 1) } ?? false }
            out.append(
                TodayPanel(
                    urgency: rows.isEmpty ? 2 : 1,
                    appointments(practice, view.practice(practice)?.name ?? practice, rows, today)))
        }
        if let person = user.personID {
            let mine = try await StaffList.sessions(person: person, from: today, through: today.adding(days: 6), on: db)
            if !mine.isEmpty {
                out.append(TodayPanel(urgency: mine.first?.day == today.iso ? 1 : 2, sessions(mine, view, today)))
            }
        }
        for group in user.scopes(of: .federationManager).sorted() {
            let gaps = try await AccessToday.gaps(group: group, from: today, through: today.adding(days: 13), on: db)
            let week = try await AccessReport.load(
                group: group, from: today.weekStart, through: today.weekStart.adding(days: 6), today: today, on: db)
            let day = try await AccessReport.load(group: group, from: today, through: today, today: today, on: db)
            let name = view.groups[group]?.name ?? group
            out.append(TodayPanel(urgency: gaps.isEmpty ? 2 : 0, rota(group, name, gaps, week, day, today)))
        }
        return out
    }

    /// The person's own published sessions in the coming week, by day and time.
    static func sessions(_ rows: [StaffList.MySession], _ view: RegistryView, _ today: Day) -> GroupSection.Content {
        let table = AccessView.sessionsTable(
            rows, view: view, today: today, id: "my-sessions", caption: "Your sessions in the next seven days",
            fileName: "my-sessions-\(today.iso).csv")
        return .init(
            heading: "Your sessions",
            hint: "\(counted(rows.count, "published session")) of yours in the next seven days (UK time), from the "
                + "federations' rotas.",
            tables: [table], links: [(AccessURL.mine(.sessions).path, "All your sessions and your calendar")])
    }

    static func appointments(_ practice: String, _ name: String, _ rows: [Hubs.Appointment], _ today: Day)
        -> GroupSection.Content
    {
        let table = DataTable(
            id: "appointments-\(practice)", caption: "Hub appointments of \(name)'s patients today and tomorrow",
            columns: [
                .init(title: "Day"), .init(title: "Time"), .init(title: "Hub"), .init(title: "With"),
                .init(title: "Patient"),
            ],
            rows: rows.map { a in
                [
                    .text(Day(iso: a.day).map { $0 == today ? "Today" : "Tomorrow" } ?? a.day),
                    .text(AccessWindow.clock(a.startMinute)), .text(a.hubName), .text(a.role),
                    .text(a.patientName),
                ]
            }, fileName: "hub-appointments-\(practice)-\(today.iso).csv",
            emptyText: "No hub appointments of the practice's patients today or tomorrow.")
        return .init(
            heading: "Hub appointments: \(name)",
            hint: "\(rows.count) booked appointments of the practice's patients today and tomorrow, as booked in "
                + "Consort's hubs.",
            tables: [table],
            links: [(AccessURL.practiceAppointments(.value(practice)).path, "All of \(name)'s hub appointments")])
    }

    static func rota(
        _ group: String, _ name: String, _ gaps: [AccessToday.Gap], _ week: AccessReport, _ day: AccessReport,
        _ today: Day
    ) -> GroupSection.Content {
        let thisWeek = week.weeks.first { $0.start == today.weekStart }
        let slots = thisWeek?.slots ?? 0
        let booked = thisWeek?.booked ?? 0
        let use =
            slots > 0
            ? "\(booked) of \(slots) slots booked (\(Int((Double(booked) / Double(slots) * 100).rounded()))%)"
            : "no slots"
        let todayBooked = day.weeks.first?.booked ?? 0
        let shown = gaps
        let table = DataTable(
            id: "gaps-\(group)", caption: "Unstaffed sessions of \(group) in the next 14 days",
            columns: [
                .init(title: "Day"), .init(title: "Time"), .init(title: "Hub"), .init(title: "Role"),
                .init(title: "Rota"),
            ],
            rows: shown.map { g in
                [
                    .text(Day(iso: g.day).map { "\($0.weekdayName.prefix(3)) \($0.short)" } ?? g.day),
                    .text("\(AccessWindow.clock(g.startMinute))–\(AccessWindow.clock(g.endMinute))"),
                    .text("\(g.hubName), \(g.room)"), .text(g.role),
                    .link("Rota \(g.rotaId)", AccessURL.rota(.value(g.rotaId)).path),
                ]
            }, fileName: "unstaffed-sessions-\(group)-\(today.iso).csv",
            emptyText: "Every session of the published rotas in the next 14 days is staffed.")
        return .init(
            heading: "Extended access: \(name)",
            hint: "\(gaps.count) unstaffed sessions in the next 14 days."
                + " This week (from \(today.weekStart.long)): \(use). Booked today: \(todayBooked). From the published "
                + "rotas and hub bookings in Consort.",
            tables: [table],
            links: [(AccessURL.access(.value(group)).path, "Rotas, hubs and the delivery report")])
    }
}
