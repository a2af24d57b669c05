import ConsortCore
import SQLKit
import Vapor

/// The access rules of Consort's routes beyond "anyone", "signed in" and "staff". Each rule
/// about an object reads the object's scope with one query and checks it against the caller's
/// scopes before the handler runs. Private objects (hubs, slots, bookings, rotas, governance
/// people, meetings and items, plans, invitations) answer 404 to a caller who may not see them,
/// exactly as when they do not exist.
extension Access {
    // MARK: Roles

    static let auditReader = Access("audit-reader", roles: [.administrator, .consortiumOfficer])
    static let federationCreator = Access("federation-creator", roles: [.administrator, .consortiumOfficer])
    static let planner = Access("planner", roles: Plans.plannerRoles)
    static let hubCreator = Access("hub-creator", roles: [.administrator, .federationManager])

    // MARK: Registry objects named by `:code`

    /// Editing a federation: see `Permissions.canEdit`.
    static let federationEditor = Access("federation-editor", roles: [.administrator, .federationManager, .consortiumOfficer]) { req, user in
        let (group, view) = try await Scope.group(req)
        guard group.kind == .federation else {
            throw NotPermitted(description: "\(group.name) is a \(group.kind.singular.lowercased()): NHS groups come from NHS Digital's files and change only by importing them.")
        }
        guard Permissions.canEdit(group, user: user, view: view) else {
            throw NotPermitted(description: "You cannot edit \(group.name). Its federation managers, the consortium officers of its members' consortia and administrators can.")
        }
    }

    /// A federation's or network's extended access: its managers and its member practices' staff.
    static let groupAccess = Access("group-access", roles: Scope.accessRoles) { req, user in
        let (group, view) = try await Scope.accessGroup(req)
        guard Permissions.canViewAccess(group, user, view) else {
            throw NotPermitted(description: "Extended access for \(group.name) is for its managers and the staff of its member practices.")
        }
    }

    /// Changing a federation's or network's extended access: its managers.
    static let groupAccessManager = Access("group-access-manager", roles: [.administrator, .federationManager]) { req, user in
        let (group, _) = try await Scope.accessGroup(req)
        guard Permissions.canManageAccess(group.code, user) else {
            throw NotPermitted(description: "Only administrators and the managers of \(group.name) can change its extended access.")
        }
    }

    /// A practice's patients' hub appointments: its own staff, administrators, and the managers
    /// of a federation or network it belongs to (who see only their own hubs' bookings).
    static let practiceAppointments = Access("practice-appointments", roles: Scope.accessRoles) { req, user in
        let (index, view) = try await Scope.practice(req)
        guard Permissions.canReadAppointments(of: view.practices[index].code, user, view) else {
            throw NotPermitted(description: "A practice's hub appointments are for its own staff, its hubs' managers and administrators.")
        }
    }

    /// A practice's own business (its invitations to join federations): its practice managers.
    static let practiceManager = Access("practice-manager", roles: [.administrator, .practiceManager]) { req, user in
        let (index, view) = try await Scope.practice(req)
        let code = view.practices[index].code
        guard user.isAdministrator || user.scopes(of: .practiceManager).contains(code) else {
            throw NotPermitted(description: "This is for \(view.practices[index].name)'s practice managers.")
        }
    }

    /// Changing a consortium's, locality's or federation's governance: its officers.
    static let governanceOfficer = Access("governance-officer", roles: Scope.governanceRoles) { req, user in
        let view = try await req.registryView(at: Day.today())
        let code = (req.parameters.get("code") ?? "").uppercased()
        guard let body = view.groups[code], GovernanceStore.bodyKinds.contains(body.kind) else {
            throw Abort(.notFound, reason: "There is no consortium, locality or federation \(code).")
        }
        try GovernanceStore.requireEditor(body, user)
    }

    // MARK: Private objects named by `:id`

    static let hubViewer = Access("hub-viewer", roles: Scope.accessRoles) { req, user in
        let group = try await Scope.owner(req, "hub", "SELECT group_code AS owner FROM hubs WHERE id = ")
        let view = try await req.registryView(at: Day.today())
        guard let info = view.groups[group], Permissions.canViewAccess(info, user, view) else { throw Scope.hidden("hub", req) }
    }

    static let hubManager = Access("hub-manager", roles: [.administrator, .federationManager]) { req, user in
        let group = try await Scope.owner(req, "hub", "SELECT group_code AS owner FROM hubs WHERE id = ")
        guard Permissions.canManageAccess(group, user) else { throw Scope.hidden("hub", req) }
    }

    /// Booking into a slot: the hub's managers and the staff of its group's member practices on
    /// the slot's day.
    static let slotBooker = Access("slot-booker", roles: Scope.accessRoles) { req, user in
        struct Row: Decodable { let groupCode: String; let day: String }
        let id = try Scope.id(req, "appointment slot")
        guard let row = try await Store.sql(req.db).raw("""
            SELECT h.group_code, s.day FROM hub_slots s JOIN hubs h ON h.id = s.hub_id WHERE s.id = \(bind: id)
            """).first(decoding: Row.self, with: snakeCaseRows) else { throw Scope.hidden("appointment slot", req) }
        if Permissions.canManageAccess(row.groupCode, user) { return }
        let view = try await req.registryView(at: Day(iso: row.day) ?? Day.today())
        let mine = Permissions.staffPractices(user)
        guard let group = view.groups[row.groupCode], view.members(of: group).contains(where: { mine.contains($0.code) }) else {
            throw Scope.hidden("appointment slot", req)
        }
    }

    /// Changing a booking: the booking practice's staff and the hub's managers.
    static let bookingEditor = Access("booking-editor", roles: Scope.accessRoles) { req, user in
        struct Row: Decodable { let practiceCode: String; let groupCode: String }
        let id = try Scope.id(req, "booking")
        guard let row = try await Store.sql(req.db).raw("""
            SELECT b.practice_code, h.group_code FROM hub_bookings b JOIN hub_slots s ON s.id = b.slot_id JOIN hubs h ON h.id = s.hub_id
            WHERE b.id = \(bind: id)
            """).first(decoding: Row.self, with: snakeCaseRows),
            Hubs.canBook(for: row.practiceCode, hubGroup: row.groupCode, user) else { throw Scope.hidden("booking", req) }
    }

    static let rotaManager = Access("rota-manager", roles: [.administrator, .federationManager]) { req, user in
        let group = try await Scope.owner(req, "rota", "SELECT group_code AS owner FROM rotas WHERE id = ")
        guard Permissions.canManageAccess(group, user) else { throw Scope.hidden("rota", req) }
    }

    static let governancePerson = Access("governance-person", roles: Scope.governanceRoles) { req, user in
        let body = try await Scope.owner(req, "person", "SELECT body_code AS owner FROM gov_people WHERE id = ")
        try await Scope.requireOfficer(body, "person", req, user)
    }

    static let governanceBoard = Access("governance-board", roles: Scope.governanceRoles) { req, user in
        let body = try await Scope.owner(req, "board", "SELECT body_code AS owner FROM gov_boards WHERE id = ")
        try await Scope.requireOfficer(body, "board", req, user)
    }

    static let governanceMeeting = Access("governance-meeting", roles: Scope.governanceRoles) { req, user in
        let body = try await Scope.owner(req, "meeting", """
            SELECT b.body_code AS owner FROM gov_meetings m JOIN gov_boards b ON b.id = m.board_id WHERE m.id = 
            """)
        try await Scope.requireOfficer(body, "meeting", req, user)
    }

    static let governanceItem = Access("governance-item", roles: Scope.governanceRoles) { req, user in
        let body = try await Scope.owner(req, "agenda item", """
            SELECT b.body_code AS owner FROM gov_items i JOIN gov_meetings m ON m.id = i.meeting_id JOIN gov_boards b ON b.id = m.board_id
            WHERE i.id = 
            """)
        try await Scope.requireOfficer(body, "agenda item", req, user)
    }

    /// Changing a plan: the person who made it and administrators.
    static let planEditor = Access("plan-editor", roles: Plans.plannerRoles) { req, user in
        let creator = try await Scope.owner(req, "plan", "SELECT created_by AS owner FROM plans WHERE id = ")
        guard user.isAdministrator || creator == user.username else { throw Scope.hidden("plan", req) }
    }
}

/// Reading the scope of the object a request names.
enum Scope {
    /// Roles that can see some extended access: group managers and practice staff.
    static let accessRoles: Set<Role> = [.administrator, .federationManager, .practiceManager, .clinician]
    /// Roles that can be a governance body's officers.
    static let governanceRoles: Set<Role> = [.administrator, .consortiumOfficer, .federationManager]

    static func id(_ req: Request, _ what: String) throws -> Int64 {
        guard let id = req.parameters.get("id", as: Int64.self) else { throw hidden(what, req) }
        return id
    }

    /// The same answer for an object that does not exist and one the caller may not see.
    static func hidden(_ what: String, _ req: Request) -> Abort {
        Abort(.notFound, reason: "There is no \(what) \(req.parameters.get("id") ?? "") that you can see.")
    }

    /// The owner column of the object named by `:id`, read by `query` (which ends where the id is bound).
    static func owner(_ req: Request, _ what: String, _ query: String) async throws -> String {
        struct Row: Decodable { let owner: String }
        let id = try id(req, what)
        guard let row = try await Store.sql(req.db).raw(SQLQueryString(query) + "\(bind: id)").first(decoding: Row.self) else {
            throw hidden(what, req)
        }
        return row.owner
    }

    static func requireOfficer(_ bodyCode: String, _ what: String, _ req: Request, _ user: CurrentUser) async throws {
        let view = try await req.registryView(at: Day.today())
        guard let body = view.groups[bodyCode], GovernanceStore.canEdit(body, user) else { throw hidden(what, req) }
    }

    /// The group named by `:code` today.
    static func group(_ req: Request) async throws -> (GroupInfo, RegistryView) {
        let view = try await req.registryView(at: Day.today())
        let code = (req.parameters.get("code") ?? "").uppercased()
        guard let group = view.groups[code] else { throw Abort(.notFound, reason: "There is no group with the code \(code).") }
        return (group, view)
    }

    /// The federation or network named by `:code` today.
    static func accessGroup(_ req: Request) async throws -> (GroupInfo, RegistryView) {
        let (group, view) = try await group(req)
        guard group.kind == .federation || group.kind == .network else {
            throw Abort(.notFound, reason: "There is no federation or network \(group.code).")
        }
        return (group, view)
    }

    /// The practice named by `:code` today, as an index into the view.
    static func practice(_ req: Request) async throws -> (Int, RegistryView) {
        let view = try await req.registryView(at: Day.today())
        let code = (req.parameters.get("code") ?? "").uppercased()
        guard let index = view.index[code] else { throw Abort(.notFound, reason: "There is no practice \(code).") }
        return (index, view)
    }
}
