import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The directory's pages for officers: the list, adding a person, a person's page and its forms.
package enum PeopleController {
    @Sendable package static func directory(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        do {
            let page = try await DirectoryPage.load(req, user: user)
            if let alternate = try await alternate(page.tables(), req) { return alternate }
            return try await page.render(PageContext(request: req), form: PeopleForm(), errors: [])
                .encodeResponse(for: req)
        } catch let problem as FieldProblem {
            throw Abort(.badRequest, reason: problem.message)
        }
    }

    @Sendable package static func addPerson(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(PeopleForm.self)
        do {
            let id = try await Directory.addPerson(form, by: user, app: req.application)
            return req.redirect(to: PeopleURL.person(.value(id)).path, redirectType: .normal)
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            return try await DirectoryPage.load(req, user: user).render(
                PageContext(request: req), form: form, errors: errors, status: FieldProblem.status(error)
            ).encodeResponse(for: req)
        }
    }

    @Sendable package static func person(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let page = try await PersonPage.load(try Scope.id(req, "person"), req, user: user)
        if let alternate = try await alternate(page.tables(), req) { return alternate }
        return try await page.render(PageContext(request: req), form: PeopleForm(), errors: []).encodeResponse(for: req)
    }

    package static func personAction(_ req: Request, _ action: PeopleURL.PersonAction) async throws -> Response {
        let user = try req.requireUser()
        let id = try Scope.id(req, "person")
        let form = try req.content.decode(PeopleForm.self)
        let app = req.application
        let person = try await Directory.require(id, on: Store.sql(req.db))
        do {
            switch action {
            case .details: try await Directory.updateDetails(person, form, by: user, app: app)
            case .roles: try await Directory.addRole(person, form, by: user, app: app)
            case .endRole:
                guard let role = Int64(form["role_id"] ?? "") else {
                    throw FieldProblem(field: "role_id", message: "Choose the role to end")
                }
                try await Directory.endRole(person, role: role, on: form["end-role-\(role)"], by: user, app: app)
            case .credentials: try await Directory.addCredential(person, form, by: user, app: app)
            case .removeCredential:
                guard let credential = Int64(form["credential_id"] ?? "") else {
                    throw FieldProblem(field: "credential_id", message: "Choose the credential to remove")
                }
                try await Directory.removeCredential(person, credential: credential, by: user, app: app)
            case .invite:
                let parts = (form["grant"] ?? "").split(separator: "|", omittingEmptySubsequences: false).map(
                    String.init)
                guard parts.count == 2, let role = Role(rawValue: parts[0]) else {
                    throw FieldProblem(field: "grant", message: "Choose what the account may do")
                }
                let sent = try await Invitations.invite(
                    person, grant: RoleGrant(role: role, scope: parts[1].isEmpty ? nil : parts[1]), by: user, app: app)
                var page = try await PersonPage.load(id, req, user: user)
                page.invitedTo = sent
                return try await page.render(PageContext(request: req), form: PeopleForm(), errors: [])
                    .encodeResponse(for: req)
            }
            return req.redirect(to: PeopleURL.person(.value(id)).path, redirectType: .normal)
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            return try await PersonPage.load(id, req, user: user).render(
                PageContext(request: req), form: form, errors: errors, status: FieldProblem.status(error)
            ).encodeResponse(for: req)
        }
    }

    @Sendable package static func importForm(_ req: Request) async throws -> HTMLPage {
        PeopleImportPage().render(PageContext(request: req), view: nil)
    }

    struct ImportForm: Content {
        var file: File?
        var text: String?
        var action: String?
    }

    /// Previews or imports a CSV of people: the file if one was chosen, else the pasted lines.
    @Sendable package static func importPeople(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(ImportForm.self)
        var page = PeopleImportPage()
        let file = form.file.flatMap { $0.data.readableBytes > 0 ? String(buffer: $0.data) : nil }
        page.text = file ?? form.text ?? ""
        let view = try await req.registryView(at: Day.today())
        guard !page.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            page.errors = [("text", "Choose a CSV file of people, or paste its lines")]
            return try await page.render(PageContext(request: req), view: view, status: .badRequest)
                .encodeResponse(for: req)
        }
        if form.action == "import" {
            let plan = try await PeopleImport.run(page.text, by: user, app: req.application)
            if plan.problems.isEmpty {
                page.done = plan
                page.text = ""
            } else {
                page.plan = plan
            }
        } else {
            page.plan = try await PeopleImport.plan(page.text, by: user, view: view, on: Store.sql(req.db))
        }
        let refused = page.plan.map { !$0.problems.isEmpty } ?? false
        return try await page.render(PageContext(request: req), view: view, status: refused ? .badRequest : .ok)
            .encodeResponse(for: req)
    }
}
