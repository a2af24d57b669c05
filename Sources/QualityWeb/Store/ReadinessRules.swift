import ConsortCore
import ConsortWeb
import Vapor

/// Who may see and keep inspection readiness.
extension Permissions {
    /// A practice's readiness: administrators, its staff, and the managers of a federation or
    /// network it belongs to today.
    package static func canViewReadiness(of practice: String, _ user: CurrentUser, _ view: RegistryView) -> Bool {
        if user.isAdministrator || staffPractices(user).contains(practice) { return true }
        guard let info = view.index[practice].map({ view.practices[$0] }) else { return false }
        let groups = Set(info.federations + [info.groups[.network]].compactMap { $0 })
        return user.scopes(of: .federationManager).contains(where: groups.contains)
    }

    /// A practice's own evidence and DSPT record: administrators and its practice managers only.
    package static func canEditReadiness(of practice: String, _ user: CurrentUser?) -> Bool {
        guard let user else { return false }
        return user.isAdministrator || user.scopes(of: .practiceManager).contains(practice)
    }

    /// A group's readiness matrix of its members: administrators, its managers, and the officers
    /// of a consortium for their consortium.
    package static func canViewGroupReadiness(_ group: String, _ user: CurrentUser) -> Bool {
        user.isAdministrator || user.scopes(of: .federationManager).contains(group)
            || user.scopes(of: .consortiumOfficer).contains(group)
    }

    /// A group's shared policies: administrators and its managers.
    package static func canSharePolicies(_ group: String, _ user: CurrentUser?) -> Bool {
        guard let user else { return false }
        return user.isAdministrator || user.scopes(of: .federationManager).contains(group)
    }
}

/// The access rules of the readiness routes (see `Access`).
extension Access {
    package static let readinessViewer = Access("readiness-practice", roles: Scope.readinessRoles) { req, user in
        let (index, view) = try await Scope.practice(req)
        let practice = view.practices[index]
        guard Permissions.canViewReadiness(of: practice.code, user, view) else {
            throw NotPermitted(
                description: "\(practice.name)'s inspection readiness is for its staff and its federation's managers.")
        }
    }

    package static let readinessEditor = Access("readiness-editor", roles: [.administrator, .practiceManager]) {
        req, user in
        let (index, view) = try await Scope.practice(req)
        guard Permissions.canEditReadiness(of: view.practices[index].code, user) else {
            throw NotPermitted(description: "Only \(view.practices[index].name)'s practice managers can change this.")
        }
    }

    package static let readinessGroup = Access(
        "readiness-group", roles: [.administrator, .federationManager, .consortiumOfficer]
    ) { req, user in
        let (group, _) = try await Scope.group(req)
        guard Permissions.canViewGroupReadiness(group.code, user) else {
            throw NotPermitted(description: "\(group.name)'s readiness matrix is for its managers.")
        }
    }

    package static let readinessPolicies = Access("readiness-policies", roles: [.administrator, .federationManager]) {
        req, user in
        let (group, _) = try await Scope.group(req)
        guard Permissions.canSharePolicies(group.code, user) else {
            throw NotPermitted(description: "Only \(group.name)'s managers can share policies with its practices.")
        }
    }

    package static let readinessEvidence = Access(
        "readiness-evidence", roles: [.administrator, .practiceManager, .federationManager]
    ) { req, user in
        let id = try Scope.id(req, "evidence")
        guard let (kind, code) = try await ReadinessStore.owner(of: id, on: Store.sql(req.db)),
            kind == .practice
                ? Permissions.canEditReadiness(of: code, user) : Permissions.canSharePolicies(code, user)
        else { throw Scope.hidden("evidence", req) }
    }
}

extension Scope {
    /// Everyone who may see some practice's readiness.
    package static let readinessRoles: Set<Role> = [.administrator, .practiceManager, .clinician, .federationManager]
}
