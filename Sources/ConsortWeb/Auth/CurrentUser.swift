import ConsortCore
import Vapor

/// One role an account holds, with the practice or group it applies to.
public struct RoleGrant: Sendable, Codable, Equatable {
    public let role: Role
    public let scope: String?

    public init(role: Role, scope: String?) {
        self.role = role
        self.scope = scope
    }
}

/// The signed-in account of a request.
package struct CurrentUser: Sendable, Authenticatable {
    package let id: Int64
    package let username: String
    package let displayName: String
    package let isDemo: Bool
    package let grants: [RoleGrant]
    /// The person in the people directory the account belongs to, if linked.
    package let personID: Int64?

    package var isAdministrator: Bool { grants.contains { $0.role == .administrator } }

    package func holds(_ role: Role) -> Bool { grants.contains { $0.role == role } }

    package func scopes(of role: Role) -> [String] { grants.filter { $0.role == role }.compactMap(\.scope) }

    package var rolesDescription: String {
        grants.map { grant in grant.scope.map { "\(grant.role.label) (\($0))" } ?? grant.role.label }.joined(
            separator: ", ")
    }

    package init(
        id: Int64, username: String, displayName: String, isDemo: Bool, grants: [RoleGrant], personID: Int64? = nil
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.isDemo = isDemo
        self.grants = grants
        self.personID = personID
    }
}

/// The server-side session of a request: its id (the SHA-256 of the cookie's token), its CSRF
/// token, and the account signed in, if any.
package struct SessionInfo: Sendable {
    package let id: String
    package let csrfToken: String
    package let user: CurrentUser?

    package init(id: String, csrfToken: String, user: CurrentUser?) {
        self.id = id
        self.csrfToken = csrfToken
        self.user = user
    }
}

package struct SessionKey: StorageKey { package typealias Value = SessionInfo }
/// Set when the request authenticated with an API token rather than a session cookie.
package struct BearerKey: StorageKey { package typealias Value = Bool }
/// A session cookie to set on the response (a new session, or a cleared one).
package struct PendingCookieKey: StorageKey { package typealias Value = HTTPCookies.Value }

extension Request {
    package var session_: SessionInfo? { storage[SessionKey.self] }
    package var currentUser: CurrentUser? { auth.get(CurrentUser.self) }
    package var isBearerAuthenticated: Bool { storage[BearerKey.self] ?? false }
    package var isAPI: Bool { url.path.hasPrefix("/api/") }

    /// The signed-in user, or an error that sends a browser to the sign-in page and an API
    /// client a 401.
    package func requireUser() throws -> CurrentUser {
        guard let user = currentUser else { throw SignInRequired(next: url.string) }
        return user
    }
}

/// Thrown where an anonymous visitor needs to sign in; the error middleware redirects pages
/// to `/login?next=…` and answers API calls with 401.
package struct SignInRequired: Error {
    package let next: String

    package init(next: String) {
        self.next = next
    }
}

/// Thrown where a signed-in account lacks the role or scope an action needs.
package struct NotPermitted: Error, CustomStringConvertible {
    package let description: String

    package init(description: String) {
        self.description = description
    }
}
