import ConsortCore
import ConsortWeb
import Governance
import PeopleWeb
import Vapor

extension GovernanceView {
    // MARK: Person

    package static func person(
        _ person: G.Person, _ body: GroupInfo, affiliations: [G.AffiliationRow], declarations: [G.DeclarationRow],
        seats: [G.SeatRow],
        boards: [Int64: G.Board], form: Form, errors: Errors, _ ctx: PageContext, status: HTTPStatus
    ) -> HTMLPage {
        Layout.page(person.name, ctx, crumbs: crumbs(body), section: body.kind.slug, status: status) {
            Layout.errorSummary(errors)
            H.p(.class("hint")) { "On the registers of \(body.name)" }
            H.h1 {
                person.name
                if person.isDemo {
                    " "
                    H.span(.class("tag demo")) { "demo" }
                }
            }
            H.h2 { "Seats on boards" }
            if seats.isEmpty {
                H.p(.class("hint")) { "None: not a decision-maker, so not on the public register." }
            } else {
                H.ul {
                    for s in seats {
                        H.li {
                            "\(s.boardRole.label), "
                            H.link(GovernanceURL.board(.value(s.boardId)).path, boards[s.boardId]?.name ?? "board")
                            ", from \(s.validFrom)\(s.validTo.map { " to \($0)" } ?? "")"
                        }
                    }
                }
            }
            H.h2(.id("roles")) { "Roles at practices and groups" }
            H.p(.class("hint")) {
                "Consort follows these through the registry (a practice's federations and networks), and the hub "
                    + "sessions the person works, to find conflicts nobody declared. The roles are the people "
                    + "directory's: the same wherever the person appears."
            }
            if let directory = person.personId {
                H.p { H.link(PeopleURL.person(.value(directory)).path, "\(person.name) in the people directory") }
            }
            if affiliations.isEmpty {
                H.p(.class("hint")) { "None recorded." }
            } else {
                H.ul {
                    for a in affiliations {
                        H.li {
                            "\(a.label) at \(a.organisationCode), from "
                                + "\(a.validFrom)\(a.validTo.map { " to \($0)" } ?? "")"
                            if a.validTo == nil {
                                endForm(
                                    GovernanceURL.personAction(.value(person.id), .endRole).path, key: "role", id: a.id,
                                    field: "end-role-\(a.id)", label: "Role ended on", errors, ctx)
                            }
                        }
                    }
                }
            }
            H.el("details", errors.contains { $0.field.hasPrefix("affiliation") } ? [.attr("open", "")] : []) {
                H.summary { "Add a role" }
                H.form(
                    .attr("method", "post"),
                    .attr("action", GovernanceURL.personAction(.value(person.id), .affiliations).path),
                    .attr("novalidate", "")
                ) {
                    Layout.csrfField(ctx)
                    field(
                        "affiliation_organisation", "Practice or group code",
                        hint: "An ODS code such as A81001, or a group code such as FED-0001.", errors
                    ) { input("affiliation_organisation", form) }
                    field("affiliation_role", "Role", errors) {
                        H.select(.id("affiliation_role"), .name("affiliation_role")) {
                            H.option("", "Choose a role", selected: false)
                            for kind in PersonRole.allCases {
                                H.option(
                                    kind.rawValue, "\(kind.label) (at \(kind.place.label))",
                                    selected: form["affiliation_role"] == kind.rawValue)
                            }
                        }
                    }
                    field("affiliation_from", "From", errors) { input("affiliation_from", form, type: "date") }
                    field("affiliation_to", "To (if it has ended)", errors) {
                        input("affiliation_to", form, type: "date")
                    }
                    H.button(.type("submit"), .class("button secondary")) { "Add the role" }
                }
            }
            H.h2(.id("declarations")) { "Declarations" }
            if declarations.isEmpty {
                H.p(.class("hint")) { "Nothing declared yet, not even a nil return." }
            } else {
                H.table(.id("declaration-list")) {
                    H.caption(.class("visually-hidden")) { "Declarations" }
                    H.thead {
                        H.tr {
                            for t in ["Type", "Organisation", "Nature", "From", "To", "Declared on", ""] {
                                H.th(.attr("scope", "col")) { t }
                            }
                        }
                    }
                    H.tbody {
                        for d in declarations {
                            H.tr {
                                H.th(.attr("scope", "row")) { d.interest.label }
                                H.td {
                                    d.organisationCode.map { "\(d.organisationName) (\($0))" } ?? d.organisationName
                                }
                                H.td { d.description }
                                H.td { d.validFrom }
                                H.td { d.validTo ?? "–" }
                                H.td { d.declaredOn }
                                H.td {
                                    if d.validTo == nil {
                                        endForm(
                                            GovernanceURL.personAction(.value(person.id), .end).path,
                                            key: "declaration", id: d.id, field: "end-\(d.id)", label: "Ended on",
                                            errors, ctx)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            H.el(
                "details",
                errors.contains {
                    ["kind", "organisation", "description", "from", "to", "declared_on"].contains($0.field)
                } ? [.attr("open", "")] : []
            ) {
                H.summary { "Add a declaration or nil return" }
                H.form(
                    .attr("method", "post"),
                    .attr("action", GovernanceURL.personAction(.value(person.id), .declarations).path),
                    .attr("novalidate", "")
                ) {
                    Layout.csrfField(ctx)
                    declarationFields(form, errors, declaredOn: true)
                    H.button(.type("submit"), .class("button")) { "Add the declaration" }
                }
            }
        }
    }

    /// The fields of a declaration of interest (or nil return); `declaredOn` asks the date it was
    /// declared (an officer recording an earlier declaration), otherwise it is today.
    package static func declarationFields(_ form: Form, _ errors: Errors, declaredOn: Bool) -> Node {
        H.fragment {
            field("kind", "Type", errors) {
                H.select(.id("kind"), .name("kind")) {
                    for k in InterestKind.allCases {
                        H.option(k.rawValue, k.label, selected: form["kind"] == k.rawValue)
                    }
                }
            }
            field(
                "organisation", "Organisation",
                hint:
                    "A registry code (practice or group) where there is one, so Consort can follow it; otherwise its "
                    + "name. Leave empty for a nil return.",
                errors
            ) { input("organisation", form, wide: true) }
            field("description", "Nature of the interest", errors) { input("description", form, wide: true) }
            field("from", "Interest began (for a nil return: the date it covers from)", errors) {
                input("from", form, type: "date")
            }
            field("to", "Interest ended (if it has)", errors) { input("to", form, type: "date") }
            if declaredOn {
                field("declared_on", "Declared on", errors) {
                    input("declared_on", form, type: "date", value: Day.today().iso)
                }
            }
        }
    }
}
