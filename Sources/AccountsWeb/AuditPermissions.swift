import ConsortCore
import ConsortWeb

extension Permissions {
    /// Reading the audit log and import reports in full: administrators and consortium officers.
    package static func canReadAudit(_ user: CurrentUser?) -> Bool {
        guard let user else { return false }
        return user.isAdministrator || user.holds(.consortiumOfficer)
    }
}
