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
struct CurrentUser: Sendable, Authenticatable {
    let id: Int64
    let username: String
    let displayName: String
    let isDemo: Bool
    let grants: [RoleGrant]

    var isAdministrator: Bool { grants.contains { $0.role == .administrator } }

    func holds(_ role: Role) -> Bool { grants.contains { $0.role == role } }

    func scopes(of role: Role) -> [String] { grants.filter { $0.role == role }.compactMap(\.scope) }

    var rolesDescription: String {
        grants.map { grant in grant.scope.map { "\(grant.role.label) (\($0))" } ?? grant.role.label }.joined(separator: ", ")
    }
}

/// The server-side session of a request: its id (the SHA-256 of the cookie's token), its CSRF
/// token, and the account signed in, if any.
struct SessionInfo: Sendable {
    let id: String
    let csrfToken: String
    let user: CurrentUser?
}

struct SessionKey: StorageKey { typealias Value = SessionInfo }
/// Set when the request authenticated with an API token rather than a session cookie.
struct BearerKey: StorageKey { typealias Value = Bool }
/// A session cookie to set on the response (a new session, or a cleared one).
struct PendingCookieKey: StorageKey { typealias Value = HTTPCookies.Value }

extension Request {
    var session_: SessionInfo? { storage[SessionKey.self] }
    var currentUser: CurrentUser? { auth.get(CurrentUser.self) }
    var isBearerAuthenticated: Bool { storage[BearerKey.self] ?? false }
    var isAPI: Bool { url.path.hasPrefix("/api/") }

    /// The signed-in user, or an error that sends a browser to the sign-in page and an API
    /// client a 401.
    func requireUser() throws -> CurrentUser {
        guard let user = currentUser else { throw SignInRequired(next: url.string) }
        return user
    }
}

/// Thrown where an anonymous visitor needs to sign in; the error middleware redirects pages
/// to `/login?next=…` and answers API calls with 401.
struct SignInRequired: Error {
    let next: String
}

/// Thrown where a signed-in account lacks the role or scope an action needs.
struct NotPermitted: Error, CustomStringConvertible {
    let description: String
}
