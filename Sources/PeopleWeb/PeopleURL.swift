import ConsortWeb

/// The people directory's paths, the signed-in person's own pages and the accounts page.
package enum PeopleURL: SitePath {
    package enum PersonAction: String, CaseIterable, Sendable {
        case details, roles
        case endRole = "end-role"
        case credentials
        case removeCredential = "remove-credential"
        case invite
    }
    package enum MeAction: String, CaseIterable, Sendable {
        case details, credentials
        case removeCredential = "remove-credential"
    }
    package enum AccountAction: String, CaseIterable, Sendable {
        case disable, enable, grant, revoke, reset, link
    }

    case people
    case importPeople
    case person(Param<Int64>)
    case personAction(Param<Int64>, PersonAction)
    case invitation(Param<String>)
    case me
    case meAction(MeAction)
    case notifications
    case notificationsRead
    case accounts
    case account(Param<Int64>)
    case accountAction(Param<Int64>, AccountAction)

    package var parts: [PathPart] {
        switch self {
        case .people: return ["people"]
        case .person(let id): return ["people", .param("id", id)]
        case .personAction(let id, let a): return ["people", .param("id", id), PathPart(stringLiteral: a.rawValue)]
        case .invitation(let token): return ["invitations", .param("token", token)]
        case .importPeople: return ["people", "import"]
        case .me: return ["me"]
        case .meAction(let a): return ["me", PathPart(stringLiteral: a.rawValue)]
        case .notifications: return ["me", "notifications"]
        case .notificationsRead: return ["me", "notifications", "read"]
        case .accounts: return ["admin", "accounts"]
        case .account(let id): return ["admin", "accounts", .param("id", id)]
        case .accountAction(let id, let a):
            return ["admin", "accounts", .param("id", id), PathPart(stringLiteral: a.rawValue)]
        }
    }

    /// An invitation's link with the outbox's placeholder for its token (filled when the email is sent).
    package static let invitationLink = "/invitations/{secret}"

    /// The API paths, under `/api/v1`.
    package enum API: SitePath {
        case people
        case person(Param<Int64>)
        case me

        package var parts: [PathPart] {
            switch self {
            case .people: return ["api", "v1", "people"]
            case .person(let id): return ["api", "v1", "people", .param("id", id)]
            case .me: return ["api", "v1", "me", "person"]
            }
        }
    }
}
