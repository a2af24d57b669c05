import ConsortCore
import ConsortWeb
import Governance
import Vapor

extension GovernanceView {
    // MARK: Board

    package static func board(
        _ board: G.Board, _ body: GroupInfo, seats: [G.SeatRow], people: [G.Person], meetings: [G.Meeting],
        canEdit: Bool,
        form: Form, errors: Errors, _ ctx: PageContext, status: HTTPStatus
    ) -> HTMLPage {
        let names = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0.name) })
        let rule = board.rule
        return Layout.page(board.name, ctx, crumbs: crumbs(body), section: body.kind.slug, status: status) {
            Layout.errorSummary(errors)
            H.p(.class("hint")) { "Board of \(body.name)" }
            H.h1 { board.name }
            Layout.summaryList([("Quorum", .text(rule.description))])
            H.h2 { "Members" }
            if seats.isEmpty {
                H.p(.class("hint")) { "No members yet." }
            } else {
                H.ul {
                    for s in seats {
                        H.li {
                            "\(names[s.personId] ?? "–"), \(s.boardRole.label.lowercased()), from "
                                + "\(s.validFrom)\(s.validTo.map { " to \($0)" } ?? "")"
                            if canEdit && s.validTo == nil {
                                endForm(
                                    GovernanceURL.boardAction(.value(board.id), .endSeat).path, key: "seat", id: s.id,
                                    field: "end-seat-\(s.id)", label: "Left on", errors, ctx)
                            }
                        }
                    }
                }
            }
            if canEdit {
                H.el(
                    "details",
                    errors.contains { ["person", "role", "seat_from", "seat_to"].contains($0.field) }
                        ? [.attr("open", "")] : []
                ) {
                    H.summary { "Add a member" }
                    H.form(
                        .attr("method", "post"),
                        .attr("action", GovernanceURL.boardAction(.value(board.id), .seats).path),
                        .attr("novalidate", "")
                    ) {
                        Layout.csrfField(ctx)
                        field(
                            "person", "Person",
                            hint: "Anyone on a register in Consort; add new people on the governance page.", errors
                        ) {
                            H.select(.id("person"), .name("person")) {
                                for p in people {
                                    H.option(String(p.id), p.name, selected: form["person"] == String(p.id))
                                }
                            }
                        }
                        field("role", "Role on the board", errors) {
                            H.select(.id("role"), .name("role")) {
                                for r in BoardRole.allCases {
                                    H.option(r.rawValue, r.label, selected: form["role"] == r.rawValue)
                                }
                            }
                        }
                        field("seat_from", "From", errors) { input("seat_from", form, type: "date") }
                        field("seat_to", "To (if the seat has ended)", errors) { input("seat_to", form, type: "date") }
                        H.button(.type("submit"), .class("button secondary")) { "Add the member" }
                    }
                }
                H.el(
                    "details",
                    errors.contains { $0.field == "minimum" || $0.field.hasPrefix("at_least") }
                        ? [.attr("open", "")] : []
                ) {
                    H.summary { "Change the quorum" }
                    H.form(
                        .attr("method", "post"),
                        .attr("action", GovernanceURL.boardAction(.value(board.id), .quorum).path),
                        .attr("novalidate", "")
                    ) {
                        Layout.csrfField(ctx)
                        field("minimum", "Fewest members taking part", errors) {
                            input("minimum", form, value: String(rule.minimum))
                        }
                        for r in BoardRole.allCases where r != .chair {
                            field("at_least_\(r.rawValue)", "At least this many \(r.label.lowercased())s", errors) {
                                input("at_least_\(r.rawValue)", form, value: rule.atLeast[r].map(String.init) ?? "0")
                            }
                        }
                        H.el("fieldset", [.class("field")]) {
                            H.el("legend", []) { "In the majority among those taking part (optional)" }
                            for r in BoardRole.allCases {
                                H.div(.class("checkbox")) {
                                    Layout.checkbox(
                                        "majority-\(r.rawValue)", name: "majority[]", value: r.rawValue,
                                        checked: rule.majorityOf.contains(r))
                                    H.label(.for("majority-\(r.rawValue)")) { r.label + "s" }
                                }
                            }
                        }
                        H.button(.type("submit"), .class("button secondary")) { "Save the quorum" }
                    }
                }
                H.h2(.id("meetings")) { "Meetings" }
                if meetings.isEmpty {
                    H.p(.class("hint")) { "No meetings yet." }
                } else {
                    H.ul {
                        for m in meetings {
                            H.li { H.link(GovernanceURL.meeting(.value(m.id)).path, "\(m.day.long): \(m.title)") }
                        }
                    }
                }
                H.el("details", errors.contains { ["title", "held_on"].contains($0.field) } ? [.attr("open", "")] : [])
                {
                    H.summary { "Add a meeting" }
                    H.form(
                        .attr("method", "post"),
                        .attr("action", GovernanceURL.boardAction(.value(board.id), .meetings).path),
                        .attr("novalidate", "")
                    ) {
                        Layout.csrfField(ctx)
                        field("title", "Title", errors) { input("title", form, wide: true) }
                        field("held_on", "Date", errors) { input("held_on", form, type: "date") }
                        H.button(.type("submit"), .class("button")) { "Add the meeting" }
                    }
                }
            }
        }
    }
}
