import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

extension GovernanceController {
    // MARK: Overview

    @Sendable package static func overview(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        return try await renderOverview(req, body, form: GovernanceForm(), errors: [])
    }

    package static func renderOverview(
        _ req: Request, _ body: GroupInfo, form: Form, errors: Errors, status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = try await GovernanceOverviewPage.load(body, user: req.currentUser, on: Store.sql(req.db))
        return try await page.render(PageContext(request: req), form: form, errors: errors, status: status)
            .encodeResponse(for: req)
    }

    @Sendable package static func addPerson(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let user = try officer(req, body)
        let f = try req.content.decode(GovernanceForm.self)
        do {
            let id = try await G.addPerson(
                body: body, name: f.name, registration: f.registration, by: user, app: req.application)
            return req.redirect(to: GovernanceURL.person(.value(id)).path, redirectType: .normal)
        } catch {
            return try await refused(error) { try await renderOverview(req, body, form: f, errors: $0, status: $1) }
        }
    }

    @Sendable package static func createBoard(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let user = try officer(req, body)
        let f = try req.content.decode(GovernanceForm.self)
        do {
            let id = try await G.createBoard(body: body, name: f.boardName, by: user, app: req.application)
            return req.redirect(to: GovernanceURL.board(.value(id)).path, redirectType: .normal)
        } catch {
            return try await refused(error) { try await renderOverview(req, body, form: f, errors: $0, status: $1) }
        }
    }

    /// `/api/v1/groups/{code}/governance/{register}`: the register's tables as JSON.
    package static func register(_ req: Request, _ name: GovernanceURL.Register) async throws -> Response {
        switch name {
        case .interests: return try await interests(req)
        case .gifts: return try await gifts(req)
        case .procurement: return try await procurement(req)
        case .breaches: return try await breaches(req)
        }
    }
}
