import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The access rules of this capability's routes (see `Access`).
extension Access {
    package static let planner = Access("planner", roles: Plans.plannerRoles)

    package static let planEditor = Access("plan-editor", roles: Plans.plannerRoles) { req, user in
        let creator = try await Scope.owner(req, "plan", "SELECT created_by AS owner FROM plans WHERE id = ")
        guard user.isAdministrator || creator == user.username else { throw Scope.hidden("plan", req) }
    }
}
