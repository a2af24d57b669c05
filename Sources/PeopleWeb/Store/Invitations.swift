import ConsortCore
import ConsortWeb
import Foundation
import SQLKit
import Vapor

/// Invitations to set up an account, and links to set a new password. A link is a random
/// token of 256 bits; only its SHA-256 digest is stored (the email waiting in the outbox holds
/// it sealed). It works once and for seven days.
package enum Invitations {
    package static let validDays = 7

    package enum Kind: String, Sendable { case invite, reset }

    package struct Row: Decodable, Sendable {
        package let id: Int64
        package let kind: String
        package let personId: Int64?
        package let userId: Int64?
        package let email: String?
        package let role: String?
        package let scopeCode: String?
        package let expiresAt: Int64
        package let usedAt: String?
        package let revoked: Bool
        package let createdBy: String
        package let createdAt: String

        package func isOpen(at now: Date) -> Bool {
            usedAt == nil && !revoked && Int64(now.timeIntervalSince1970) < expiresAt
        }
        package var grant: RoleGrant? {
            role.flatMap(Role.init(rawValue:)).map { RoleGrant(role: $0, scope: scopeCode) }
        }
    }

    static let columns: SQLQueryString =
        "id, kind, person_id, user_id, email, role, scope_code, expires_at, used_at, revoked, created_by, created_at"

    package static func of(person: Int64, on db: any SQLDatabase) async throws -> [Row] {
        try await db.raw("SELECT \(columns) FROM invitations WHERE person_id = \(bind: person) ORDER BY id DESC").all(
            decoding: Row.self, with: snakeCaseRows)
    }

    /// The invitation a token opens, whatever its state; nil when no invitation has its digest.
    package static func find(token: String, on db: any SQLDatabase) async throws -> Row? {
        guard token.utf8.count <= 64 else { return nil }
        return try await db.raw("SELECT \(columns) FROM invitations WHERE digest = \(bind: Tokens.digest(token))")
            .first(decoding: Row.self, with: snakeCaseRows)
    }

    /// The roles an officer may give an invited person, at the organisations they keep: the
    /// clinician role at a practice, their own role at their organisation, or self-service only
    /// (the `public` role, which opens nothing but the person's own record).
    package static func mayGrant(_ grant: RoleGrant, by user: CurrentUser, view: RegistryView) -> Bool {
        if user.isAdministrator { return true }
        if grant.role == .public { return grant.scope == nil }
        guard let scope = grant.scope, let managed = Directory.managedCodes(user, view: view),
            managed.contains(scope)
        else { return false }
        return grant.role == .clinician || user.scopes(of: grant.role).contains(scope)
    }

    /// Invites a person: an invitation row and its email in the outbox, in one transaction. The
    /// link goes only to the work email recorded for the person and is never shown to the officer:
    /// whoever holds it becomes the person, with their votes and their record. Returns the address.
    @discardableResult
    package static func invite(
        _ person: Directory.PersonRow, grant: RoleGrant, by user: CurrentUser, app: Application, now: Date = Date()
    ) async throws -> String {
        let view = try await app.registryCache.view(at: Day.today(), on: Store.sql(app.db))
        guard mayGrant(grant, by: user, view: view) else {
            throw FieldProblem(
                field: "grant",
                message:
                    "you can give the clinician role at a practice you keep, your own role there, or self-service only")
        }
        let address = (person.email ?? "").trimmingCharacters(in: .whitespaces)
        guard !address.isEmpty else {
            throw FieldProblem(
                field: "grant", message: "Record \(person.name)'s work email first: the link is emailed only there")
        }
        let token = Tokens.random()
        let expires = Int64(now.timeIntervalSince1970) + Int64(validDays * 86_400)
        try await Store.write(app.db) { db in
            do {
                try await Accounts.validate(role: grant.role, scope: grant.scope, on: db)
            } catch let problem as Accounts.Problem {
                throw FieldProblem(field: "grant", message: problem.description)
            }
            if try await Directory.account(of: person.id, on: db) != nil {
                throw FieldProblem(field: "grant", message: "\(person.name) already has an account", status: .conflict)
            }
            // An earlier link stops working when a new one is sent.
            try await db.raw(
                "UPDATE invitations SET revoked = \(bind: true) WHERE person_id = \(bind: person.id) AND "
                    + "used_at IS NULL"
            ).run()
            try await db.raw(
                """
                INSERT INTO invitations (digest, kind, person_id, email, role, scope_code, expires_at, revoked, \
                created_by, created_at)
                VALUES (\(bind: Tokens.digest(token)), \(bind: Kind.invite.rawValue), \(bind: person.id), \
                \(bind: address), \(bind: grant.role.rawValue), \(bind: grant.scope), \(bind: expires), \
                \(bind: false), \
                \(bind: user.username), \(bind: AuditChain.timestamp(now)))
                """
            ).run()
            try await Outbox.add(
                .init(
                    personID: person.id, email: address, kind: .invitation,
                    subject: "You are invited to Consort",
                    body:
                        "\(user.displayName) has invited you to Consort, where you can keep your declarations of "
                        + "interest, availability for hub sessions and credentials up to date yourself. Follow this "
                        + "link within \(validDays) days to choose a username and password (it works once):",
                    link: PeopleURL.invitationLink,
                    eventKey: "invitation:\(Tokens.digest(token))", secret: token),
                on: db, now: now)
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "person.invite", entity: "person",
                entityID: String(person.id),
                after: ["email": address, "role": grant.role.rawValue, "scope": grant.scope ?? ""])
        }
        return address
    }

    /// A link for an account's holder to set a new password; their sessions end when they do.
    package static func reset(
        user target: Int64, username: String, email: String?, by user: CurrentUser, app: Application,
        now: Date = Date()
    ) async throws -> String {
        let token = Tokens.random()
        let expires = Int64(now.timeIntervalSince1970) + Int64(validDays * 86_400)
        try await Store.write(app.db) { db in
            try await db.raw(
                "UPDATE invitations SET revoked = \(bind: true) WHERE user_id = \(bind: target) AND used_at IS NULL"
            ).run()
            try await db.raw(
                """
                INSERT INTO invitations (digest, kind, user_id, email, expires_at, revoked, created_by, created_at)
                VALUES (\(bind: Tokens.digest(token)), \(bind: Kind.reset.rawValue), \(bind: target), \
                \(bind: email), \(bind: expires), \(bind: false), \(bind: user.username), \
                \(bind: AuditChain.timestamp(now)))
                """
            ).run()
            if let email {
                try await Outbox.add(
                    .init(
                        userID: target, email: email, kind: .invitation, subject: "Set a new Consort password",
                        body:
                            "An administrator has sent you a link to set a new password for your Consort account "
                            + "\(username). It works once, within \(validDays) days:",
                        link: PeopleURL.invitationLink,
                        eventKey: "reset:\(Tokens.digest(token))", secret: token),
                    on: db, now: now)
            }
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "user.reset", entity: "user", entityID: username,
                after: ["emailed": email == nil ? "no" : "yes"])
        }
        return token
    }

    /// Uses a link: creates the invited person's account with the invitation's role, or sets the
    /// account's new password. The link's row is marked used in the same transaction, by an
    /// update only one request can win.
    package static func accept(
        token: String, username: String?, password: String, app: Application, now: Date = Date()
    ) async throws -> (userID: Int64, username: String) {
        do { try Accounts.validate(password: password) } catch let problem as Accounts.Problem {
            throw FieldProblem(field: "password", message: problem.description)
        }
        let hash = try await app.threadPool.runIfActive {
            try Bcrypt.hash(password, cost: app.consortConfig.bcryptCost)
        }
        return try await Store.write(app.db) { db in
            guard let row = try await find(token: token, on: db), row.isOpen(at: now) else {
                throw FieldProblem(
                    field: "password",
                    message: "This link has expired or has been used. Ask whoever sent it for a new one.",
                    status: .gone)
            }
            struct ID: Decodable { let id: Int64 }
            guard
                try await db.raw(
                    """
                    UPDATE invitations SET used_at = \(bind: AuditChain.timestamp(now)) \
                    WHERE id = \(bind: row.id) AND used_at IS NULL RETURNING id
                    """
                ).first(decoding: ID.self) != nil
            else { throw FieldProblem(field: "password", message: "This link has been used.", status: .gone) }
            if let target = row.userId {
                struct Account: Decodable {
                    let username: String
                    let disabled: Bool
                }
                guard
                    let account = try await db.raw("SELECT username, disabled FROM users WHERE id = \(bind: target)")
                        .first(decoding: Account.self)
                else { throw FieldProblem(field: "password", message: "The account no longer exists.", status: .gone) }
                // A link never enables an account: disabling is an administrator's decision, undone only by one.
                guard !account.disabled else {
                    throw FieldProblem(
                        field: "password", message: "This account is disabled. Ask an administrator.", status: .gone)
                }
                let name = account.username
                try await db.raw("UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: target)").run()
                try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: target)").run()
                try await AuditLog.append(
                    on: db, actor: .user(name), action: "user.password", entity: "user", entityID: name,
                    after: ["password": "set with a reset link"])
                return (target, name)
            }
            guard let person = row.personId, let grant = row.grant,
                let found = try await Directory.person(person, on: db)
            else { throw FieldProblem(field: "password", message: "This invitation is damaged.", status: .gone) }
            let name = (username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            do {
                try Accounts.validate(username: name)
            } catch let problem as Accounts.Problem {
                throw FieldProblem(field: "username", message: problem.description)
            }
            if try await db.raw("SELECT id FROM users WHERE username = \(bind: name)").first() != nil {
                throw FieldProblem(field: "username", message: "'\(name)' is taken; choose another", status: .conflict)
            }
            let id = try await Accounts.insert(
                username: name, displayName: found.name, hash: hash, grants: [grant], isDemo: found.isDemo,
                personID: person, actor: "invitation:\(row.createdBy)", on: db)
            try await Outbox.adopt(person: person, user: id, on: db)
            return (id, name)
        }
    }
}

extension Invitations {
    /// Accounts in all, disabled, and invitations sent and not yet used, revoked or expired.
    package static func accountCounts(now: Date = Date(), on db: any SQLDatabase) async throws -> (
        accounts: Int, disabled: Int, waiting: Int
    ) {
        struct Row: Decodable {
            let accounts: Int
            let disabled: Int
            let waiting: Int
        }
        let row = try await db.raw(
            """
            SELECT (SELECT COUNT(*) FROM users) AS accounts,
                   (SELECT COUNT(*) FROM users WHERE disabled = \(bind: true)) AS disabled,
                   (SELECT COUNT(*) FROM invitations WHERE used_at IS NULL AND revoked = \(bind: false)
                      AND expires_at > \(bind: Int64(now.timeIntervalSince1970))) AS waiting
            """
        ).first(decoding: Row.self)
        return (row?.accounts ?? 0, row?.disabled ?? 0, row?.waiting ?? 0)
    }
}
