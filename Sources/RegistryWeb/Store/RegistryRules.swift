import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The access rules of this capability's routes (see `Access`).
extension Access {
    /// Bringing in NHS files from the browser: administrators, as with `consort import`.
    package static let registryImporter = Access("registry-importer", roles: [.administrator])

    package static let federationCreator = Access("federation-creator", roles: [.administrator, .consortiumOfficer])

    package static let federationEditor = Access(
        "federation-editor", roles: [.administrator, .federationManager, .consortiumOfficer]
    ) { req, user in
        let (group, view) = try await Scope.group(req)
        try Federations.requireEditable(group, user: user, view: view)
    }

    package static let practiceManager = Access("practice-manager", roles: [.administrator, .practiceManager]) {
        req, user in
        let (index, view) = try await Scope.practice(req)
        let code = view.practices[index].code
        guard user.isAdministrator || user.scopes(of: .practiceManager).contains(code) else {
            throw NotPermitted(description: "This is for \(view.practices[index].name)'s practice managers.")
        }
    }
}
