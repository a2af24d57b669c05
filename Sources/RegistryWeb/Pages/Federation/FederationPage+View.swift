import ConsortCore
import ConsortWeb
import Vapor

extension FederationPage {
    package func render(
        _ ctx: PageContext, form: FederationController.DetailsForm,
        memberForm: FederationController.MemberForm = .init(), errors: FederationController.Errors = [],
        status: HTTPStatus = .ok
    ) -> HTMLPage {
        let code = group?.code
        let title = code == nil ? "Record a federation" : "Edit \(form.name ?? code!)"
        func error(_ field: String) -> Node { Layout.fieldError(errors, field) }
        var crumbs: [Layout.Crumb] = [
            .init(title: "England", href: SiteURL.home.path),
            .init(title: "Federations", href: SiteURL.groups(.federation).path),
        ]
        if let code { crumbs.append(.init(title: form.name ?? code, href: SiteURL.group(code))) }
        return Layout.page(title, ctx, crumbs: crumbs, section: "federations", status: status) {
            Layout.errorSummary(errors)
            H.h1 { title }
            H.p(.class("hint")) {
                "A federation is a group practices form themselves. A practice may belong to several, and a federation "
                    + "may span consortia. Primary care networks come from NHS Digital's files and are not edited here."
            }
            H.form(
                .attr("method", "post"),
                .attr(
                    "action", code.map { RegistryURL.editFederation(.value($0)).path } ?? RegistryURL.newFederation.path
                ), .attr("novalidate", "")
            ) {
                Layout.csrfField(ctx)
                H.div(.class("field")) {
                    H.label(.for("name")) { "Name" }
                    error("name")
                    H.input(.type("text"), .id("name"), .name("name"), .class("wide"), .value(form.name ?? ""))
                }
                H.div(.class("field")) {
                    H.label(.for("legal_form")) { "Legal form" }
                    error("legal_form")
                    H.select(.id("legal_form"), .name("legal_form")) {
                        H.option("", "Not recorded", selected: (form.legalForm ?? "").isEmpty)
                        for lf in LegalForm.allCases {
                            H.option(lf.rawValue, lf.label, selected: form.legalForm == lf.rawValue)
                        }
                    }
                }
                H.div(.class("field")) {
                    H.label(.for("description")) { "Description (optional)" }
                    error("description")
                    H.textarea(
                        .id("description"), .name("description"), .attr("rows", "3"), text: form.description ?? "")
                }
                H.div(.class("field")) {
                    H.label(.for("valid_from")) { "Formed on" }
                    error("valid_from")
                    H.input(.type("date"), .id("valid_from"), .name("valid_from"), .value(form.validFrom ?? ""))
                }
                H.div(.class("field")) {
                    H.label(.for("valid_to")) { "Dissolved on (leave empty if it continues)" }
                    error("valid_to")
                    H.input(.type("date"), .id("valid_to"), .name("valid_to"), .value(form.validTo ?? ""))
                }
                if code == nil {
                    H.div(.class("field")) {
                        H.label(.for("members")) { "Member practices (optional)" }
                        H.span(.class("hint"), .id("members-hint")) {
                            "ODS codes separated by commas or new lines, e.g. A81001, A81002. They join on the date "
                                + "the federation was formed; you can add others later with their own dates. Practices "
                                + "outside your consortium are invited, and join when their practice managers "
                                + "accept."
                        }
                        error("members")
                        H.textarea(
                            .id("members"), .name("members"), .attr("rows", "3"), .aria("describedby", "members-hint"),
                            text: form.members ?? "")
                    }
                }
                H.button(.type("submit"), .class("button")) { code == nil ? "Record federation" : "Save changes" }
            }
            if let code {
                H.h2(.id("members")) { "Members" }
                H.p(.class("hint")) {
                    "Administrators, the consortium officers of a practice's consortium and the practice's own "
                        + "managers record a membership directly. "
                    "Anyone else who adds a practice invites it: it joins when one of its practice managers accepts."
                }
                H.form(
                    .attr("method", "post"), .attr("action", RegistryURL.federationMembers(.value(code)).path),
                    .class("filters"), .attr("novalidate", ""),
                    .aria("label", "Add a member")
                ) {
                    Layout.csrfField(ctx)
                    H.div(.class("field")) {
                        H.label(.for("practice")) { "Practice (ODS code)" }
                        error("practice")
                        H.input(
                            .type("text"), .id("practice"), .name("practice"), .class("short"),
                            .value(memberForm.practice ?? ""))
                    }
                    H.div(.class("field")) {
                        H.label(.for("member_from")) { "Joined on" }
                        error("member_from")
                        H.input(
                            .type("date"), .id("member_from"), .name("valid_from"),
                            .value(memberForm.validFrom ?? Day.today().iso))
                    }
                    H.div(.class("field")) {
                        H.label(.for("member_to")) { "Left on (optional)" }
                        error("member_to")
                        H.input(.type("date"), .id("member_to"), .name("valid_to"), .value(memberForm.validTo ?? ""))
                    }
                    H.button(.type("submit"), .class("button")) { "Add or invite member" }
                }
                if members.isEmpty {
                    H.p(.class("hint")) { "No members yet." }
                } else {
                    H.div(
                        .class("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"),
                        .aria("label", "Memberships")
                    ) {
                        H.table {
                            H.caption(.class("visually-hidden")) { "Memberships" }
                            H.thead {
                                H.tr {
                                    H.th(.attr("scope", "col")) { "Practice" }
                                    H.th(.attr("scope", "col")) { "Joined" }
                                    H.th(.attr("scope", "col")) { "Left" }
                                    H.th(.attr("scope", "col")) { "Change" }
                                }
                            }
                            H.tbody {
                                for m in members {
                                    H.tr {
                                        H.th(.attr("scope", "row")) {
                                            H.link(SiteURL.practice(m.practice), "\(m.practiceName) (\(m.practice))")
                                        }
                                        H.td { m.from }
                                        H.td { m.to ?? "still a member" }
                                        H.td {
                                            error("left-\(m.id)")
                                            H.form(
                                                .attr("method", "post"),
                                                .attr(
                                                    "action",
                                                    RegistryURL.federationMember(.value(code), .value(m.id)).path),
                                                .class("inline-form")
                                            ) {
                                                Layout.csrfField(ctx)
                                                H.label(.for("left-\(m.id)"), .class("visually-hidden")) {
                                                    "Date \(m.practiceName) left"
                                                }
                                                H.input(
                                                    .type("date"), .id("left-\(m.id)"), .name("valid_to"),
                                                    .value(m.to ?? ""))
                                                " "
                                                H.button(.type("submit"), .class("button secondary")) {
                                                    "Set date left"
                                                }
                                            }
                                            " "
                                            H.form(
                                                .attr("method", "post"),
                                                .attr(
                                                    "action",
                                                    RegistryURL.federationMember(.value(code), .value(m.id)).path),
                                                .class("inline-form")
                                            ) {
                                                Layout.csrfField(ctx)
                                                H.input(.type("hidden"), .name("action"), .value("remove"))
                                                H.button(
                                                    .type("submit"), .class("button warning"),
                                                    .aria(
                                                        "label",
                                                        "Remove \(m.practiceName)'s membership (recorded in error)")
                                                ) { "Remove (recorded in error)" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                if let view {
                    H.h2(.id("invitations")) { "Invitations" }
                    Layout.fieldError(errors, "invitations")
                    if invitations.isEmpty { H.p(.class("hint")) { "No practice has been invited." } }
                    for row in invitations { InvitationsPage.card(row, view: view, ctx: ctx, answer: false) }
                }
            }
        }
    }
}
