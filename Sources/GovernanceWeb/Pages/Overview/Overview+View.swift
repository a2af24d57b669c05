import ConsortCore
import ConsortWeb
import Governance
import Vapor

extension GovernanceView {
    // MARK: Overview

    package static func overview(
        _ body: GroupInfo, boards: [G.Board], people: [G.Person], canEdit: Bool, form: Form, errors: Errors,
        _ ctx: PageContext, status: HTTPStatus
    ) -> HTMLPage {
        Layout.page(
            "Governance: \(body.name)", ctx, crumbs: Array(crumbs(body).dropLast()), section: body.kind.slug,
            status: status
        ) {
            Layout.errorSummary(errors)
            H.p(.class("hint")) { body.kind.singular }
            H.h1 { "Governance: \(body.name)" }
            H.p(.class("hint")) {
                "GPs are commissioners in their consortium and providers in their practices and federations. Consort "
                    + "finds conflicts of interest from declarations and from the organisation graph, records how each "
                    + "is managed at each decision, and publishes the registers NHS England's statutory guidance "
                    + "requires. "
                H.link(SiteURL.help.path + "#governance", "How it works")
            }
            H.h2 { "Registers" }
            registerLinks(body)
            H.h2(.id("boards")) { "Boards and committees" }
            if boards.isEmpty {
                H.p(.class("hint")) { "No boards recorded yet." }
            } else {
                H.ul {
                    for b in boards {
                        H.li {
                            H.link(GovernanceURL.board(.value(b.id)).path, b.name)
                            " — quorum: \(b.rule.description)"
                        }
                    }
                }
            }
            if canEdit {
                H.el("details", errors.contains { $0.field == "board_name" } ? [.attr("open", "")] : []) {
                    H.summary { "Add a board or committee" }
                    H.form(
                        .attr("method", "post"), .attr("action", GovernanceURL.boards(.value(body.code)).path),
                        .attr("novalidate", "")
                    ) {
                        Layout.csrfField(ctx)
                        field("board_name", "Name", errors) { input("board_name", form, wide: true) }
                        H.button(.type("submit"), .class("button")) { "Add the board" }
                    }
                }
                H.h2(.id("people")) { "People on the registers" }
                if people.isEmpty {
                    H.p(.class("hint")) {
                        "No one yet. Add each board and committee member, then their roles at practices and groups and "
                            + "their declarations."
                    }
                } else {
                    H.ul { for p in people { H.li { H.link(GovernanceURL.person(.value(p.id)).path, p.name) } } }
                }
                H.el(
                    "details",
                    errors.contains { ["name", "registration"].contains($0.field) } ? [.attr("open", "")] : []
                ) {
                    H.summary { "Add a person" }
                    H.form(
                        .attr("method", "post"), .attr("action", GovernanceURL.people(.value(body.code)).path),
                        .attr("novalidate", "")
                    ) {
                        Layout.csrfField(ctx)
                        field("name", "Name", errors) { input("name", form, wide: true) }
                        field(
                            "registration", "GMC number or NMC PIN (optional)",
                            hint:
                                "When the people directory already holds someone with this number, the register "
                                + "entry is that person: their roles, hub work and account follow.", errors
                        ) { input("registration", form) }
                        H.button(.type("submit"), .class("button")) { "Add the person" }
                    }
                }
            }
        }
    }
}
