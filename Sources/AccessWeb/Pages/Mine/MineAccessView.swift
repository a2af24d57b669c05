import Access
import ConsortCore
import ConsortWeb
import PeopleWeb
import Vapor

/// "My hub sessions" and "My availability".
enum MineAccessView {
    static let crumbs = [Layout.Crumb(title: "My record", href: PeopleURL.me.path)]

    static func sessions(_ table: DataTable, feed: String?, _ ctx: PageContext) -> HTMLPage {
        Layout.page("My hub sessions", ctx, crumbs: crumbs, section: "me") {
            H.h1 { "My hub sessions" }
            H.p(.class("lead")) {
                "Your sessions on every federation's published rotas, from 30 days ago to six months ahead."
            }
            table.html(ctx)
            if let feed {
                H.h2 { "In your calendar" }
                H.p {
                    "Add this address to your calendar program (as a subscription) to see these sessions there. "
                        + "Keep it to yourself: anyone with it can see your sessions."
                }
                H.p { H.el("code", []) { feed } }
            }
        }
    }

    static func availability(
        _ rows: [StaffList.Row], hubs: [Int64: String], view: RegistryView, overall: Int?, form: [String: String],
        errors: FormErrors, saved: Bool, _ ctx: PageContext, status: HTTPStatus
    ) -> HTMLPage {
        Layout.page("My availability", ctx, crumbs: crumbs, section: "me", status: status) {
            Layout.errorSummary(errors)
            if saved {
                H.div(.class("callout success"), .attr("role", "status")) {
                    H.p { "Saved. Rotas built from now on use it." }
                }
            }
            H.h1 { "My availability" }
            H.p(.class("lead")) {
                "When you can work extended-access sessions for each federation whose hub list you are on, the most "
                    + "sessions a month for each, and the most across all of them. Rotas already published do not "
                    + "change; their managers are told nothing until they build the next one."
            }
            if rows.isEmpty {
                H.p { "You are on no federation's hub list. A federation's manager adds you to theirs." }
            }
            for row in rows {
                let name = view.groups[row.groupCode]?.name ?? row.groupCode
                H.h2 { name }
                Layout.summaryList([
                    (
                        "As",
                        .text(row.staffRole.label + (row.practiceCode.map { ", from practice \($0)" } ?? ", sessional"))
                    ),
                    ("Hubs you can reach", .text(row.hubs.compactMap { hubs[$0] }.joined(separator: ", "))),
                ])
                H.form(
                    .attr("method", "post"), .attr("action", AccessURL.mine(.availability).path),
                    .attr("novalidate", "")
                ) {
                    Layout.csrfField(ctx)
                    H.input(.type("hidden"), .name("clinician"), .value(String(row.id)))
                    Layout.field(
                        "availability-\(row.id)", "When you can work for \(name)",
                        hint: "Days and times each week, e.g. Mon-Fri 18:00-21:00; Sat 08:00-18:00", errors
                    ) {
                        Node(
                            storage: .void(
                                "input",
                                [
                                    .type("text"), .id("availability-\(row.id)"), .name("availability-\(row.id)"),
                                    .value(form["availability-\(row.id)"] ?? row.availability), .class("wide"),
                                    .aria("describedby", "availability-\(row.id)-hint"),
                                ]))
                    }
                    Layout.field("max-\(row.id)", "Most sessions a month for \(name)", errors) {
                        Node(
                            storage: .void(
                                "input",
                                [
                                    .type("number"), .id("max-\(row.id)"), .name("max-\(row.id)"),
                                    .value(form["max-\(row.id)"] ?? String(row.maxSessionsPerMonth)),
                                ]))
                    }
                    H.button(.type("submit"), .class("button secondary")) { "Save for \(name)" }
                }
            }
            H.h2 { "Across every federation" }
            H.form(.attr("method", "post"), .attr("action", AccessURL.mineLimit.path), .attr("novalidate", "")) {
                Layout.csrfField(ctx)
                Layout.field(
                    "overall", "Most sessions a month in all",
                    hint: "Rotas count your sessions for other federations against this. Empty: no overall limit.",
                    errors
                ) {
                    Node(
                        storage: .void(
                            "input",
                            [
                                .type("number"), .id("overall"), .name("overall"),
                                .value(form["overall"] ?? overall.map(String.init) ?? ""),
                                .aria("describedby", "overall-hint"),
                            ]))
                }
                H.button(.type("submit"), .class("button secondary")) { "Save the overall limit" }
            }
        }
    }
}
