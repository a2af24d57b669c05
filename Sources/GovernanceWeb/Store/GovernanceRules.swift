import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The access rules of this capability's routes (see `Access`).
extension Access {
    package static let governanceOfficer = Access("governance-officer", roles: Scope.governanceRoles) { req, user in
        let view = try await req.registryView(at: Day.today())
        let code = (req.parameters.get("code") ?? "").uppercased()
        guard let body = view.groups[code], GovernanceStore.bodyKinds.contains(body.kind) else {
            throw Abort(.notFound, reason: "There is no consortium, locality or federation \(code).")
        }
        try GovernanceStore.requireEditor(body, user)
    }

    package static let governancePerson = Access("governance-person", roles: Scope.governanceRoles) { req, user in
        let body = try await Scope.owner(req, "person", "SELECT body_code AS owner FROM gov_people WHERE id = ")
        try await Scope.requireOfficer(body, "person", req, user)
    }

    package static let governanceBoard = Access("governance-board", roles: Scope.governanceRoles) { req, user in
        let body = try await Scope.owner(req, "board", "SELECT body_code AS owner FROM gov_boards WHERE id = ")
        try await Scope.requireOfficer(body, "board", req, user)
    }

    package static let governanceMeeting = Access("governance-meeting", roles: Scope.governanceRoles) { req, user in
        let body = try await Scope.owner(
            req, "meeting",
            """
            SELECT b.body_code AS owner FROM gov_meetings m JOIN gov_boards b ON b.id = m.board_id WHERE m.id = 
            """)
        try await Scope.requireOfficer(body, "meeting", req, user)
    }

    package static let governanceItem = Access("governance-item", roles: Scope.governanceRoles) { req, user in
        let body = try await Scope.owner(
            req, "agenda item",
            """
            SELECT b.body_code AS owner FROM gov_items i JOIN gov_meetings m ON m.id = i.meeting_id JOIN gov_boards b \
            ON b.id = m.board_id
            WHERE i.id = 
            """)
        try await Scope.requireOfficer(body, "agenda item", req, user)
    }
}

extension Scope {
    /// Roles that can be a governance body's officers.
    package static let governanceRoles: Set<Role> = [.administrator, .consortiumOfficer, .federationManager]

    package static func requireOfficer(_ bodyCode: String, _ what: String, _ req: Request, _ user: CurrentUser)
        async throws
    {
        let view = try await req.registryView(at: Day.today())
        guard let body = view.groups[bodyCode], GovernanceStore.canEdit(body, user) else { throw hidden(what, req) }
    }
}
