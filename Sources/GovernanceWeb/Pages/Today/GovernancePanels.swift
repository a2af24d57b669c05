import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

/// The governance panels of people's "Today" pages: a practice manager's staff with
/// declarations due; a body's officers' registers overdue and meetings in the next 30 days.
enum GovernancePanels {
    static func today(_ user: CurrentUser, _ req: Request) async throws -> [TodayPanel] {
        let practices = user.scopes(of: .practiceManager)
        let bodies = (user.scopes(of: .consortiumOfficer) + user.scopes(of: .federationManager)).sorted()
        guard !practices.isEmpty || !bodies.isEmpty else { return [] }
        let db = Store.sql(req.db)
        let today = Day.today()
        let due = try await DeclarationSweep.due(on: today, db: db)
        let view = try await req.registryView(at: today)
        func name(_ code: String) -> String { view.groups[code]?.name ?? view.practice(code)?.name ?? code }
        var out: [TodayPanel] = []
        for practice in practices.sorted() {
            let staff = try await GovernanceStore.staff(of: practice, on: today, db: db)
            let rows = due.filter { $0.entry.personId.map(staff.contains) ?? false }
            out.append(
                TodayPanel(
                    urgency: rows.contains { $0.due.isOverdue(on: today) } ? 0 : rows.isEmpty ? 2 : 1,
                    .init(
                        heading: "Declarations of interests due: \(name(practice))'s staff",
                        hint: "\(rows.count) of the practice's people hold a seat on a governance board and have not "
                            + "yet declared their interests within 28 days of taking it (\(InterestRegister.source)).",
                        tables: [dueTable("due-\(practice)", rows, today, name)])))
        }
        for body in bodies {
            let rows = due.filter { $0.entry.bodyCode == body }
            let meetings = try await GovernanceStore.meetings(
                of: body, from: today, through: today.adding(days: 30), db: db)
            let overdue = rows.filter { $0.due.isOverdue(on: today) }.count
            let table = DataTable(
                id: "meetings-\(body)", caption: "Meetings of \(name(body))'s boards in the next 30 days",
                columns: [.init(title: "Date"), .init(title: "Board"), .init(title: "Meeting")],
                rows: meetings.map { m in
                    [
                        .text(m.meeting.day.long), .text(m.board),
                        .link(m.meeting.title, GovernanceURL.meeting(.value(m.meeting.id)).path),
                    ]
                }, fileName: "meetings-\(body)-\(today.iso).csv", emptyText: "No meetings in the next 30 days.")
            out.append(
                TodayPanel(
                    urgency: overdue > 0 ? 0 : rows.isEmpty && meetings.isEmpty ? 2 : 1,
                    .init(
                        heading: "Governance: \(name(body))",
                        hint: "\(rows.count) declarations of interests due on the registers, \(overdue) of them "
                            + "overdue (\(InterestRegister.source)); \(meetings.count) meetings in the next 30 days.",
                        tables: [dueTable("due-\(body)", rows, today, name), table],
                        links: [(GovernanceURL.governance(.value(body)).path, "Boards, registers and meetings")])))
        }
        return out
    }

    static func dueTable(
        _ id: String, _ rows: [(entry: GovernanceStore.Person, due: InterestRegister.Due)], _ today: Day,
        _ name: (String) -> String
    ) -> DataTable {
        DataTable(
            id: id, caption: "Declarations of interests due",
            columns: [
                .init(title: "Person"), .init(title: "Register of"), .init(title: "Seat from"), .init(title: "Due by"),
            ],
            rows: rows.map { r in
                [
                    .link(
                        Layout.demoName(r.entry.name, isDemo: r.entry.isDemo),
                        GovernanceURL.person(.value(r.entry.id)).path),
                    .text(name(r.entry.bodyCode)), .text(r.due.seatFrom.long),
                    .text(r.due.dueBy.long + (r.due.isOverdue(on: today) ? " (overdue)" : "")),
                ]
            }, fileName: "\(id)-\(today.iso).csv", emptyText: "No declarations due.")
    }
}
