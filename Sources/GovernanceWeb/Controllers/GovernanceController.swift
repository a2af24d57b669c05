import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

/// The governance pages of a consortium, locality or federation: public registers (interests of
/// decision-makers, gifts and hospitality, procurement decisions, breaches) with CSV, and the
/// officers' pages for people, boards, meetings and decisions.
package enum GovernanceController {
    package typealias Errors = FormErrors
    package typealias G = GovernanceStore

    package static func body(_ req: Request) async throws -> (GroupInfo, RegistryView) {
        let view = try await req.registryView(at: Day.today())
        let code = (req.parameters.get("code") ?? "").uppercased()
        guard let body = view.groups[code], G.bodyKinds.contains(body.kind) else {
            throw Abort(.notFound, reason: "There is no consortium, locality or federation \(code).")
        }
        return (body, view)
    }

    package static func officer(_ req: Request, _ body: GroupInfo) throws -> CurrentUser {
        let user = try req.requireUser()
        try G.requireEditor(body, user)
        return user
    }

    package static func id(_ req: Request, _ name: String = "id") throws -> Int64 {
        guard let id = req.parameters.get(name, as: Int64.self) else { throw Abort(.notFound) }
        return id
    }

    package static func bodyOf(_ code: String, req: Request) async throws -> GroupInfo {
        let view = try await req.registryView(at: Day.today())
        guard let body = view.groups[code] else { throw Abort(.notFound, reason: "There is no body \(code).") }
        return body
    }

    /// Re-renders a page with the errors of a refused form, or rethrows what is not a form's refusal.
    package static func refused(_ error: any Error, _ render: (Errors, HTTPStatus) async throws -> Response)
        async throws -> Response
    {
        guard let list = FieldProblem.formErrors(error) else { throw error }
        return try await render(
            list, (error as? FieldProblem)?.status ?? (error as? FieldProblems)?.all.first?.status ?? .badRequest)
    }

    package typealias Form = GovernanceForm

}
