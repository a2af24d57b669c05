import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

extension Federations {
    /// Throws when a practice cannot be a member of a federation for a period.
    package static func check(
        practice: String, from: Day, to: Day?, federation: String?, federationFrom: Day, federationTo: Day?,
        excluding membershipID: Int64? = nil, field: String, on db: any SQLDatabase
    ) async throws {
        func fail(_ message: String) -> Problem { Problem(field: field, message: message) }
        guard ODSCode.isPractice(practice) else {
            throw fail("'\(practice)' is not a practice code: expected a letter and five digits, e.g. A81001")
        }
        struct P: Decodable {
            package let knownFrom: String
            package let closedOn: String?
            package let name: String
        }
        guard
            let p = try await db.raw("SELECT known_from, closed_on, name FROM practices WHERE code = \(bind: practice)")
                .first(decoding: P.self, with: snakeCaseRows)
        else {
            throw fail("\(practice) is not a practice in the registry; check the ODS code")
        }
        if from < federationFrom {
            throw fail("\(practice) cannot join before the federation was formed (\(federationFrom.long))")
        }
        if let federationTo, from >= federationTo {
            throw fail("\(practice) cannot join on or after the federation was dissolved (\(federationTo.long))")
        }
        if let to, to <= from {
            throw fail("The date \(practice) left must be after the date it joined (\(from.long))")
        }
        if let federationTo, (to ?? Day(ordinal: Int.max / 2)) > federationTo {
            throw fail(
                "\(practice)'s membership must end by the date the federation was dissolved (\(federationTo.long))")
        }
        if let closed = p.closedOn.flatMap(Day.init(iso:)), from >= closed {
            throw fail("\(p.name) (\(practice)) closed on \(closed.long), so it cannot join from \(from.long)")
        }
        guard let federation else { return }
        struct M: Decodable {
            package let id: Int64
            package let validFrom: String
            package let validTo: String?
        }
        let existing = try await db.raw(
            """
            SELECT id, valid_from, valid_to FROM memberships WHERE group_code = \(bind: federation) AND practice_code \
            = \(bind: practice)
            """
        ).all(decoding: M.self, with: snakeCaseRows)
        for m in existing where m.id != membershipID {
            let mFrom = try day(m.validFrom, "memberships.valid_from")
            let mTo = m.validTo.flatMap(Day.init(iso:))
            if (to.map { mFrom < $0 } ?? true) && (mTo.map { from < $0 } ?? true) {
                throw fail(
                    "\(p.name) (\(practice)) is already a member from "
                        + "\(mFrom.long)\(mTo.map { " to \($0.long)" } ?? ""); the periods would overlap"
                )
            }
        }
    }

    @discardableResult
    package static func insertMembership(
        federation: String, practice: String, from: Day, to: Day?, actor: AuditLog.Actor, on db: any SQLDatabase
    ) async throws -> Int64 {
        struct ID: Decodable { package let id: Int64 }
        let id =
            try await db.raw(
                """
                INSERT INTO memberships (practice_code, group_code, kind, valid_from, valid_to, source)
                VALUES (\(bind: practice), \(bind: federation), 'federation', \(bind: from.iso), \(bind: to?.iso), \
                'user') RETURNING id
                """
            ).first(decoding: ID.self)?.id ?? 0
        try await AuditLog.append(
            on: db, actor: actor, action: "federation.member.add", entity: "membership", entityID: String(id),
            after: MembershipRecord(federation: federation, practice: practice, validFrom: from.iso, validTo: to?.iso))
        return id
    }

    /// The federation a request names, if the signed-in user may edit it.
    package static func editable(_ req: Request) async throws -> (GroupInfo, CurrentUser) {
        let user = try req.requireUser()
        let code = (req.parameters.get("code") ?? "").uppercased()
        let view = try await req.registryView(at: Day.today())
        guard let group = view.groups[code] else {
            throw Abort(.notFound, reason: "There is no group with the code \(code).")
        }
        try requireEditable(group, user: user, view: view)
        return (group, user)
    }

    /// Refuses, saying why, unless `group` is a federation that `user` may edit.
    package static func requireEditable(_ group: GroupInfo, user: CurrentUser, view: RegistryView) throws {
        guard group.kind == .federation else {
            throw NotPermitted(
                description:
                    "\(group.name) is a \(group.kind.singular.lowercased()): NHS groups come from NHS Digital's files "
                    + "and change only by importing them."
            )
        }
        guard Permissions.canEdit(group, user: user, view: view) else {
            throw NotPermitted(
                description:
                    "You cannot edit \(group.name). Its federation managers, the consortium officers of its members' "
                    + "consortia and administrators can."
            )
        }
    }

    package static func requireCreator(_ req: Request) throws -> CurrentUser {
        let user = try req.requireUser()
        guard Permissions.canCreateFederation(user) else {
            throw NotPermitted(description: "Only administrators and consortium officers can record a new federation.")
        }
        return user
    }
}
