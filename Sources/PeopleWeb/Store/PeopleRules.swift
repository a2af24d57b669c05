import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The access rules of the directory's routes (see `Access`).
extension Access {
    /// The officers who keep people: administrators, consortium officers, federation managers
    /// and practice managers, each for their own organisations.
    package static let peopleOfficer = Access("people-officer", roles: Directory.officerRoles)

    /// A person of the directory, for an officer of an organisation the person is linked to.
    package static let personManager = Access("person-manager", roles: Directory.officerRoles) { req, user in
        let id = try Scope.id(req, "person")
        guard try await Directory.canManage(id, user, req) else { throw Scope.hidden("person", req) }
    }

    /// The signed-in person's own record: any account linked to a person of the directory.
    package static let oneself = Access("oneself", roles: []) { _, user in
        guard user.personID != nil else {
            throw NotPermitted(
                description:
                    "Your account is not linked to a person in the people directory, so it has no record of its own. "
                    + "Ask your practice or federation manager to invite you, or an administrator to link your account."
            )
        }
    }

    /// An invitation's or reset's link: open to anyone, signed in or not, since the token in the
    /// path is the credential; the handler refuses a token that is unknown, used or expired
    /// (410) before showing anything.
    package static let invitationHolder = Access.link("invitation-holder")

    /// The accounts page: administrators only.
    package static let accountAdmin = Access("account-admin", roles: [.administrator])
}

extension Directory {
    package static let officerRoles: Set<Role> = [
        .administrator, .consortiumOfficer, .federationManager, .practiceManager,
    ]

    /// The organisations whose people `user` keeps; nil for administrators (everyone). A
    /// consortium officer keeps the consortium's and its localities' people.
    package static func managedCodes(_ user: CurrentUser, view: RegistryView) -> Set<String>? {
        if user.isAdministrator { return nil }
        let consortia = Set(user.scopes(of: .consortiumOfficer))
        var codes = consortia.union(user.scopes(of: .federationManager)).union(user.scopes(of: .practiceManager))
        for group in view.groups.values where group.kind == .locality {
            if let parent = group.parent, consortia.contains(parent) { codes.insert(group.code) }
        }
        return codes
    }

    /// Whether `user` keeps the person: an administrator, or an officer of an organisation that
    /// keeps them (`keepers(of:on:)`: a role there, current or past, or the register or hub list
    /// that first recorded them).
    package static func canManage(_ person: Int64, _ user: CurrentUser, _ req: Request) async throws -> Bool {
        let view = try await req.registryView(at: Day.today())
        guard let codes = managedCodes(user, view: view) else {
            return try await self.person(person, on: Store.sql(req.db)) != nil
        }
        return try await !keepers(of: person, on: Store.sql(req.db)).isDisjoint(with: codes)
    }
}
