import ConsortCore
import ConsortWeb
import Foundation
import Governance
import PeopleWeb
import SQLKit
import Vapor

extension GovernanceStore {
    // MARK: People, roles, declarations

    /// Puts a person on a body's registers: the person of the directory with the GMC number or
    /// NMC PIN given, or a new person of the directory.
    @discardableResult
    package static func addPerson(
        body: GroupInfo, name: String?, registration: String? = nil, isDemo: Bool = false, by user: CurrentUser,
        app: Application
    ) async throws -> Int64 {
        try requireEditor(body, user)
        let clean = try text(name, field: "name", what: "the person's name", max: 100)
        let number = (registration ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        if !number.isEmpty, Workforce.gmcProblem(number) != nil, Workforce.nmcProblem(number) != nil {
            throw FieldProblem(
                field: "registration",
                message: "Give a GMC number (7 digits) or an NMC PIN (e.g. 12A3456E), or leave it empty")
        }
        return try await Store.write(app.db) { db in
            var person = try await Directory.person(registration: number, on: db)?.id
            if person == nil {
                person = try await Directory.insertPerson(
                    name: clean, gmc: number.count == 7 ? number : nil, nmc: number.count == 8 ? number : nil,
                    isDemo: isDemo, by: user.username, for: body.code, on: db)
            }
            struct ID: Decodable { package let id: Int64 }
            let id =
                try await db.raw(
                    """
                    INSERT INTO gov_people (body_code, name, is_demo, created_by, created_at, person_id)
                    VALUES (\(bind: body.code), \(bind: clean), \(bind: isDemo), \(bind: user.username), \
                    \(bind: AuditChain.timestamp()), \(bind: person)) RETURNING id
                    """
                ).first(decoding: ID.self)?.id ?? 0
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.person.add", entity: "gov_person",
                entityID: String(id),
                after: ["body": body.code, "name": clean, "person": String(person ?? 0)])
            return id
        }
    }

    package static func addAffiliation(
        person: Person, body: GroupInfo, organisation: String?, role: String?, from: String?, to: String?,
        by user: CurrentUser, app: Application
    ) async throws {
        try requireEditor(body, user)
        let start = try day(from, field: "affiliation_from", what: "the date the role began")
        let org = try await self.organisation(
            organisation ?? "", field: "affiliation_organisation", on: start, app: app)
        guard let kind = PersonRole(rawValue: role ?? "") ?? PersonRole.reading(role ?? "") else {
            throw FieldProblem(field: "affiliation_role", message: "Choose the role")
        }
        let what = kind.rawValue
        let view = try await app.registryCache.view(at: Day.today(), on: Store.sql(app.db))
        let end = try optionalDay(to, field: "affiliation_to", after: start)
        guard let directoryPerson = person.personId else {
            throw FieldProblem(
                field: "affiliation_role", message: "\(person.name) is not linked to the people directory")
        }
        try await Store.write(app.db) { db in
            try await Directory.giveRole(
                directoryPerson, code: org.code, kind: kind, title: nil, from: start, to: end, by: .officer(user),
                view: view, field: "affiliation_organisation", roleField: "affiliation_role", on: db)
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.affiliation.add", entity: "gov_person",
                entityID: String(person.id),
                after: ["organisation": org.code, "role": what, "from": start.iso, "to": end?.iso ?? ""])
        }
    }

    package static func addDeclaration(
        person: Person, body: GroupInfo, kind: String?, organisation: String?, description: String?,
        from: String?, to: String?, declaredOn: String?, by user: CurrentUser, app: Application
    ) async throws {
        try requireEditorOrSelf(body, person, user)
        // A person declaring for themselves declares today.
        let declaredOn = acting(user, for: person) == "self" ? Day.today().iso : declaredOn
        guard let interest = InterestKind(rawValue: kind ?? "") else {
            throw FieldProblem(field: "kind", message: "Choose the kind of interest, or a nil return")
        }
        let start = try day(
            from, field: "from",
            what: interest == .none ? "the date the nil return covers from" : "the date the interest began")
        let declared = try day(declaredOn, field: "declared_on", what: "the date it was declared")
        let end = try optionalDay(to, field: "to", after: start)
        var code: String?
        var name = ""
        var detail = ""
        if interest != .none {
            // A registry code when it is one, so that conflicts can follow it; otherwise a name.
            name = try text(
                organisation, field: "organisation",
                what: "the organisation the interest is in: a registry code, or its name", max: 150)
            if let found = try? await self.organisation(name, field: "organisation", on: start, app: app) {
                (code, name) = found
            }
            detail = try text(
                description, field: "description",
                what: "the nature of the interest, e.g. Partner, Shareholder, Spouse is a director", max: 300)
        }
        let (code_, name_, detail_) = (code, name, detail)
        try await Store.write(app.db) { db in
            let (code, name, detail) = (code_, name_, detail_)
            try await db.raw(
                """
                INSERT INTO gov_declarations (person_id, kind, organisation_code, organisation_name, description, \
                valid_from, valid_to, declared_on, created_by, created_at)
                VALUES (\(bind: person.id), \(bind: interest.rawValue), \(bind: code), \(bind: name), \
                \(bind: detail), \(bind: start.iso), \(bind: end?.iso),
                        \(bind: declared.iso), \(bind: user.username), \(bind: AuditChain.timestamp()))
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.declaration.add", entity: "gov_person",
                entityID: String(person.id),
                after: [
                    "kind": interest.rawValue, "organisation": code ?? name, "description": detail, "from": start.iso,
                    "to": end?.iso ?? "",
                    "declaredOn": declared.iso, "by": acting(user, for: person),
                ])
        }
    }

    /// Ends a declared interest on a day.
    package static func endDeclaration(
        _ id: Int64, person: Person, body: GroupInfo, on to: String?, by user: CurrentUser, app: Application
    ) async throws {
        try requireEditorOrSelf(body, person, user)
        try await Store.write(app.db) { db in
            guard let d = try await declarations([person.id], on: db).first(where: { $0.id == id }) else {
                throw Abort(.notFound, reason: "There is no declaration \(id) of \(person.name).")
            }
            let end = try optionalDay(to, field: "end-\(id)", after: Day(iso: d.validFrom) ?? Day(ordinal: 0))
            guard let end else {
                throw FieldProblem(field: "end-\(id)", message: "Enter the date the interest ended, as YYYY-MM-DD")
            }
            try await db.raw("UPDATE gov_declarations SET valid_to = \(bind: end.iso) WHERE id = \(bind: id)").run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.declaration.end", entity: "gov_person",
                entityID: String(person.id),
                before: ["declaration": String(id), "to": d.validTo ?? ""],
                after: ["declaration": String(id), "to": end.iso, "by": acting(user, for: person)])
        }
    }

    /// Ends a role at an organisation on a day.
    package static func endAffiliation(
        _ id: Int64, person: Person, body: GroupInfo, on to: String?, by user: CurrentUser, app: Application
    ) async throws {
        try requireEditor(body, user)
        try await Store.write(app.db) { db in
            guard let a = try await affiliations([person.id], on: db).first(where: { $0.id == id }) else {
                throw Abort(.notFound, reason: "There is no role \(id) of \(person.name).")
            }
            guard
                let end = try optionalDay(to, field: "end-role-\(id)", after: Day(iso: a.validFrom) ?? Day(ordinal: 0))
            else {
                throw FieldProblem(field: "end-role-\(id)", message: "Enter the date the role ended, as YYYY-MM-DD")
            }
            try await db.raw("UPDATE person_roles SET valid_to = \(bind: end.iso) WHERE id = \(bind: id)").run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.affiliation.end", entity: "gov_person",
                entityID: String(person.id),
                before: ["role": String(id), "to": a.validTo ?? ""], after: ["role": String(id), "to": end.iso])
        }
    }
}
