import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// Invitations of practices to join federations. A federation's managers may invite any
/// practice; it joins only when one of its own practice managers accepts. Administrators, the
/// practice's own managers and the officers of its consortium record a membership directly.
/// Every change is one transaction with its audit entry.
package enum Invitations {
    package enum Status: String, Codable, CaseIterable, Sendable { case pending, accepted, declined, withdrawn }

    /// An invitation as stored, and as the API answers it.
    package struct Row: Content, Sendable {
        package let id: Int64
        package let federationCode: String
        package let practiceCode: String
        package let validFrom: String
        package let validTo: String?
        package let status: String
        package let invitedBy: String
        package let invitedAt: String
        package let decidedBy: String?
        package let decidedAt: String?
        package let membershipId: Int64?

        package init(
            id: Int64, federationCode: String, practiceCode: String, validFrom: String, validTo: String?,
            status: String, invitedBy: String, invitedAt: String, decidedBy: String?, decidedAt: String?,
            membershipId: Int64?
        ) {
            self.id = id
            self.federationCode = federationCode
            self.practiceCode = practiceCode
            self.validFrom = validFrom
            self.validTo = validTo
            self.status = status
            self.invitedBy = invitedBy
            self.invitedAt = invitedAt
            self.decidedBy = decidedBy
            self.decidedAt = decidedAt
            self.membershipId = membershipId
        }
    }

    /// What the audit log keeps of an invitation.
    package struct Record: Codable {
        package let federation: String
        package let practice: String
        package let validFrom: String
        package let validTo: String?
        package let status: String

        package init(federation: String, practice: String, validFrom: String, validTo: String?, status: String) {
            self.federation = federation
            self.practice = practice
            self.validFrom = validFrom
            self.validTo = validTo
            self.status = status
        }
    }

    package static let columns: SQLQueryString = """
        id, federation_code, practice_code, valid_from, valid_to, status, invited_by, invited_at, decided_by, \
        decided_at, membership_id
        """

    /// Whether `user` may record `practice` as a member from `day` without asking it:
    /// administrators, the practice's own practice managers, and officers of the consortium it
    /// belongs to on that day (or today).
    package static func mayRecordDirectly(
        _ practice: String, on day: Day, _ user: CurrentUser, at view: RegistryView, today: RegistryView
    ) -> Bool {
        if user.isAdministrator || user.scopes(of: .practiceManager).contains(practice) { return true }
        let officerOf = Set(user.scopes(of: .consortiumOfficer))
        guard !officerOf.isEmpty else { return false }
        return [view, today].contains { v in v.practice(practice)?.groups[.consortium].map(officerOf.contains) ?? false
        }
    }

    package static func row(_ id: Int64, on db: any SQLDatabase) async throws -> Row {
        guard
            let row = try await db.raw("SELECT \(columns) FROM federation_invitations WHERE id = \(bind: id)")
                .first(decoding: Row.self, with: snakeCaseRows)
        else {
            throw Abort(.notFound, reason: "There is no invitation \(id) that you can see.")
        }
        return row
    }

    /// A practice's invitations, pending first, then the newest.
    package static func of(practice: String, on db: any SQLDatabase) async throws -> [Row] {
        try await db.raw(
            """
            SELECT \(columns) FROM federation_invitations WHERE practice_code = \(bind: practice)
            ORDER BY CASE WHEN status = 'pending' THEN 0 ELSE 1 END, id DESC
            """
        ).all(decoding: Row.self, with: snakeCaseRows)
    }

    /// A federation's invitations, pending first, then the newest.
    package static func of(federation: String, on db: any SQLDatabase) async throws -> [Row] {
        try await db.raw(
            """
            SELECT \(columns) FROM federation_invitations WHERE federation_code = \(bind: federation)
            ORDER BY CASE WHEN status = 'pending' THEN 0 ELSE 1 END, id DESC
            """
        ).all(decoding: Row.self, with: snakeCaseRows)
    }

    /// Pending invitations to any of `practices`.
    package static func pending(for practices: [String], on db: any SQLDatabase) async throws -> [Row] {
        guard !practices.isEmpty else { return [] }
        return try await db.raw(
            """
            SELECT \(columns) FROM federation_invitations WHERE status = 'pending' AND practice_code IN \
            (\(binds: practices)) ORDER BY id
            """
        ).all(decoding: Row.self, with: snakeCaseRows)
    }

    /// Invites a practice to join a federation from a day. The period is checked now with the
    /// same rules as a membership, so that an invitation can be accepted as it stands.
    package static func invite(
        _ group: Federations.Target, practice: String, from: Day, to: Day?, field: String, by user: CurrentUser,
        on db: any SQLDatabase
    ) async throws -> Int64 {
        try await Federations.check(
            practice: practice, from: from, to: to, federation: group.code, federationFrom: group.validFrom,
            federationTo: group.validTo, field: field, on: db)
        if try await db.raw(
            """
            SELECT id FROM federation_invitations WHERE federation_code = \(bind: group.code) AND practice_code = \
            \(bind: practice) AND status = 'pending'
            """
        ).first() != nil {
            throw FieldProblem(
                field: field, message: "\(practice) has already been invited to \(group.name) and has not answered yet",
                status: .conflict)
        }
        struct ID: Decodable { package let id: Int64 }
        let id =
            try await db.raw(
                """
                INSERT INTO federation_invitations (federation_code, practice_code, valid_from, valid_to, status, \
                invited_by, invited_at)
                VALUES (\(bind: group.code), \(bind: practice), \(bind: from.iso), \(bind: to?.iso), 'pending', \
                \(bind: user.username),
                        \(bind: AuditChain.timestamp())) RETURNING id
                """
            ).first(decoding: ID.self)?.id ?? 0
        try await AuditLog.append(
            on: db, actor: .user(user.username), action: "federation.invitation.create",
            entity: "federation_invitation",
            entityID: String(id),
            after: Record(
                federation: group.code, practice: practice, validFrom: from.iso, validTo: to?.iso, status: "pending"))
        return id
    }

    /// The practice accepts: the membership is recorded with the invitation's dates.
    @discardableResult
    package static func accept(_ id: Int64, by user: CurrentUser, app: Application) async throws -> Int64 {
        let membership: Int64 = try await Store.write(app.db) { db in
            let row = try await pendingRow(id, practiceOf: user, on: db)
            struct Org: Decodable {
                package let validFrom: String
                package let validTo: String?
            }
            guard
                let org = try await db.raw(
                    "SELECT valid_from, valid_to FROM organisations WHERE code = \(bind: row.federationCode)"
                )
                .first(decoding: Org.self, with: snakeCaseRows)
            else { throw Abort(.notFound) }
            let from = try day(row.validFrom, "federation_invitations.valid_from")
            let to = row.validTo.flatMap(Day.init(iso:))
            try await Federations.check(
                practice: row.practiceCode, from: from, to: to, federation: row.federationCode,
                federationFrom: try day(org.validFrom, "organisations.valid_from"),
                federationTo: org.validTo.flatMap(Day.init(iso:)), field: "invitation-\(id)", on: db)
            let membership = try await Federations.insertMembership(
                federation: row.federationCode, practice: row.practiceCode, from: from, to: to,
                actor: .user(user.username), on: db)
            try await decide(row, .accepted, membership: membership, by: user, on: db)
            try await RegistryVersion.bump(db)
            return membership
        }
        await app.registryChanged()
        return membership
    }

    /// The practice declines.
    package static func decline(_ id: Int64, by user: CurrentUser, app: Application) async throws {
        try await Store.write(app.db) { db in
            try await decide(
                try await pendingRow(id, practiceOf: user, on: db), .declined, membership: nil, by: user, on: db)
        }
    }

    /// The federation withdraws an invitation not yet answered.
    package static func withdraw(_ id: Int64, by user: CurrentUser, app: Application) async throws {
        try await Store.write(app.db) { db in
            let row = try await row(id, on: db)
            guard row.status == Status.pending.rawValue else { throw answered(row) }
            try await decide(row, .withdrawn, membership: nil, by: user, on: db)
        }
    }

    private static func pendingRow(_ id: Int64, practiceOf user: CurrentUser, on db: any SQLDatabase) async throws
        -> Row
    {
        let row = try await row(id, on: db)
        guard user.isAdministrator || user.scopes(of: .practiceManager).contains(row.practiceCode) else {
            throw Abort(.notFound, reason: "There is no invitation \(id) that you can see.")
        }
        guard row.status == Status.pending.rawValue else { throw answered(row) }
        return row
    }

    private static func answered(_ row: Row) -> FieldProblem {
        FieldProblem(
            field: "invitation-\(row.id)", message: "this invitation has already been \(row.status)", status: .conflict)
    }

    private static func decide(
        _ row: Row, _ status: Status, membership: Int64?, by user: CurrentUser, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            UPDATE federation_invitations SET status = \(bind: status.rawValue), decided_by = \(bind: user.username),
                decided_at = \(bind: AuditChain.timestamp()), membership_id = \(bind: membership)
            WHERE id = \(bind: row.id) AND status = 'pending'
            """
        ).run()
        func record(_ s: String) -> Record {
            Record(
                federation: row.federationCode, practice: row.practiceCode, validFrom: row.validFrom,
                validTo: row.validTo, status: s)
        }
        try await AuditLog.append(
            on: db, actor: .user(user.username), action: "federation.invitation.\(status.rawValue)",
            entity: "federation_invitation", entityID: String(row.id), before: record("pending"),
            after: record(status.rawValue))
    }
}

extension Access {
    /// Answering an invitation: the invited practice's practice managers and administrators.
    package static let invitationPractice = Access("invitation-practice", roles: [.administrator, .practiceManager]) {
        req, user in
        let practice = try await Scope.owner(
            req, "invitation", "SELECT practice_code AS owner FROM federation_invitations WHERE id = ")
        guard user.isAdministrator || user.scopes(of: .practiceManager).contains(practice) else {
            throw Scope.hidden("invitation", req)
        }
    }

    /// Withdrawing an invitation: whoever may edit the inviting federation.
    package static let invitationFederation = Access(
        "invitation-federation", roles: [.administrator, .federationManager, .consortiumOfficer]
    ) { req, user in
        let federation = try await Scope.owner(
            req, "invitation", "SELECT federation_code AS owner FROM federation_invitations WHERE id = ")
        let view = try await req.registryView(at: Day.today())
        guard let group = view.groups[federation], Permissions.canEdit(group, user: user, view: view) else {
            throw Scope.hidden("invitation", req)
        }
    }
}
