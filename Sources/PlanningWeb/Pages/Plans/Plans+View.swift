import Assurance
import AssuranceWeb
import Charts
import ConsortCore
import ConsortWeb
import Planner
import Vapor

extension PlanView {
    // MARK: List

    package static func listTable(_ rows: [Plans.Row], total: Int) -> DataTable {
        DataTable(
            id: "plans", caption: "Plans",
            columns: [
                .init(title: "Plan"), .init(title: "Level"), .init(title: "Policy"), .init(title: "Within"),
                .init(title: "Areas"),
                .init(title: "Status"), .init(title: "Made by"), .init(title: "Made at"), .init(title: "Adopted on"),
            ],
            rows: rows.map { row in
                let r = row.request
                return [
                    .link(row.name, PlanningURL.plan(.value(row.id)).path), .text(r?.level.plural), .text(r?.policy),
                    .text(r?.within),
                    .text(r.map { $0.areas.isEmpty ? "England" : $0.areas.joined(separator: " ") }),
                    .text(row.state == .running ? "running (\(Int(row.progress * 100))%)" : row.status),
                    .text(row.createdBy),
                    DataTable.Cell(text: UKTime.format(row.createdAt), csv: row.createdAt),
                    .text(row.adoptedOn),
                ]
            },
            fileName: "plans.csv", emptyText: "No plans yet.", total: total)
    }

    package static func list(_ table: DataTable, page: Int, total: Int, canPlan: Bool, _ ctx: PageContext) -> HTMLPage {
        Layout.page("Planner", ctx, crumbs: [.init(title: "England", href: SiteURL.home.path)], section: "plans") {
            H.h1 { "Planner" }
            H.p {
                "Proposals for consortia, localities and networks that pass a policy's rules, compared with today's "
                    + "groups. Save them, check them, export them, and adopt one as the configuration from a date."
            }
            if canPlan { H.p { H.a(PlanningURL.newPlan.path, .class("button")) { "New plan" } } }
            table.html(ctx)
            if total > PlanController.pageSize {
                Layout.pagination(ctx, page: page, pageSize: PlanController.pageSize, total: total, query: [])
            }
        }
    }

    // MARK: Running

    package static func pending(_ row: Plans.Row, progress: Double, _ ctx: PageContext) -> HTMLPage {
        let running = row.state == .queued || row.state == .running
        let percent = Int((progress * 100).rounded())
        return Layout.page(row.name, ctx, crumbs: crumbs(), section: "plans", refresh: running ? 2 : nil) {
            H.h1 { row.name }
            if running {
                H.p(.attr("role", "status")) {
                    row.state == .queued
                        ? "Waiting for another plan to finish…"
                        : "Planning: \(percent)% done. This page refreshes every 2 seconds."
                }
                H.el(
                    "progress",
                    [.class("progress"), .attr("max", "100"), .value(String(percent)), .aria("label", "Progress")]
                ) { "\(percent)%" }
            } else {
                H.div(.class("error-summary"), .attr("role", "alert")) {
                    H.h2 { "The plan failed" }
                    H.p { row.error ?? "No reason was recorded." }
                }
                H.p { H.link(PlanningURL.newPlan.path, "Make a new plan") }
            }
        }
    }
}
