import ConsortCore

/// Who may do what, in one place. The rules follow PRODUCT.md's roles: administrators may do
/// everything; a consortium officer manages structure within their consortium; a federation
/// manager manages only their own federation; everyone else reads.
enum Permissions {
    /// Recording a new federation: administrators and consortium officers.
    static func canCreateFederation(_ user: CurrentUser?) -> Bool {
        guard let user else { return false }
        return user.isAdministrator || user.holds(.consortiumOfficer)
    }

    /// Editing a federation (details and members). NHS-defined groups (PCNs, CCGs, ICBs,
    /// regions) come from NHS files and are never edited by hand.
    ///
    /// - administrators: any federation;
    /// - federation managers: the federations their role is scoped to;
    /// - consortium officers: federations they recorded, and federations with a member
    ///   practice in their consortium at the date.
    static func canEdit(_ group: GroupInfo, user: CurrentUser?, view: RegistryView) -> Bool {
        guard let user, group.kind == .federation else { return false }
        if user.isAdministrator { return true }
        if user.scopes(of: .federationManager).contains(group.code) { return true }
        let consortia = Set(user.scopes(of: .consortiumOfficer))
        guard !consortia.isEmpty else { return false }
        if group.createdBy == user.username { return true }
        return view.members(of: group).contains { p in p.groups[.consortium].map(consortia.contains) ?? false }
    }

    /// Reading the audit log and import reports in full: administrators and consortium officers.
    static func canReadAudit(_ user: CurrentUser?) -> Bool {
        guard let user else { return false }
        return user.isAdministrator || user.holds(.consortiumOfficer)
    }

    // MARK: Extended access

    /// Practices whose staff the user is (practice managers and clinicians).
    static func staffPractices(_ user: CurrentUser) -> Set<String> {
        Set(user.scopes(of: .practiceManager) + user.scopes(of: .clinician))
    }

    /// Managing a federation's or network's hubs, clinicians and rotas: administrators and the
    /// group's managers.
    static func canManageAccess(_ group: String, _ user: CurrentUser?) -> Bool {
        guard let user else { return false }
        return user.isAdministrator || user.scopes(of: .federationManager).contains(group)
    }

    /// Seeing a group's extended access and hubs: its managers and administrators, and the
    /// staff of its member practices today.
    static func canViewAccess(_ group: GroupInfo, _ user: CurrentUser, _ view: RegistryView) -> Bool {
        if canManageAccess(group.code, user) { return true }
        let mine = staffPractices(user)
        return view.members(of: group).contains { mine.contains($0.code) }
    }

    /// Opening a practice's hub appointments page: administrators, the practice's staff, and the
    /// managers of a federation or network it belongs to today. What each sees is narrowed by
    /// `Hubs.appointments(of:from:visibleTo:)`.
    static func canReadAppointments(of practice: String, _ user: CurrentUser, _ view: RegistryView) -> Bool {
        if user.isAdministrator || staffPractices(user).contains(practice) { return true }
        guard let index = view.index[practice] else { return false }
        return user.scopes(of: .federationManager).contains { code in view.groups[code]?.members.contains(index) ?? false }
    }
}
