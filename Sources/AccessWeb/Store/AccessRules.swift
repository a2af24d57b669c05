import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The access rules of this capability's routes (see `Access`).
extension Access {
    package static let hubCreator = Access("hub-creator", roles: [.administrator, .federationManager])

    package static let groupAccess = Access("group-access", roles: Scope.accessRoles) { req, user in
        let (group, view) = try await Scope.accessGroup(req)
        guard Permissions.canViewAccess(group, user, view) else {
            throw NotPermitted(
                description:
                    "Extended access for \(group.name) is for its managers and the staff of its member practices.")
        }
    }

    package static let groupAccessManager = Access("group-access-manager", roles: [.administrator, .federationManager])
    { req, user in
        let (group, _) = try await Scope.accessGroup(req)
        guard Permissions.canManageAccess(group.code, user) else {
            throw NotPermitted(
                description: "Only administrators and the managers of \(group.name) can change its extended access.")
        }
    }

    package static let practiceAppointments = Access("practice-appointments", roles: Scope.accessRoles) { req, user in
        let (index, view) = try await Scope.practice(req)
        guard Permissions.canReadAppointments(of: view.practices[index].code, user, view) else {
            throw NotPermitted(
                description:
                    "A practice's hub appointments are for its own staff, its hubs' managers and administrators.")
        }
    }

    package static let hubViewer = Access("hub-viewer", roles: Scope.accessRoles) { req, user in
        let group = try await Scope.owner(req, "hub", "SELECT group_code AS owner FROM hubs WHERE id = ")
        let view = try await req.registryView(at: Day.today())
        guard let info = view.groups[group], Permissions.canViewAccess(info, user, view) else {
            throw Scope.hidden("hub", req)
        }
    }

    package static let hubManager = Access("hub-manager", roles: [.administrator, .federationManager]) { req, user in
        let group = try await Scope.owner(req, "hub", "SELECT group_code AS owner FROM hubs WHERE id = ")
        guard Permissions.canManageAccess(group, user) else { throw Scope.hidden("hub", req) }
    }

    package static let slotBooker = Access("slot-booker", roles: Scope.accessRoles) { req, user in
        struct Row: Decodable {
            package let groupCode: String
            package let day: String
        }
        let id = try Scope.id(req, "appointment slot")
        guard
            let row = try await Store.sql(req.db).raw(
                """
                SELECT h.group_code, s.day FROM hub_slots s JOIN hubs h ON h.id = s.hub_id WHERE s.id = \(bind: id)
                """
            ).first(decoding: Row.self, with: snakeCaseRows)
        else { throw Scope.hidden("appointment slot", req) }
        if Permissions.canManageAccess(row.groupCode, user) { return }
        let view = try await req.registryView(at: Day(iso: row.day) ?? Day.today())
        let mine = Permissions.staffPractices(user)
        guard let group = view.groups[row.groupCode],
            view.members(of: group).contains(where: { mine.contains($0.code) })
        else {
            throw Scope.hidden("appointment slot", req)
        }
    }

    package static let bookingEditor = Access("booking-editor", roles: Scope.accessRoles) { req, user in
        struct Row: Decodable {
            package let practiceCode: String
            package let groupCode: String
        }
        let id = try Scope.id(req, "booking")
        guard
            let row = try await Store.sql(req.db).raw(
                """
                SELECT b.practice_code, h.group_code FROM hub_bookings b JOIN hub_slots s ON s.id = b.slot_id JOIN \
                hubs h ON h.id = s.hub_id
                WHERE b.id = \(bind: id)
                """
            ).first(decoding: Row.self, with: snakeCaseRows),
            Hubs.canBook(for: row.practiceCode, hubGroup: row.groupCode, user)
        else { throw Scope.hidden("booking", req) }
    }

    package static let rotaManager = Access("rota-manager", roles: [.administrator, .federationManager]) { req, user in
        let group = try await Scope.owner(req, "rota", "SELECT group_code AS owner FROM rotas WHERE id = ")
        guard Permissions.canManageAccess(group, user) else { throw Scope.hidden("rota", req) }
    }
}

extension Scope {
    /// Roles that can see some extended access: group managers and practice staff.
    package static let accessRoles: Set<Role> = [.administrator, .federationManager, .practiceManager, .clinician]

    /// The federation or network named by `:code` today.
    package static func accessGroup(_ req: Request) async throws -> (GroupInfo, RegistryView) {
        let (group, view) = try await group(req)
        guard group.kind == .federation || group.kind == .network else {
            throw Abort(.notFound, reason: "There is no federation or network \(group.code).")
        }
        return (group, view)
    }
}
