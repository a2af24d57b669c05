import ConsortCore
import ConsortWeb

/// Who may see and run extended access.
extension Permissions {
    /// Managing a federation's or network's hubs, clinicians and rotas: administrators and the
    /// group's managers.
    package static func canManageAccess(_ group: String, _ user: CurrentUser?) -> Bool {
        guard let user else { return false }
        return user.isAdministrator || user.scopes(of: .federationManager).contains(group)
    }

    /// Seeing a group's extended access and hubs: its managers and administrators, and the
    /// staff of its member practices today.
    package static func canViewAccess(_ group: GroupInfo, _ user: CurrentUser, _ view: RegistryView) -> Bool {
        if canManageAccess(group.code, user) { return true }
        let mine = staffPractices(user)
        return view.members(of: group).contains { mine.contains($0.code) }
    }

    /// Opening a practice's hub appointments page: administrators, the practice's staff, and the
    /// managers of a federation or network it belongs to today. What each sees is narrowed by
    /// `Hubs.appointments(of:from:visibleTo:)`.
    package static func canReadAppointments(of practice: String, _ user: CurrentUser, _ view: RegistryView) -> Bool {
        if user.isAdministrator || staffPractices(user).contains(practice) { return true }
        guard let index = view.index[practice] else { return false }
        return user.scopes(of: .federationManager).contains { code in
            view.groups[code]?.members.contains(index) ?? false
        }
    }
}
