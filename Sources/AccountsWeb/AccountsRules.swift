import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The access rules of this capability's routes (see `Access`).
extension Access {
    package static let auditReader = Access("audit-reader", roles: [.administrator, .consortiumOfficer])
}
