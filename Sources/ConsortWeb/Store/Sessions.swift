import Foundation
import SQLKit
import Vapor

/// Server-side sessions in the database, so that any application instance sharing the
/// database serves any request. The cookie holds a random token; the table holds its digest.
package enum Sessions {
    package static let cookieName = "consort_session"

    package struct Row: Decodable {
        package let id: String
        package let userId: Int64?
        package let csrfToken: String
        package let expiresAt: Int64

        package init(id: String, userId: Int64?, csrfToken: String, expiresAt: Int64) {
            self.id = id
            self.userId = userId
            self.csrfToken = csrfToken
            self.expiresAt = expiresAt
        }
    }

    package static func create(userID: Int64?, lifetime: TimeInterval, on db: any SQLDatabase, now: Date = Date())
        async throws -> (token: String, info: SessionInfo)
    {
        let token = Tokens.random()
        let id = Tokens.digest(token)
        let csrf = Tokens.random()
        let created = Int64(now.timeIntervalSince1970)
        try await db.raw(
            """
            INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at)
            VALUES (\(bind: id), \(bind: userID), \(bind: csrf), \(bind: created), \(bind: created + Int64(lifetime)))
            """
        ).run()
        let user = try await userID.mapAsync { try await Accounts.user(id: $0, on: db) } ?? nil
        return (token, SessionInfo(id: id, csrfToken: csrf, user: user))
    }

    package static func find(token: String, lifetime: TimeInterval, on db: any SQLDatabase, now: Date = Date())
        async throws -> SessionInfo?
    {
        let id = Tokens.digest(token)
        let nowSeconds = Int64(now.timeIntervalSince1970)
        guard
            let row = try await db.raw(
                "SELECT id, user_id, csrf_token, expires_at FROM sessions WHERE id = \(bind: id) AND expires_at > "
                    + "\(bind: nowSeconds)"
            )
            .first(decoding: Row.self, with: snakeCaseRows)
        else { return nil }
        // Sliding expiry, written at most once a minute per session.
        let renewed = nowSeconds + Int64(lifetime)
        if renewed - row.expiresAt > 60 {
            try await db.raw("UPDATE sessions SET expires_at = \(bind: renewed) WHERE id = \(bind: id)").run()
        }
        var user: CurrentUser?
        if let userID = row.userId {
            user = try await Accounts.user(id: userID, on: db)
            if user == nil { return nil }  // account disabled or removed
        }
        return SessionInfo(id: row.id, csrfToken: row.csrfToken, user: user)
    }

    package static func delete(id: String, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM sessions WHERE id = \(bind: id)").run()
    }

    package static func deleteExpired(on db: any SQLDatabase, now: Date = Date()) async throws {
        try await db.raw("DELETE FROM sessions WHERE expires_at <= \(bind: Int64(now.timeIntervalSince1970))").run()
    }

    package static func cookie(token: String, lifetime: TimeInterval, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, maxAge: Int(lifetime), path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    package static func expiredCookie(secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: secure,
            isHTTPOnly: true, sameSite: .lax)
    }
}

extension Optional {
    package func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .none: return nil
        case .some(let value): return try await transform(value)
        }
    }
}

/// Failed sign-in attempts, counted in the database so that the limit holds across instances:
/// at most 5 failures per account and 30 per client address in 15 minutes.
package enum LoginThrottle {
    package static let window: Int64 = 15 * 60
    package static let perAccount = 5
    package static let perAddress = 30

    /// Seconds until another attempt is allowed, or nil when one is allowed now.
    package static func retryAfter(username: String, address: String, on db: any SQLDatabase, now: Date = Date())
        async throws -> Int64?
    {
        let nowSeconds = Int64(now.timeIntervalSince1970)
        struct Row: Decodable {
            package let n: Int
            package let first: Int64?
        }
        for (key, limit) in [("user:\(username)", perAccount), ("ip:\(address)", perAddress)] {
            let row = try await db.raw(
                """
                SELECT COUNT(*) AS n, MIN(attempted_at) AS first FROM login_attempts
                WHERE attempt_key = \(bind: key) AND attempted_at > \(bind: nowSeconds - window)
                """
            ).first(decoding: Row.self)
            if let row, row.n >= limit { return max(1, (row.first ?? nowSeconds) + window - nowSeconds) }
        }
        return nil
    }

    package static func recordFailure(username: String, address: String, on db: any SQLDatabase, now: Date = Date())
        async throws
    {
        let nowSeconds = Int64(now.timeIntervalSince1970)
        try await db.raw(
            """
            INSERT INTO login_attempts (attempt_key, attempted_at)
            VALUES (\(bind: "user:\(username)"), \(bind: nowSeconds)), (\(bind: "ip:\(address)"), \(bind: nowSeconds))
            """
        ).run()
        try await db.raw("DELETE FROM login_attempts WHERE attempted_at <= \(bind: nowSeconds - window)").run()
    }

    package static func clear(username: String, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM login_attempts WHERE attempt_key = \(bind: "user:\(username)")").run()
    }
}
