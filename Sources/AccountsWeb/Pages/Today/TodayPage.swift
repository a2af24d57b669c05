import ConsortCore
import ConsortWeb
import Vapor

/// A signed-in person's home: what needs them today, from every capability they may use (the
/// features' `today` panels, most urgent first), what waits for them (notices), and the parts
/// of Consort their roles open.
package struct TodayPage: Sendable {
    package let user: CurrentUser
    package let day: Day
    package let notices: [Notice]
    package let panels: [TodayPanel]

    package static func load(_ user: CurrentUser, _ req: Request) async throws -> TodayPage {
        TodayPage(
            user: user, day: Day.today(), notices: try await req.application.notices(for: user),
            panels: try await req.application.todayPanels(for: user, req))
    }

    /// Every table of the page, the summary first (what `today.csv?table=` serves).
    package var tables: [DataTable] { [glance] + panels.flatMap(\.content.tables) }

    /// One row per panel: how urgent, what, and the panel's summary, linked to it.
    var glance: DataTable {
        let urgency = ["Needs action", "Today and tomorrow", "To know"]
        return DataTable(
            id: "at-a-glance", caption: "At a glance",
            columns: [.init(title: "What"), .init(title: "When"), .init(title: "Summary")],
            rows: panels.enumerated().map { i, p in
                [
                    .link(p.content.heading ?? "Panel \(i + 1)", "#panel-\(i + 1)"),
                    .text(urgency[min(max(p.urgency, 0), 2)]), .text(p.content.hint ?? ""),
                ]
            }, fileName: "today-\(day.iso).csv", emptyText: "Nothing needs you today.")
    }

    package func render(_ ctx: PageContext) -> HTMLPage {
        Layout.page("Today", ctx, section: "today") {
            H.h1 { "Today, \(day.weekdayName) \(day.long)" }
            H.p(.class("lead")) {
                "\(Layout.demoName(user.displayName, isDemo: user.isDemo)): "
                    + user.grants.map { g in g.role.label + (g.scope.map { " for \($0)" } ?? "") }.joined(
                        separator: "; ")
            }
            for notice in notices {
                H.div(.class("callout warning"), .attr("role", "status")) {
                    H.p {
                        H.strong { notice.lead + " " }
                        H.link(notice.href, notice.text)
                    }
                }
            }
            glance.html(ctx, captionHidden: false)
            for (i, panel) in panels.enumerated() {
                H.el("section", [.class("today-panel" + (panel.urgency == 0 ? " urgent" : "")), .id("panel-\(i + 1)")])
                {
                    Layout.section(panel.content, ctx)
                }
            }
            H.h2 { "What you can use" }
            H.ul(.class("link-list")) {
                for item in ctx.navigation where item.key != "today" {
                    H.li { H.link(item.href, item.title) }
                }
                H.li { H.link(SiteURL.account.path, "Your account and password") }
                H.li { H.link(SiteURL.help.path, "Help") }
            }
        }
    }
}
