import ConsortCore
import ConsortWeb

/// Who may record and edit federations.
extension Permissions {
    /// Recording a new federation: administrators and consortium officers.
    package static func canCreateFederation(_ user: CurrentUser?) -> Bool {
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
    package static func canEdit(_ group: GroupInfo, user: CurrentUser?, view: RegistryView) -> Bool {
        guard let user, group.kind == .federation else { return false }
        if user.isAdministrator { return true }
        if user.scopes(of: .federationManager).contains(group.code) { return true }
        let consortia = Set(user.scopes(of: .consortiumOfficer))
        guard !consortia.isEmpty else { return false }
        if group.createdBy == user.username { return true }
        return view.members(of: group).contains { p in p.groups[.consortium].map(consortia.contains) ?? false }
    }
}
