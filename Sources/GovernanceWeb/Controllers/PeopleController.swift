import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

extension GovernanceController {
    // MARK: People

    package static func person(_ req: Request) async throws -> (G.Person, GroupInfo, CurrentUser) {
        let person = try await G.person(try id(req), on: Store.sql(req.db))
        let body = try await bodyOf(person.bodyCode, req: req)
        return (person, body, try officer(req, body))
    }

    @Sendable package static func personPage(_ req: Request) async throws -> Response {
        let (person, body, _) = try await person(req)
        return try await renderPerson(req, person, body, form: GovernanceForm(), errors: [])
    }

    package static func renderPerson(
        _ req: Request, _ person: G.Person, _ body: GroupInfo, form: Form, errors: Errors, status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = try await PersonPage.load(person, body: body, on: Store.sql(req.db))
        return try await page.render(PageContext(request: req), form: form, errors: errors, status: status)
            .encodeResponse(for: req)
    }

    package static func personAction(_ req: Request, _ action: GovernanceURL.PersonAction) async throws -> Response {
        let (person, body, user) = try await person(req)
        let f = try req.content.decode(GovernanceForm.self)
        let app = req.application
        do {
            switch action {
            case .affiliations:
                try await G.addAffiliation(
                    person: person, body: body, organisation: f.affiliationOrganisation, role: f.affiliationRole,
                    from: f.affiliationFrom, to: f.affiliationTo, by: user, app: app)
            case .declarations:
                try await G.addDeclaration(
                    person: person, body: body, kind: f.kind, organisation: f.organisation,
                    description: f.description, from: f.from, to: f.to, declaredOn: f.declaredOn, by: user, app: app)
            case .end:
                guard let d = Int64(f.declaration ?? "") else { throw Abort(.badRequest, reason: "Which declaration?") }
                try await G.endDeclaration(d, person: person, body: body, on: f.to, by: user, app: app)
            case .endRole:
                guard let a = Int64(f.role ?? "") else { throw Abort(.badRequest, reason: "Which role?") }
                try await G.endAffiliation(a, person: person, body: body, on: f.to, by: user, app: app)
            }
            return req.redirect(to: GovernanceURL.person(.value(person.id)).path, redirectType: .normal)
        } catch {
            return try await refused(error) {
                try await renderPerson(req, person, body, form: f, errors: $0, status: $1)
            }
        }
    }
}
