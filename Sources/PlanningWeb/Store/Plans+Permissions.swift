import Assurance
import ConsortCore
import ConsortWeb
import Foundation
import Planner
import SQLKit
import Vapor

extension Plans {
    // MARK: Permissions

    /// Running and reading plans: administrators, consortium officers, LMC officers and
    /// federation managers. Plans are working drafts, not published.
    package static let plannerRoles: Set<Role> = [.administrator, .consortiumOfficer, .lmcOfficer, .federationManager]

    package static func canPlan(_ user: CurrentUser?) -> Bool {
        guard let user else { return false }
        return plannerRoles.contains(where: user.holds)
    }

    package static func requirePlanner(_ req: Vapor.Request) throws -> CurrentUser {
        let user = try req.requireUser()
        guard canPlan(user) else {
            throw NotPermitted(
                description: "Plans are for administrators, consortium officers, LMC officers and federation managers.")
        }
        return user
    }

    /// Renaming and deleting: the plan's author and administrators.
    package static func canEdit(_ row: Row, _ user: CurrentUser?) -> Bool {
        guard let user else { return false }
        return user.isAdministrator || row.createdBy == user.username
    }

    /// Adopting: administrators; consortium officers for network and locality plans whose
    /// practices all belong to their consortia at the adoption date.
    package static func canAdopt(_ request: Request, plan: Plan, user: CurrentUser?, view: RegistryView) -> Bool {
        guard let user else { return false }
        if user.isAdministrator { return true }
        let consortia = Set(user.scopes(of: .consortiumOfficer))
        guard !consortia.isEmpty, request.level != .consortium else { return false }
        return plan.practiceCodes.allSatisfy { code in
            view.index[code].flatMap { view.practices[$0].groups[.consortium] }.map(consortia.contains) ?? false
        }
    }
}
