import ConsortCore
import ConsortWeb
import Governance
import PeopleWeb
import Vapor

/// "My declarations" and "My gifts and hospitality": the signed-in person's entries on every
/// body's register, what is due, and the forms to declare for themselves.
struct MinePage {
    typealias G = GovernanceStore
    let page: G.Mine
    let entries: [(G.Person, GroupInfo)]
    let declarations: [G.DeclarationRow]
    let seats: [G.SeatRow]
    let gifts: [G.GiftRow]

    var bodies: [Int64: GroupInfo] { Dictionary(uniqueKeysWithValues: entries.map { ($0.0.id, $0.1) }) }

    func tables() -> [DataTable] {
        let bodies = self.bodies
        switch page {
        case .declarations:
            var table = DataTable(
                id: "my-declarations", caption: "My declarations",
                columns: [
                    .init(title: "Register"), .init(title: "Type"), .init(title: "Organisation"),
                    .init(title: "Nature"), .init(title: "From"), .init(title: "To"), .init(title: "Declared on"),
                ],
                rows: declarations.map { d in
                    [
                        .text(bodies[d.personId]?.name), .text(d.interest.label),
                        .text(d.organisationCode.map { "\(d.organisationName) (\($0))" } ?? d.organisationName),
                        .text(d.description), .text(d.validFrom), .text(d.validTo), .text(d.declaredOn),
                    ]
                }, fileName: "my-declarations")
            table.emptyText = "You have declared nothing yet, not even a nil return."
            return [table]
        case .gifts:
            var table = DataTable(
                id: "my-gifts", caption: "My gifts and hospitality",
                columns: [
                    .init(title: "Register"), .init(title: "Offered on"), .init(title: "What"), .init(title: "By"),
                    .init(title: "Description"), .init(title: "Value", numeric: true), .init(title: "Outcome"),
                ],
                rows: gifts.map { g in
                    [
                        .text(bodies[g.personId]?.name), .text(g.receivedOn), .text(g.kind), .text(g.donor),
                        .text(g.description),
                        DataTable.Cell(
                            text: GiftRules.money(g.valuePence), csv: String(format: "%.2f", Double(g.valuePence) / 100)
                        ),
                        .text(g.outcome),
                    ]
                }, fileName: "my-gifts")
            table.emptyText = "You have recorded no gifts or hospitality."
            return [table]
        }
    }

    /// Each register's due date: a decision-maker declares within 28 days of taking up a seat.
    func dueNotes(today: Day) -> [(String, Bool)] {
        let bodies = self.bodies
        let boards = seats.compactMap { s -> Seat? in
            guard let from = Day(iso: s.validFrom), let body = bodies[s.personId] else { return nil }
            return Seat(
                person: String(s.personId), board: String(s.boardId), body: body.code, role: s.boardRole, from: from,
                to: s.validTo.flatMap(Day.init(iso:)))
        }
        let declaredOn = Dictionary(grouping: declarations, by: { String($0.personId) }).mapValues {
            $0.compactMap { Day(iso: $0.declaredOn) }
        }
        return InterestRegister.due(seats: boards, declaredOn: declaredOn, on: today).compactMap { due in
            guard let body = Int64(due.person).flatMap({ bodies[$0] }) else { return nil }
            return due.isOverdue(on: today)
                ? (
                    "Your declaration to \(body.name) was due by \(due.dueBy.long), 28 days after you took your seat.",
                    true
                )
                : ("Declare to \(body.name) by \(due.dueBy.long), 28 days after you took your seat.", false)
        }
    }

    func render(
        _ ctx: PageContext, form: GovernanceForm, errors: FormErrors, outcome: (GiftRules.Outcome, String)?,
        status: HTTPStatus
    ) -> HTMLPage {
        let title = page == .declarations ? "My declarations of interest" : "My gifts and hospitality"
        let crumbs = [Layout.Crumb(title: "My record", href: PeopleURL.me.path)]
        return Layout.page(title, ctx, crumbs: crumbs, section: "me", status: status) {
            Layout.errorSummary(errors)
            if page == .declarations {
                for (note, overdue) in dueNotes(today: Day.today()) {
                    H.div(.class(overdue ? "callout warning" : "callout"), .attr("role", "status")) { H.p { note } }
                }
            }
            if let (result, reason) = outcome {
                H.div(.class(result == .refuse ? "callout warning" : "callout success"), .attr("role", "status")) {
                    H.p {
                        H.strong { result == .refuse ? "Refuse it. " : "Recorded. " }
                        reason
                    }
                }
            }
            H.h1 { title }
            if page == .declarations {
                H.p(.class("lead")) {
                    "Declare each interest within 28 days of it starting or of taking up a seat; a nil return says you "
                        + "have none. Each body keeps its own register, so declare to each. Source: "
                        + "\(InterestRegister.source)."
                }
            } else {
                H.p(.class("lead")) {
                    "Record every gift or hospitality offered to you in your role; Consort says whether to accept, "
                        + "declare or refuse it. Source: \(GiftRules.source)."
                }
            }
            if entries.isEmpty {
                H.p {
                    "You are not on any consortium's, locality's or federation's register. When a body puts you on its "
                        + "register, you declare here."
                }
            } else {
                tables()[0].html(ctx)
                if page == .declarations {
                    for d in declarations where d.validTo == nil && d.interest != .none {
                        GovernanceView.endForm(
                            GovernanceURL.mineEnd.path + "?person=\(d.personId)", key: "declaration", id: d.id,
                            field: "end-\(d.id)", label: "\(d.organisationName): ended on", errors, ctx)
                    }
                }
                H.h2 {
                    page == .declarations ? "Declare an interest or make a nil return" : "Record a gift or hospitality"
                }
                H.form(
                    .attr("method", "post"), .attr("action", GovernanceURL.mine(page).path), .attr("novalidate", "")
                ) {
                    Layout.csrfField(ctx)
                    GovernanceView.field("person", "To the register of", errors) {
                        H.select(.id("person"), .name("person")) {
                            for (entry, body) in entries {
                                H.option(String(entry.id), body.name, selected: form["person"] == String(entry.id))
                            }
                        }
                    }
                    if page == .declarations {
                        GovernanceView.declarationFields(form, errors, declaredOn: false)
                    } else {
                        GovernanceView.giftFields(form, errors)
                    }
                    H.button(.type("submit"), .class("button")) { page == .declarations ? "Declare" : "Record it" }
                }
            }
        }
    }
}
