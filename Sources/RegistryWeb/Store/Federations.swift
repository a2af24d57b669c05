import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// Writing federations and their memberships: shared by the web forms and the API. Every
/// change runs in one transaction with its audit entry and bumps the registry version.
package enum Federations {
    package typealias Problem = FieldProblem

    package typealias Problems = FieldProblems

    package struct Details: Sendable, Equatable {
        package let name: String
        package let legalForm: LegalForm?
        package let description: String?
        package let validFrom: Day
        package let validTo: Day?

        /// Checks raw input, reporting every problem.
        package static func validate(
            name: String?, legalForm: String?, description: String?, validFrom: String?, validTo: String?
        ) -> Result<Details, Problems> {
            var problems: [Problem] = []
            let name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty { problems.append(.init(field: "name", message: "Enter the federation's name")) }
            if name.count > 200 {
                problems.append(.init(field: "name", message: "The name must be 200 characters or fewer"))
            }
            var form: LegalForm?
            if let raw = legalForm, !raw.isEmpty {
                form = LegalForm(rawValue: raw)
                if form == nil {
                    problems.append(
                        .init(
                            field: "legal_form",
                            message: "Choose a legal form: "
                                + LegalForm.allCases.map(\.rawValue).joined(separator: ", ")))
                }
            }
            let from = Day(iso: validFrom ?? "")
            if from == nil {
                problems.append(
                    .init(field: "valid_from", message: "Enter the date the federation was formed, as YYYY-MM-DD"))
            }
            var to: Day?
            if let text = validTo, !text.isEmpty {
                to = Day(iso: text)
                if to == nil {
                    problems.append(
                        .init(
                            field: "valid_to",
                            message: "Enter the date the federation was dissolved as YYYY-MM-DD, or leave it empty"))
                } else if let from, let to, to <= from {
                    problems.append(
                        .init(
                            field: "valid_to", message: "The date it was dissolved must be after the date it was formed"
                        ))
                }
            }
            let text = (description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if text.count > 2000 {
                problems.append(
                    .init(field: "description", message: "The description must be 2,000 characters or fewer"))
            }
            guard problems.isEmpty, let from else { return .failure(Problems(all: problems)) }
            return .success(
                Details(
                    name: name, legalForm: form, description: text.isEmpty ? nil : text, validFrom: from, validTo: to))
        }

        package init(name: String, legalForm: LegalForm?, description: String?, validFrom: Day, validTo: Day?) {
            self.name = name
            self.legalForm = legalForm
            self.description = description
            self.validFrom = validFrom
            self.validTo = validTo
        }
    }

    /// The federation's record as the audit log stores it.
    package struct Record: Codable, Equatable {
        package let code: String
        package let name: String
        package let legalForm: String?
        package let description: String?
        package let validFrom: String
        package let validTo: String?

        package init(code: String, _ d: Details) {
            self.code = code
            name = d.name
            legalForm = d.legalForm?.rawValue
            description = d.description
            validFrom = d.validFrom.iso
            validTo = d.validTo?.iso
        }

        package init(_ g: GroupInfo) {
            code = g.code
            name = g.name
            legalForm = g.legalForm?.rawValue
            description = g.description
            validFrom = g.validFrom.iso
            validTo = g.validTo?.iso
        }
    }

    package struct MembershipRecord: Codable {
        package let federation: String
        package let practice: String
        package let validFrom: String
        package let validTo: String?

        package init(federation: String, practice: String, validFrom: String, validTo: String?) {
            self.federation = federation
            self.practice = practice
            self.validFrom = validFrom
            self.validTo = validTo
        }
    }

    /// The federation a membership or invitation is for.
    package struct Target: Sendable {
        package let code: String
        package let name: String
        package let validFrom: Day
        package let validTo: Day?

        package init(code: String, name: String, validFrom: Day, validTo: Day?) {
            self.code = code
            self.name = name
            self.validFrom = validFrom
            self.validTo = validTo
        }

        package init(_ group: GroupInfo) {
            self.init(code: group.code, name: group.name, validFrom: group.validFrom, validTo: group.validTo)
        }
    }

    /// What adding a member did: recorded the membership, or invited the practice.
    package enum Added: Sendable, Equatable {
        case member(Int64)
        case invited(Int64)
    }

    /// Records a federation with its first members. Members `user` may not record directly (see
    /// `Invitations.mayRecordDirectly`) are invited instead; the answer lists the invitations.
    package static func create(
        _ details: Details, members: [String], by user: CurrentUser,
        app: Application
    ) async throws -> (code: String, invited: [String]) {
        var seen = Set<String>()
        for code in members where !seen.insert(code).inserted {
            throw Problem(field: "members", message: "\(code) is listed twice")
        }
        let actor = AuditLog.Actor.user(user.username)
        let today = try await app.registryCache.view(at: Day.today(), on: Store.sql(app.db))
        let atStart = try await app.registryCache.view(at: details.validFrom, on: Store.sql(app.db))
        let direct = Set(
            members.filter { Invitations.mayRecordDirectly($0, on: details.validFrom, user, at: atStart, today: today) }
        )
        let result: (code: String, invited: [String]) = try await Store.write(app.db) { db in
            for practice in members {
                try await check(
                    practice: practice, from: details.validFrom, to: nil, federation: nil,
                    federationFrom: details.validFrom, federationTo: details.validTo, field: "members", on: db)
            }
            struct Row: Decodable { package let code: String }
            let last = try await db.raw(
                "SELECT code FROM organisations WHERE kind = 'federation' ORDER BY code DESC LIMIT 1"
            ).first(decoding: Row.self)
            let code = String(format: "FED-%04d", (last.flatMap { Int($0.code.dropFirst(4)) } ?? 0) + 1)
            try await db.raw(
                """
                INSERT INTO organisations (code, kind, name, legal_form, description, valid_from, valid_to, source, \
                created_by)
                VALUES (\(bind: code), 'federation', \(bind: details.name), \(bind: details.legalForm?.rawValue), \
                \(bind: details.description),
                        \(bind: details.validFrom.iso), \(bind: details.validTo?.iso), 'consort', \
                        \(bind: user.username))
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: actor, action: "federation.create", entity: "group", entityID: code,
                after: Record(code: code, details))
            let target = Target(code: code, name: details.name, validFrom: details.validFrom, validTo: details.validTo)
            var invited: [String] = []
            for practice in members {
                if direct.contains(practice) {
                    try await insertMembership(
                        federation: code, practice: practice, from: details.validFrom, to: nil, actor: actor, on: db)
                } else {
                    _ = try await Invitations.invite(
                        target, practice: practice, from: details.validFrom, to: nil, field: "members", by: user, on: db
                    )
                    invited.append(practice)
                }
            }
            try await RegistryVersion.bump(db)
            return (code, invited)
        }
        await app.registryChanged()
        return result
    }

    package static func update(_ group: GroupInfo, to details: Details, by user: CurrentUser, app: Application)
        async throws
    {
        let before = Record(group)
        let after = Record(code: group.code, details)
        guard before != after else { return }
        try await Store.write(app.db) { db in
            // Members' periods must stay inside the federation's.
            struct M: Decodable {
                package let practiceCode: String
                package let validFrom: String
                package let validTo: String?
            }
            let members = try await db.raw(
                "SELECT practice_code, valid_from, valid_to FROM memberships WHERE group_code = \(bind: group.code)"
            )
            .all(decoding: M.self, with: snakeCaseRows)
            for m in members {
                if m.validFrom < details.validFrom.iso {
                    throw Problem(
                        field: "valid_from",
                        message:
                            "\(m.practiceCode) joined on \(m.validFrom), before \(details.validFrom.iso); change its "
                            + "membership first"
                    )
                }
                if let to = details.validTo, (m.validTo ?? "9999-12-31") > to.iso {
                    throw Problem(
                        field: "valid_to",
                        message: "\(m.practiceCode) is a member after \(to.iso); end its membership first")
                }
            }
            try await db.raw(
                """
                UPDATE organisations SET name = \(bind: details.name), legal_form = \
                \(bind: details.legalForm?.rawValue),
                description = \(bind: details.description), valid_from = \(bind: details.validFrom.iso), valid_to = \
                \(bind: details.validTo?.iso)
                WHERE code = \(bind: group.code)
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "federation.update", entity: "group", entityID: group.code,
                before: before, after: after)
            try await RegistryVersion.bump(db)
        }
        await app.registryChanged()
    }

    /// Adds a practice to a federation: records the membership when `user` may do so directly
    /// (see `Invitations.mayRecordDirectly`), or else invites the practice, which joins when one
    /// of its practice managers accepts.
    @discardableResult
    package static func addMember(
        _ group: GroupInfo, practice: String, from: Day, to: Day?, by user: CurrentUser, app: Application
    ) async throws -> Added {
        let today = try await app.registryCache.view(at: Day.today(), on: Store.sql(app.db))
        let atStart = try await app.registryCache.view(at: from, on: Store.sql(app.db))
        let direct = Invitations.mayRecordDirectly(practice, on: from, user, at: atStart, today: today)
        let added: Added = try await Store.write(app.db) { db in
            guard direct else {
                return .invited(
                    try await Invitations.invite(
                        Target(group), practice: practice, from: from, to: to, field: "practice", by: user, on: db))
            }
            try await check(
                practice: practice, from: from, to: to, federation: group.code, federationFrom: group.validFrom,
                federationTo: group.validTo, field: "practice", on: db)
            let id = try await insertMembership(
                federation: group.code, practice: practice, from: from, to: to, actor: .user(user.username), on: db)
            try await RegistryVersion.bump(db)
            return .member(id)
        }
        if case .member = added { await app.registryChanged() }
        return added
    }

    /// Sets the date a member left (nil reopens the membership), or with `remove` deletes a
    /// membership recorded in error.
    package static func changeMember(
        _ group: GroupInfo, id: Int64, leftOn: Day?, remove: Bool, by user: CurrentUser, app: Application
    ) async throws {
        try await Store.write(app.db) { db in
            struct M: Decodable {
                package let practiceCode: String
                package let validFrom: String
                package let validTo: String?
            }
            guard
                let m = try await db.raw(
                    """
                    SELECT practice_code, valid_from, valid_to FROM memberships WHERE id = \(bind: id) AND group_code \
                    = \(bind: group.code)
                    """
                ).first(decoding: M.self, with: snakeCaseRows)
            else {
                throw Abort(.notFound, reason: "Membership \(id) is not part of \(group.name).")
            }
            let before = MembershipRecord(
                federation: group.code, practice: m.practiceCode, validFrom: m.validFrom, validTo: m.validTo)
            if remove {
                try await db.raw("DELETE FROM memberships WHERE id = \(bind: id)").run()
                try await AuditLog.append(
                    on: db, actor: .user(user.username), action: "federation.member.remove", entity: "membership",
                    entityID: String(id), before: before)
            } else {
                try await check(
                    practice: m.practiceCode, from: try day(m.validFrom, "memberships.valid_from"), to: leftOn,
                    federation: group.code,
                    federationFrom: group.validFrom, federationTo: group.validTo, excluding: id, field: "left-\(id)",
                    on: db)
                try await db.raw("UPDATE memberships SET valid_to = \(bind: leftOn?.iso) WHERE id = \(bind: id)").run()
                try await AuditLog.append(
                    on: db, actor: .user(user.username), action: "federation.member.end", entity: "membership",
                    entityID: String(id), before: before,
                    after: MembershipRecord(
                        federation: group.code, practice: m.practiceCode, validFrom: m.validFrom, validTo: leftOn?.iso))
            }
            try await RegistryVersion.bump(db)
        }
        await app.registryChanged()
    }

}
