import ConsortCore
import ConsortWeb
import Governance
import Vapor

extension GovernanceView {
    // MARK: Gifts

    package static func giftsTable(_ body: GroupInfo, gifts: [G.GiftRow], names: [Int64: String], full: Bool)
        -> DataTable
    {
        var columns: [DataTable.Column] = [
            .init(title: "Received"), .init(title: "Name"), .init(title: "Gift or hospitality"),
            .init(title: "Offered by"),
            .init(title: "Description"), .init(title: "Value", numeric: true),
        ]
        if full { columns += [.init(title: "Outcome"), .init(title: "Rule applied"), .init(title: "Approved by")] }
        return DataTable(
            id: "gifts",
            caption: full ? "Every gift and hospitality offered (officers)" : "Gifts and hospitality declared",
            columns: columns,
            rows: gifts.map { g in
                var row: [DataTable.Cell] = [
                    .text(g.receivedOn), .text(names[g.personId]), .text(g.kind == "gift" ? "Gift" : "Hospitality"),
                    .text(g.donor + (g.source == "supplier" ? " (supplier)" : "")), .text(g.description),
                    DataTable.Cell(
                        text: GiftRules.money(g.valuePence), csv: String(format: "%.2f", Double(g.valuePence) / 100)),
                ]
                if full {
                    row += [
                        .text(g.outcome == "not-required" ? "not required to declare" : g.outcome), .text(g.reason),
                        .text(g.approvedBy),
                    ]
                }
                return row
            }, fileName: "\(body.code)-gifts-and-hospitality.csv", emptyText: "Nothing recorded.")
    }

    package static func gifts(
        _ body: GroupInfo, table: DataTable, people: [G.Person], canEdit: Bool, form: Form, errors: Errors,
        outcome: (GiftRules.Outcome, String)?, _ ctx: PageContext, status: HTTPStatus
    ) -> HTMLPage {
        Layout.page(
            "Gifts and hospitality: \(body.name)", ctx, crumbs: crumbs(body), section: body.kind.slug, status: status
        ) {
            Layout.errorSummary(errors)
            H.h1 { "Register of gifts and hospitality" }
            H.p(.class("hint")) {
                "Gifts from suppliers are declined unless promotional and worth £6 or less; other gifts over £50 "
                    + "(from "
                    + "one source in twelve months) are accepted only for the organisation and declared; hospitality "
                    + "up to £25 need not be declared, £25–£75 is declared, over £75 is refused without senior "
                    + "approval. Source: \(GiftRules.source)."
            }
            if let (result, reason) = outcome {
                H.div(.class(result == .refuse ? "callout warning" : "callout success"), .attr("role", "status")) {
                    H.p {
                        H.strong {
                            result == .refuse
                                ? "Refuse it. "
                                : result == .declare ? "Recorded and declared. " : "Recorded: no declaration needed. "
                        }
                        reason
                    }
                }
            }
            table.html(ctx)
            if canEdit {
                H.h2(.id("record")) { "Record a gift or hospitality" }
                if people.isEmpty {
                    H.p(.class("hint")) { "Add people on the governance page first." }
                } else {
                    H.form(
                        .attr("method", "post"),
                        .attr("action", GovernanceURL.register(.value(body.code), .gifts).path), .attr("novalidate", "")
                    ) {
                        Layout.csrfField(ctx)
                        field("person", "Offered to", errors) {
                            H.select(.id("person"), .name("person")) {
                                for p in people {
                                    H.option(String(p.id), p.name, selected: form["person"] == String(p.id))
                                }
                            }
                        }
                        giftFields(form, errors)
                        H.button(.type("submit"), .class("button")) { "Record it" }
                    }
                }
            }
        }
    }

    /// The fields of a gift or hospitality offered (after whom it was offered to).
    package static func giftFields(_ form: Form, _ errors: Errors) -> Node {
        H.fragment {
            field("gift_kind", "What", errors) {
                H.select(.id("gift_kind"), .name("gift_kind")) {
                    H.option("gift", "A gift", selected: form["gift_kind"] != "hospitality")
                    H.option(
                        "hospitality", "Hospitality (a meal, an event, travel)",
                        selected: form["gift_kind"] == "hospitality")
                }
            }
            field("source", "Offered by a", errors) {
                H.select(.id("source"), .name("source")) {
                    H.option(
                        "supplier", "Supplier or contractor (current or prospective)",
                        selected: form["source"] == "supplier")
                    H.option(
                        "other", "Someone else (a patient, a partner organisation)",
                        selected: form["source"] == "other")
                }
            }
            H.div(.class("checkbox")) {
                Layout.checkbox(
                    "promotional", name: "promotional", value: "yes", checked: form["promotional"] == "yes")
                H.label(.for("promotional")) { "A low-cost branded promotional item" }
            }
            field("donor", "Name of who offered it", errors) { input("donor", form, wide: true) }
            field("gift_description", "Description", errors) { input("gift_description", form, wide: true) }
            field("value", "Value (£)", errors) { input("value", form) }
            field("received_on", "Date offered", errors) {
                input("received_on", form, type: "date", value: Day.today().iso)
            }
            field(
                "approved_by", "Senior approval (hospitality over £75)",
                hint: "The name of the senior officer who approved it; empty if none.", errors
            ) { input("approved_by", form, wide: true) }
        }
    }
}
