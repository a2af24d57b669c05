import ConsortCore
import ConsortWeb
import Quality
import Vapor

/// Readiness on people's "Today" pages: for a practice's staff, its gaps and DSPT standing; for
/// a group's managers and a consortium's officers, the members with gaps or not meeting the DSPT.
enum ReadinessPanels {
    static func today(_ user: CurrentUser, _ req: Request) async throws -> [TodayPanel] {
        let view = try await req.registryView(at: Day.today())
        let db = Store.sql(req.db)
        var panels: [TodayPanel] = []
        for code in Permissions.staffPractices(user).sorted() {
            guard let index = view.index[code] else { continue }
            let page = try await ReadinessPage.load(practice: view.practices[index], view: view, user: user, on: db)
            let gaps = page.gaps
            let urgent = !page.standing.meets || DSPT.reminder(page.standing, on: page.day) != nil
            guard !gaps.isEmpty || urgent else { continue }
            var table = DataTable(
                id: "readiness-\(code)", caption: "Statements without current evidence at \(page.name)",
                columns: [.init(title: "Code"), .init(title: "Quality statement"), .init(title: "Status")],
                rows: gaps.map { [.text($0.statement.code), .text($0.statement.title), .text($0.status.label)] },
                fileName: "readiness-gaps-\(code).csv")
            table.emptyText = "Every statement has current evidence."
            panels.append(
                TodayPanel(
                    urgency: page.standing.meets ? 2 : 0,
                    .init(
                        heading: "Inspection readiness: \(page.name)",
                        hint: "\(gaps.count) of 34 CQC quality statements are gaps. Data security: "
                            + "\(page.standing.label).",
                        tables: [table],
                        links: [
                            (QualityURL.readiness(.value(code)).path, "Evidence and data security for \(page.name)")
                        ]
                    )))
        }
        let groups = Set(user.scopes(of: .federationManager) + user.scopes(of: .consortiumOfficer))
        for code in groups.sorted() {
            guard let group = view.groups[code], !group.members.isEmpty else { continue }
            let matrix = try await MatrixPage.load(group, view: view, user: user, page: 1, on: db)
            let withGaps = matrix.rows.filter { $0.gaps > 0 }.count
            let notMeeting = matrix.rows.filter { !$0.standing.meets }.count
            panels.append(
                TodayPanel(
                    urgency: notMeeting > 0 ? 1 : 2,
                    .init(
                        heading: "Inspection readiness: \(group.name)",
                        hint: "\(withGaps) of \(matrix.rows.count) practices have gaps against CQC's quality "
                            + "statements; \(notMeeting) do not meet the data security toolkit today.",
                        links: [(QualityURL.groupReadiness(.value(code)).path, "Readiness matrix of \(group.name)")])))
        }
        return panels
    }
}
