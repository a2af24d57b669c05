import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// A practice's invitations to join federations (for its practice managers to answer), and
/// answering or withdrawing one, as pages and as the API.
package enum InvitationController {
    /// `/practices/{code}/invitations`: every invitation the practice has had, pending first.
    @Sendable package static func practicePage(_ req: Request) async throws -> Response {
        let (index, view) = try await Scope.practice(req)
        let page = try await InvitationsPage.load(view.practices[index], view: view, on: Store.sql(req.db))
        let errors = QueryReader(req: req).string("error").map { [(field: "invitations", message: $0)] } ?? []
        return try await page.render(PageContext(request: req), errors: errors).encodeResponse(for: req)
    }

    /// Accept, decline or withdraw, then back to the page the button was on.
    package static func answer(_ req: Request, _ action: RegistryURL.InvitationAction) async throws -> Response {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let row = try await Invitations.row(id, on: Store.sql(req.db))
        let back =
            action == .withdraw
            ? RegistryURL.editFederation(.value(row.federationCode)).path + "#invitations"
            : RegistryURL.practiceInvitations(.value(row.practiceCode)).path
        do {
            switch action {
            case .accept: try await Invitations.accept(id, by: user, app: req.application)
            case .decline: try await Invitations.decline(id, by: user, app: req.application)
            case .withdraw: try await Invitations.withdraw(id, by: user, app: req.application)
            }
        } catch let problem as FieldProblem {
            return req.redirect(
                to: SiteURL.with(back.replacingOccurrences(of: "#invitations", with: ""), [("error", problem.message)]),
                redirectType: .normal)
        }
        return req.redirect(to: back, redirectType: .normal)
    }

    // MARK: API

    @Sendable package static func apiList(_ req: Request) async throws -> [Invitations.Row] {
        let (index, view) = try await Scope.practice(req)
        return try await Invitations.of(practice: view.practices[index].code, on: Store.sql(req.db))
    }

    package static func apiAnswer(_ req: Request, _ action: RegistryURL.InvitationAction) async throws
        -> Invitations.Row
    {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        switch action {
        case .accept: try await Invitations.accept(id, by: user, app: req.application)
        case .decline: try await Invitations.decline(id, by: user, app: req.application)
        case .withdraw: try await Invitations.withdraw(id, by: user, app: req.application)
        }
        return try await Invitations.row(id, on: Store.sql(req.db))
    }
}
