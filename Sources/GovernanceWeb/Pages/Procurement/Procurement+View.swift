import ConsortCore
import ConsortWeb
import Governance
import Vapor

extension GovernanceView {
    // MARK: Procurement and breaches

    package static func procurementTable(
        _ body: GroupInfo, rows: [(String, String, String, String, [G.ItemOrg], G.DecisionRecord?)]
    ) -> DataTable {
        DataTable(
            id: "procurement", caption: "Procurement decisions",
            columns: [
                .init(title: "Date"), .init(title: "Board"), .init(title: "Item"), .init(title: "Decision"),
                .init(title: "Bidders"),
                .init(title: "Taken by"), .init(title: "Votes (for, against, abstain)"),
                .init(title: "Conflicts and how they were managed"),
            ],
            rows: rows.map { day, board, title, decision, orgs, record in
                [
                    .text(day), .text(board), .text(title), .text(decision),
                    .text(
                        orgs.filter { $0.role == "bidder" }.map { "\($0.organisationName) (\($0.organisationCode))" }
                            .joined(separator: "; ")),
                    .text(record?.counted.joined(separator: ", ")),
                    .text(record.map { "\($0.votesFor), \($0.votesAgainst), \($0.abstentions)" }),
                    .text(
                        record.map { r in
                            r.conflicts.isEmpty
                                ? "None found"
                                : r.conflicts.map {
                                    "\($0.name): \($0.reasons.joined(separator: "; ")). "
                                        + "\($0.action)\($0.note.isEmpty ? "" : " (\($0.note))")"
                                }.joined(separator: " | ")
                        }),
                ]
            }, fileName: "\(body.code)-procurement-decisions.csv", emptyText: "No procurement decisions recorded yet.")
    }

    package static func register(
        _ body: GroupInfo, title: String, slug: String, intro: String, table: DataTable,
        breachForm: (Form, Errors)? = nil,
        _ ctx: PageContext, status: HTTPStatus = .ok
    ) -> HTMLPage {
        Layout.page("\(title): \(body.name)", ctx, crumbs: crumbs(body), section: body.kind.slug, status: status) {
            if let (_, errors) = breachForm { Layout.errorSummary(errors) }
            H.h1 { title }
            H.p(.class("hint")) { intro }
            table.html(ctx)
            if let (form, errors) = breachForm {
                H.h2 { "Record a breach" }
                H.form(
                    .attr("method", "post"), .attr("action", GovernanceURL.register(.value(body.code), .breaches).path),
                    .attr("novalidate", "")
                ) {
                    Layout.csrfField(ctx)
                    field("occurred_on", "Date", errors) { input("occurred_on", form, type: "date") }
                    field("summary", "What happened (no names: the log is published)", errors) {
                        input("summary", form, wide: true)
                    }
                    field("breach_action", "What was done", errors) { input("breach_action", form, wide: true) }
                    H.button(.type("submit"), .class("button")) { "Record the breach" }
                }
            }
        }
    }

    /// A small form that ends a dated row (a role, a seat) on a day.
    package static func endForm(
        _ action: String, key: String, id: Int64, field: String, label: String, _ errors: Errors, _ ctx: PageContext
    ) -> Node {
        H.form(.attr("method", "post"), .attr("action", action), .class("inline-form")) {
            Layout.csrfField(ctx)
            " "
            Layout.fieldError(errors, field)
            H.input(.type("hidden"), .name(key), .value(String(id)))
            H.label(.for(field), .class("visually-hidden")) { label }
            H.input(.type("date"), .id(field), .name("to"))
            " "
            H.button(.type("submit"), .class("button small secondary")) { "End" }
        }
    }
}
