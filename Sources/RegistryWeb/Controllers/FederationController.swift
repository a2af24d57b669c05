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
            case legalForm = "legal_form"
            case validFrom = "valid_from"
            case validTo = "valid_to"
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
            case validFrom = "valid_from"
            case validTo = "valid_to"
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
        return FederationPage.new.render(PageContext(request: req), form: DetailsForm(validFrom: Day.today().iso))
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
            return try await FederationPage.new.render(
                PageContext(request: req), form: form, errors: list, status: .badRequest
            ).encodeResponse(for: req)
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
        let page = try await FederationPage.load(
            group, view: try await req.registryView(at: Day.today()), on: Store.sql(req.db))
        var errors = errors
        if let error = QueryReader(req: req).string("error") { errors.append(("invitations", error)) }
        return page.render(
            PageContext(request: req), form: form, memberForm: memberForm, errors: errors, status: status)
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
}
