import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// Recording federations (groups practices form themselves) and their members, with dates.
package enum FederationController {
    package typealias Errors = [(field: String, message: String)]

    package struct DetailsForm: Content {
        package var name: String?
        package var legalForm: String?
        package var description: String?
        package var validFrom: String?
        package var validTo: String?
        package var members: String?

        package enum CodingKeys: String, CodingKey {
            case name, description, members
            case legalForm = "legal_form", validFrom = "valid_from", validTo = "valid_to"
        }

        package init(
            name: String? = nil, legalForm: String? = nil, description: String? = nil, validFrom: String? = nil,
            validTo: String? = nil, members: String? = nil
        ) {
            self.name = name
            self.legalForm = legalForm
            self.description = description
            self.validFrom = validFrom
            self.validTo = validTo
            self.members = members
        }
    }

    package struct MemberForm: Content {
        package var practice: String?
        package var validFrom: String?
        package var validTo: String?
        package var action: String?

        package enum CodingKeys: String, CodingKey {
            case practice, action
            case validFrom = "valid_from", validTo = "valid_to"
        }

        package init(practice: String? = nil, validFrom: String? = nil, validTo: String? = nil, action: String? = nil) {
            self.practice = practice
            self.validFrom = validFrom
            self.validTo = validTo
            self.action = action
        }
    }

    package static func detailsForm(_ group: GroupInfo) -> DetailsForm {
        DetailsForm(
            name: group.name, legalForm: group.legalForm?.rawValue, description: group.description,
            validFrom: group.validFrom.iso, validTo: group.validTo?.iso)
    }

    package static func validate(_ form: DetailsForm) -> Result<Federations.Details, Federations.Problems> {
        Federations.Details.validate(
            name: form.name, legalForm: form.legalForm, description: form.description,
            validFrom: form.validFrom, validTo: form.validTo)
    }

    @Sendable package static func newForm(_ req: Request) async throws -> HTMLPage {
        _ = try Federations.requireCreator(req)
        return renderDetails(req, code: nil, form: DetailsForm(validFrom: Day.today().iso), errors: [])
    }

    @Sendable package static func create(_ req: Request) async throws -> Response {
        let user = try Federations.requireCreator(req)
        let form = try req.content.decode(DetailsForm.self)
        do {
            let details = try validate(form).get()
            let (code, invited) = try await Federations.create(
                details, members: ODSCode.codes(in: form.members ?? ""), by: user, app: req.application)
            return req.redirect(
                to: invited.isEmpty
                    ? SiteURL.group(code) : RegistryURL.editFederation(.value(code)).path + "#invitations",
                redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            return try await renderDetails(req, code: nil, form: form, errors: list, status: .badRequest)
                .encodeResponse(for: req)
        }
    }

    @Sendable package static func editForm(_ req: Request) async throws -> HTMLPage {
        let (group, _) = try await Federations.editable(req)
        return try await renderEdit(req, group: group, form: detailsForm(group), errors: [])
    }

    package static func renderEdit(
        _ req: Request, group: GroupInfo, form: DetailsForm, errors: Errors, memberForm: MemberForm = MemberForm(),
        status: HTTPStatus = .ok
    ) async throws -> HTMLPage {
        let db = Store.sql(req.db)
        let history = try await GroupView.history(of: group.code, on: db)
        let invitations = try await Invitations.of(federation: group.code, on: db)
        let view = try await req.registryView(at: Day.today())
        var errors = errors
        if let error = QueryReader(req: req).string("error") { errors.append(("invitations", error)) }
        return renderDetails(
            req, code: group.code, form: form, errors: errors, memberForm: memberForm, members: history,
            invitations: (invitations, view), status: status)
    }

    @Sendable package static func update(_ req: Request) async throws -> Response {
        let (group, user) = try await Federations.editable(req)
        let form = try req.content.decode(DetailsForm.self)
        do {
            try await Federations.update(group, to: try validate(form).get(), by: user, app: req.application)
            return req.redirect(to: SiteURL.group(group.code), redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            return try await renderEdit(req, group: group, form: form, errors: list, status: .badRequest)
                .encodeResponse(for: req)
        }
    }

    @Sendable package static func addMember(_ req: Request) async throws -> Response {
        let (group, user) = try await Federations.editable(req)
        let form = try req.content.decode(MemberForm.self)
        let practice = (form.practice ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        var problems: Errors = []
        let from = Day(iso: form.validFrom ?? "")
        if from == nil { problems.append(("member_from", "Enter the date the practice joined, as YYYY-MM-DD")) }
        var to: Day?
        if let text = form.validTo, !text.isEmpty {
            to = Day(iso: text)
            if to == nil {
                problems.append(("member_to", "Enter the date the practice left as YYYY-MM-DD, or leave it empty"))
            }
        }
        if problems.isEmpty, let from {
            do {
                switch try await Federations.addMember(
                    group, practice: practice, from: from, to: to, by: user, app: req.application)
                {
                case .member:
                    return req.redirect(
                        to: RegistryURL.editFederation(.value(group.code)).path + "#members", redirectType: .normal)
                case .invited:
                    return req.redirect(
                        to: RegistryURL.editFederation(.value(group.code)).path + "#invitations", redirectType: .normal)
                }
            } catch let problem as Federations.Problem {
                problems.append((problem.field, problem.message))
            }
        }
        return try await renderEdit(
            req, group: group, form: detailsForm(group), errors: problems, memberForm: form, status: .badRequest
        )
        .encodeResponse(for: req)
    }

    /// Sets the date a member left, or removes a membership recorded in error (`action=remove`).
    @Sendable package static func updateMember(_ req: Request) async throws -> Response {
        let (group, user) = try await Federations.editable(req)
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let form = try req.content.decode(MemberForm.self)
        let remove = form.action == "remove"
        let leftOn = form.validTo.flatMap(Day.init(iso:))
        do {
            if !remove, leftOn == nil {
                throw Federations.Problem(
                    field: "left-\(id)", message: "Enter the date the practice left, as YYYY-MM-DD")
            }
            try await Federations.changeMember(
                group, id: id, leftOn: leftOn, remove: remove, by: user, app: req.application)
            return req.redirect(
                to: RegistryURL.editFederation(.value(group.code)).path + "#members", redirectType: .normal)
        } catch let problem as Federations.Problem {
            return try await renderEdit(
                req, group: group, form: detailsForm(group), errors: [(problem.field, problem.message)],
                status: .badRequest
            )
            .encodeResponse(for: req)
        }
    }

    // MARK: View

    package static func renderDetails(
        _ req: Request, code: String?, form: DetailsForm, errors: Errors, memberForm: MemberForm = MemberForm(),
        members: [GroupView.Change] = [], invitations: ([Invitations.Row], RegistryView)? = nil,
        status: HTTPStatus = .ok
    ) -> HTMLPage {
        let ctx = PageContext(request: req)
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
                if let (rows, view) = invitations {
                    H.h2(.id("invitations")) { "Invitations" }
                    Layout.fieldError(errors, "invitations")
                    if rows.isEmpty { H.p(.class("hint")) { "No practice has been invited." } }
                    for row in rows { InvitationController.card(row, view: view, ctx: ctx, answer: false) }
                }
            }
        }
    }
}
