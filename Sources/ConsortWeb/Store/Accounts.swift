import ConsortCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Accounts, roles, sessions and API tokens in the database.
public enum Accounts {
    public struct Problem: Error, CustomStringConvertible {
        public let description: String

        package init(description: String) {
            self.description = description
        }
    }

    package struct UserRow: Decodable, Sendable {
        package let id: Int64
        package let username: String
        package let displayName: String
        package let passwordHash: String
        package let isDemo: Bool
        package let disabled: Bool
        package let personId: Int64?

        package init(
            id: Int64, username: String, displayName: String, passwordHash: String, isDemo: Bool, disabled: Bool,
            personId: Int64? = nil
        ) {
            self.id = id
            self.username = username
            self.displayName = displayName
            self.passwordHash = passwordHash
            self.isDemo = isDemo
            self.disabled = disabled
            self.personId = personId
        }
    }

    /// Checks a username: 3–40 characters of lower-case letters, digits, `.`, `-` and `_`.
    public static func validate(username: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_")
        guard (3...40).contains(username.count), username.allSatisfy({ allowed.contains($0) }) else {
            throw Problem(
                description:
                    "username '\(username)' must be 3 to 40 characters of lower-case letters, digits, '.', '-' and '_'")
        }
    }

    /// Checks a password against NCSC guidance: at least 12 characters, no upper limit below 128.
    public static func validate(password: String) throws {
        guard password.count >= 12 else {
            throw Problem(
                description: "the password must be at least 12 characters long (NCSC guidance favours long passphrases)"
            )
        }
        guard password.count <= 128 else {
            throw Problem(description: "the password must be at most 128 characters long")
        }
    }

    /// Checks that a role's scope names an organisation of the right kind, open or not.
    public static func validate(role: Role, scope: String?, on db: any SQLDatabase) async throws {
        if !role.needsScope {
            if scope != nil {
                throw Problem(
                    description:
                        "the \(role.label.lowercased()) role is not held for an organisation; leave out --scope")
            }
            return
        }
        let kinds = role.scopeKinds.map(\.label).joined(separator: " or ")
        guard let scope, !scope.isEmpty else {
            throw Problem(
                description: "the \(role.label.lowercased()) role is held for a \(kinds): give its code with --scope")
        }
        struct Row: Decodable { package let kind: String }
        if role.scopeKinds.contains(.practice),
            try await db.raw("SELECT code FROM practices WHERE code = \(bind: scope)").first() != nil
        {
            return
        }
        if let row = try await db.raw("SELECT kind FROM organisations WHERE code = \(bind: scope)").first(
            decoding: Row.self),
            let kind = GroupKind(rawValue: row.kind), role.scopeKinds.contains(.group(kind))
        {
            return
        }
        throw Problem(
            description: "'\(scope)' is not a \(kinds) in the registry; the \(role.label.lowercased()) role needs one")
    }

    /// Creates an account with one or more roles, recorded in the audit log. Runs in its own transaction.
    @discardableResult
    public static func create(
        username: String, displayName: String, password: String, grants: [RoleGrant],
        isDemo: Bool = false, personID: Int64? = nil, bcryptCost: Int, actor: String, on database: any Database
    ) async throws -> Int64 {
        try validate(username: username)
        try validate(password: password)
        guard !grants.isEmpty else { throw Problem(description: "an account needs at least one role") }
        let hash = try Bcrypt.hash(password, cost: bcryptCost)
        return try await Store.write(database) { db in
            try await insert(
                username: username, displayName: displayName, hash: hash, grants: grants, isDemo: isDemo,
                personID: personID, actor: actor, on: db)
        }
    }

    /// Creates an account inside the caller's transaction (see `create`).
    package static func insert(
        username: String, displayName: String, hash: String, grants: [RoleGrant], isDemo: Bool, personID: Int64?,
        actor: String, on db: any SQLDatabase
    ) async throws -> Int64 {
        for grant in grants { try await validate(role: grant.role, scope: grant.scope, on: db) }
        if try await db.raw("SELECT id FROM users WHERE username = \(bind: username)").first() != nil {
            throw Problem(description: "an account named '\(username)' already exists")
        }
        struct ID: Decodable { package let id: Int64 }
        guard
            let id = try await db.raw(
                """
                INSERT INTO users (username, display_name, password_hash, is_demo, disabled, created_at, person_id)
                VALUES (\(bind: username), \(bind: displayName), \(bind: hash), \(bind: isDemo), \(bind: false), \
                \(bind: AuditChain.timestamp()), \(bind: personID))
                RETURNING id
                """
            ).first(decoding: ID.self)?.id
        else { throw Problem(description: "the account could not be created") }
        for grant in grants {
            try await db.raw(
                "INSERT INTO role_assignments (user_id, role, scope_code) VALUES (\(bind: id), "
                    + "\(bind: grant.role.rawValue), \(bind: grant.scope))"
            ).run()
        }
        struct After: Encodable {
            package let username: String
            package let displayName: String
            package let isDemo: Bool
            package let roles: [RoleGrant]
        }
        try await AuditLog.append(
            on: db, actor: AuditLog.Actor(description: actor), action: "user.create", entity: "user",
            entityID: username,
            after: After(username: username, displayName: displayName, isDemo: isDemo, roles: grants))
        return id
    }

    /// Sets a new password (and enables the account), recorded in the audit log without the password.
    public static func setPassword(
        username: String, password: String, bcryptCost: Int, actor: String, on database: any Database
    ) async throws {
        try validate(password: password)
        let hash = try Bcrypt.hash(password, cost: bcryptCost)
        try await Store.write(database) { db in
            guard try await db.raw("SELECT id FROM users WHERE username = \(bind: username)").first() != nil else {
                throw Problem(description: "there is no account named '\(username)'")
            }
            try await db.raw(
                "UPDATE users SET password_hash = \(bind: hash), disabled = \(bind: false) WHERE username = "
                    + "\(bind: username)"
            ).run()
            // Every session of the account ends: a changed password must lock out whoever held the old one.
            try await db.raw(
                "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = \(bind: username))"
            ).run()
            try await AuditLog.append(
                on: db, actor: AuditLog.Actor(description: actor), action: "user.password", entity: "user",
                entityID: username, after: ["password": "changed"])
        }
    }

    public struct Listing: Sendable, Codable {
        public let username: String
        public let displayName: String
        public let isDemo: Bool
        public let disabled: Bool
        public let roles: [RoleGrant]

        package init(username: String, displayName: String, isDemo: Bool, disabled: Bool, roles: [RoleGrant]) {
            self.username = username
            self.displayName = displayName
            self.isDemo = isDemo
            self.disabled = disabled
            self.roles = roles
        }
    }

    public static func list(on database: any Database) async throws -> [Listing] {
        let db = Store.sql(database)
        let users = try await db.raw(
            "SELECT id, username, display_name, password_hash, is_demo, disabled, person_id FROM users "
                + "ORDER BY username"
        )
        .all(decoding: UserRow.self, with: snakeCaseRows)
        var out: [Listing] = []
        for user in users {
            out.append(
                Listing(
                    username: user.username, displayName: user.displayName, isDemo: user.isDemo,
                    disabled: user.disabled, roles: try await grants(of: user.id, on: db)))
        }
        return out
    }

    package static func grants(of userID: Int64, on db: any SQLDatabase) async throws -> [RoleGrant] {
        struct Row: Decodable {
            package let role: String
            package let scopeCode: String?
        }
        return try await db.raw(
            "SELECT role, scope_code FROM role_assignments WHERE user_id = \(bind: userID) ORDER BY id"
        )
        .all(decoding: Row.self, with: snakeCaseRows)
        .compactMap { row in Role(rawValue: row.role).map { RoleGrant(role: $0, scope: row.scopeCode) } }
    }

    package static func user(id: Int64, on db: any SQLDatabase) async throws -> CurrentUser? {
        guard
            let row = try await db.raw(
                "SELECT id, username, display_name, password_hash, is_demo, disabled, person_id FROM users "
                    + "WHERE id = \(bind: id)"
            )
            .first(decoding: UserRow.self, with: snakeCaseRows), !row.disabled
        else { return nil }
        return CurrentUser(
            id: row.id, username: row.username, displayName: row.displayName, isDemo: row.isDemo,
            grants: try await grants(of: row.id, on: db), personID: row.personId)
    }

    /// Checks a username and password; nil when either is wrong or the account is disabled.
    /// Spends the same bcrypt time whether or not the account exists: an unknown username is
    /// checked against a hash of the work factor passwords are stored with (`bcryptCost`), so
    /// that response times do not reveal which usernames exist.
    package static func authenticate(
        username: String, password: String, bcryptCost: Int, on db: any SQLDatabase,
        threadPool: NIOThreadPool
    ) async throws -> CurrentUser? {
        let row = try await db.raw(
            "SELECT id, username, display_name, password_hash, is_demo, disabled, person_id FROM users "
                + "WHERE username = "
                + "\(bind: username)"
        )
        .first(decoding: UserRow.self, with: snakeCaseRows)
        let digest = try row?.passwordHash ?? dummyHash(cost: bcryptCost)
        let ok = try await threadPool.runIfActive { (try? Bcrypt.verify(password, created: digest)) ?? false }
        guard ok, let row, !row.disabled else { return nil }
        return try await user(id: row.id, on: db)
    }

    /// A bcrypt hash of a random string at `cost`, made once per cost, verified against when a
    /// username does not exist.
    public static func dummyHash(cost: Int) throws -> String {
        if let hash = dummyHashes.withLockedValue({ $0[cost] }) { return hash }
        let hash = try Bcrypt.hash(Tokens.random(), cost: cost)
        dummyHashes.withLockedValue { $0[cost] = hash }
        return hash
    }

    private static let dummyHashes = NIOLockedValueBox<[Int: String]>([:])

    // MARK: API tokens

    /// Creates an API token for an account and returns it; only its digest is stored.
    public static func createToken(username: String, label: String, actor: String, on database: any Database)
        async throws -> String
    {
        let token = Tokens.random()
        try await Store.write(database) { db in
            struct ID: Decodable { package let id: Int64 }
            guard
                let id = try await db.raw("SELECT id FROM users WHERE username = \(bind: username)").first(
                    decoding: ID.self)?.id
            else {
                throw Problem(description: "there is no account named '\(username)'")
            }
            try await db.raw(
                """
                INSERT INTO api_tokens (id, user_id, label, created_at)
                VALUES (\(bind: Tokens.digest(token)), \(bind: id), \(bind: label), \(bind: AuditChain.timestamp()))
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: AuditLog.Actor(description: actor), action: "token.create", entity: "user",
                entityID: username, after: ["label": label])
        }
        return token
    }

    package static func user(forToken token: String, on db: any SQLDatabase) async throws -> CurrentUser? {
        struct Row: Decodable { package let userId: Int64 }
        guard
            let row = try await db.raw("SELECT user_id FROM api_tokens WHERE id = \(bind: Tokens.digest(token))")
                .first(decoding: Row.self, with: snakeCaseRows)
        else { return nil }
        return try await user(id: row.userId, on: db)
    }
}
