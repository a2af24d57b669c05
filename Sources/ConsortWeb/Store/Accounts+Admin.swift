import ConsortCore
import Fluent
import Foundation
import SQLKit
import Vapor

extension Accounts {
    /// An account as the accounts page lists it.
    package struct AdminRow: Decodable, Sendable {
        package let id: Int64
        package let username: String
        package let displayName: String
        package let isDemo: Bool
        package let disabled: Bool
        package let personId: Int64?
        package let createdAt: String
    }

    package static func adminRows(limit: Int, offset: Int, search: String, on db: any SQLDatabase) async throws -> (
        rows: [AdminRow], total: Int
    ) {
        let pattern = "%" + search.lowercased().filter { $0 != "%" && $0 != "_" } + "%"
        struct N: Decodable { let n: Int }
        let total =
            try await db.raw(
                "SELECT COUNT(*) AS n FROM users WHERE LOWER(username) LIKE \(bind: pattern) OR LOWER(display_name) "
                    + "LIKE \(bind: pattern)"
            ).first(decoding: N.self)?.n ?? 0
        let rows = try await db.raw(
            """
            SELECT id, username, display_name, is_demo, disabled, person_id, created_at FROM users \
            WHERE LOWER(username) LIKE \(bind: pattern) OR LOWER(display_name) LIKE \(bind: pattern) \
            ORDER BY username LIMIT \(bind: limit) OFFSET \(bind: offset)
            """
        ).all(decoding: AdminRow.self, with: snakeCaseRows)
        return (rows, total)
    }

    package static func adminRow(_ id: Int64, on db: any SQLDatabase) async throws -> AdminRow? {
        try await db.raw(
            "SELECT id, username, display_name, is_demo, disabled, person_id, created_at FROM users WHERE "
                + "id = \(bind: id)"
        ).first(decoding: AdminRow.self, with: snakeCaseRows)
    }

    /// Disables an account (ending its sessions, its API tokens' use and its open links to set a
    /// password) or enables it again.
    package static func setDisabled(_ id: Int64, _ disabled: Bool, actor: String, on database: any Database)
        async throws
    {
        try await Store.write(database) { db in
            guard let row = try await adminRow(id, on: db) else {
                throw Problem(description: "there is no account \(id)")
            }
            try await db.raw("UPDATE users SET disabled = \(bind: disabled) WHERE id = \(bind: id)").run()
            if disabled {
                try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: id)").run()
                try await db.raw(
                    "UPDATE invitations SET revoked = \(bind: true) WHERE user_id = \(bind: id) AND used_at IS NULL"
                ).run()
            }
            try await AuditLog.append(
                on: db, actor: AuditLog.Actor(description: actor), action: disabled ? "user.disable" : "user.enable",
                entity: "user", entityID: row.username, before: ["disabled": row.disabled],
                after: ["disabled": disabled])
        }
    }

    /// Gives an account a role (checked against the registry) or takes one away; an account
    /// keeps at least one role. Its sessions end, so the change applies at once.
    package static func changeGrant(
        _ id: Int64, _ grant: RoleGrant, add: Bool, actor: String, on database: any Database
    ) async throws {
        try await Store.write(database) { db in
            guard let row = try await adminRow(id, on: db) else {
                throw Problem(description: "there is no account \(id)")
            }
            let before = try await grants(of: id, on: db)
            if add {
                try await validate(role: grant.role, scope: grant.scope, on: db)
                guard !before.contains(grant) else { throw Problem(description: "the account already has that role") }
                try await db.raw(
                    "INSERT INTO role_assignments (user_id, role, scope_code) VALUES (\(bind: id), "
                        + "\(bind: grant.role.rawValue), \(bind: grant.scope))"
                ).run()
            } else {
                guard before.contains(grant) else { throw Problem(description: "the account does not have that role") }
                guard before.count > 1 else {
                    throw Problem(description: "an account keeps at least one role; disable it instead")
                }
                let scope: SQLQueryString = grant.scope.map { "scope_code = \(bind: $0)" } ?? "scope_code IS NULL"
                try await db.raw(
                    "DELETE FROM role_assignments WHERE user_id = \(bind: id) AND role = \(bind: grant.role.rawValue) "
                        + "AND \(scope)"
                ).run()
            }
            try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: id)").run()
            try await AuditLog.append(
                on: db, actor: AuditLog.Actor(description: actor), action: add ? "user.grant" : "user.revoke",
                entity: "user", entityID: row.username, before: ["roles": before],
                after: ["roles": try await grants(of: id, on: db)])
        }
    }

    /// Links an account to a person of the directory (or unlinks it with nil).
    package static func link(_ id: Int64, person: Int64?, actor: String, on database: any Database) async throws {
        try await Store.write(database) { db in
            guard let row = try await adminRow(id, on: db) else {
                throw Problem(description: "there is no account \(id)")
            }
            if let person {
                guard try await db.raw("SELECT id FROM people WHERE id = \(bind: person)").first() != nil else {
                    throw Problem(description: "there is no person \(person) in the directory")
                }
                struct Name: Decodable { let username: String }
                if let other = try await db.raw("SELECT username FROM users WHERE person_id = \(bind: person)").first(
                    decoding: Name.self), other.username != row.username
                {
                    throw Problem(description: "person \(person) already has the account \(other.username)")
                }
            }
            try await db.raw("UPDATE users SET person_id = \(bind: person) WHERE id = \(bind: id)").run()
            try await AuditLog.append(
                on: db, actor: AuditLog.Actor(description: actor), action: "user.link", entity: "user",
                entityID: row.username, before: ["person": row.personId.map(String.init) ?? ""],
                after: ["person": person.map(String.init) ?? ""])
        }
    }
}
