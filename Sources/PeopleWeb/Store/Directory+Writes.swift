import ConsortCore
import ConsortWeb
import Foundation
import SQLKit
import Vapor

extension Directory {
    /// A person's details as a form gives them, checked.
    package struct Details: Sendable, Encodable {
        package var name: String
        package var gmc: String?
        package var nmc: String?
        package var email: String?
        package var phone: String?

        /// Checks every field, reporting each problem against its field.
        package static func read(_ form: PeopleForm) throws -> Details {
            var problems: [FieldProblem] = []
            func attempt<T>(_ body: () throws -> T) -> T? {
                do { return try body() } catch let p as FieldProblem {
                    problems.append(p)
                    return nil
                } catch { return nil }
            }
            let name = attempt { try FormValue.text(form["name"], field: "name", what: "the person's name", max: 100) }
            let gmc = attempt { () throws -> String? in
                guard let t = try FormValue.optionalText(form["gmc"], field: "gmc", what: "the GMC number", max: 7)
                else { return nil }
                if let problem = Workforce.gmcProblem(t) { throw FieldProblem(field: "gmc", message: problem) }
                return t
            }
            let nmc = attempt { () throws -> String? in
                guard let t = try FormValue.optionalText(form["nmc"], field: "nmc", what: "the NMC PIN", max: 8)
                else { return nil }
                let pin = t.uppercased()
                if let problem = Workforce.nmcProblem(pin) { throw FieldProblem(field: "nmc", message: problem) }
                return pin
            }
            let email = attempt { try Directory.email(form["email"], field: "email") }
            let phone = attempt { () throws -> String? in
                guard
                    let t = try FormValue.optionalText(form["phone"], field: "phone", what: "the phone number", max: 20)
                else { return nil }
                guard t.allSatisfy({ $0.isNumber || $0 == " " || $0 == "+" || $0 == "(" || $0 == ")" || $0 == "-" }),
                    t.filter(\.isNumber).count >= 6
                else {
                    throw FieldProblem(field: "phone", message: "Enter the phone number in digits, e.g. 0113 496 0000")
                }
                return t
            }
            if !problems.isEmpty { throw FieldProblems(all: problems) }
            return Details(name: name!, gmc: gmc ?? nil, nmc: nmc ?? nil, email: email ?? nil, phone: phone ?? nil)
        }
    }

    /// A work email as a form gives it: nil when empty, refused naming `field` when it is not
    /// the shape of an address.
    package static func email(_ value: String?, field: String) throws -> String? {
        guard let t = try FormValue.optionalText(value, field: field, what: "the work email", max: 254) else {
            return nil
        }
        let parts = t.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !t.contains(" "),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else {
            throw FieldProblem(field: field, message: "Enter the work email as name@example.nhs.net")
        }
        return t
    }

    /// Refuses a GMC number or NMC PIN another person of the directory already has. Only an
    /// administrator is told who has it: the numbers are public, so typing one must not reveal
    /// whom the directory holds under it, nor where to find them.
    static func refuseDuplicate(_ details: Details, except id: Int64?, by user: CurrentUser, on db: any SQLDatabase)
        async throws
    {
        for (field, value) in [("gmc", details.gmc), ("nmc", details.nmc)] {
            guard let value, let other = try await person(registration: value, on: db), other.id != id else { continue }
            throw FieldProblem(
                field: field,
                message: user.isAdministrator
                    ? "\(value) is already in the directory as \(other.name) (person \(other.id)); add roles there"
                    : "\(value) is already in the directory. If this is the same person, ask an officer who keeps "
                        + "them, or an administrator, to add the role",
                status: .conflict)
        }
    }

    /// Who made a change to a person: themselves, or an officer acting for them (recorded so in
    /// the audit log).
    package static func acting(_ user: CurrentUser, for person: Int64) -> String {
        user.personID == person ? "self" : "officer"
    }

    /// Who gives a role: an officer, at an organisation they keep; or the demo generator, to a
    /// demo person.
    package enum Grantor: Sendable {
        case officer(CurrentUser)
        case demo
    }

    /// The one way a role is written, whichever page asks (the directory, a governance register,
    /// the demo): refused unless the grantor keeps the organisation (a role is what puts a person
    /// on a practice's electoral roll and lets its officers keep them) and the role belongs at an
    /// organisation of its kind. `field` and `roleField` name the form's fields in the refusal.
    package static func giveRole(
        _ person: Int64, code: String, kind: PersonRole, title: String?, from: Day, to: Day?,
        by grantor: Grantor, view: RegistryView, field: String = "organisation", roleField: String = "role",
        on db: any SQLDatabase
    ) async throws {
        switch grantor {
        case .officer(let user):
            if let managed = managedCodes(user, view: view), !managed.contains(code) {
                throw FieldProblem(
                    field: field,
                    message: managed.isEmpty
                        ? "you keep no organisation's people, so you cannot give a role at \(code)"
                        : "you keep the people of \(managed.sorted().joined(separator: ", ")), not of \(code); "
                            + "ask \(code)'s officers to add the role, or choose one of yours")
            }
        case .demo:
            guard try await self.person(person, on: db)?.isDemo == true else {
                throw NotPermitted(description: "The demo gives roles only to demo people.")
            }
        }
        if let problem = placeProblem(kind, at: code, view: view) {
            throw FieldProblem(field: roleField, message: problem)
        }
        try await db.raw(
            """
            INSERT INTO person_roles (person_id, organisation_code, role, title, valid_from, valid_to)
            VALUES (\(bind: person), \(bind: code), \(bind: kind.rawValue), \(bind: title), \(bind: from.iso), \
            \(bind: to?.iso))
            """
        ).run()
    }

    /// Refuses a role at an organisation that is not open in today's registry (the directory's
    /// forms offer only those).
    static func requireOpen(_ code: String, field: String, view: RegistryView) throws {
        guard view.index[code] != nil || view.groups[code] != nil else {
            throw FieldProblem(field: field, message: "\(code) is not an open practice or group in today's registry")
        }
    }

    /// Why a role does not belong at the organisation `code` (a nurse at a federation), or nil.
    package static func placeProblem(_ kind: PersonRole, at code: String, view: RegistryView) -> String? {
        if view.index[code] != nil {
            return kind.place == .practice ? nil : "\(kind.label) is a role at \(kind.place.label), not a practice"
        }
        guard let group = view.groups[code], !kind.place.admits(group.kind) else { return nil }
        return "\(kind.label) is a role at \(kind.place.label); \(group.name) is a \(group.kind.singular.lowercased())"
    }

    /// Adds a person with their first role at an organisation the officer keeps.
    package static func addPerson(_ form: PeopleForm, by user: CurrentUser, app: Application) async throws -> Int64 {
        let details = try Details.read(form)
        let (code, kind, from, to, title) = try roleFields(form)
        let view = try await app.registryCache.view(at: Day.today(), on: Store.sql(app.db))
        try requireOpen(code, field: "organisation", view: view)
        return try await Store.write(app.db) { db in
            try await refuseDuplicate(details, except: nil, by: user, on: db)
            let id = try await insertPerson(
                name: details.name, gmc: details.gmc, nmc: details.nmc, email: details.email, phone: details.phone,
                isDemo: false, by: user.username, on: db)
            try await giveRole(
                id, code: code, kind: kind, title: title, from: from, to: to, by: .officer(user), view: view, on: db)
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "person.add", entity: "person", entityID: String(id),
                after: ["details": AnyEncodable(details), "role": AnyEncodable([code, kind.rawValue, from.iso])])
            return id
        }
    }

    static func roleFields(_ form: PeopleForm) throws -> (String, PersonRole, Day, Day?, String?) {
        let code = (form["organisation"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        guard !code.isEmpty else {
            throw FieldProblem(field: "organisation", message: "Choose the practice or group the role is at")
        }
        guard let kind = PersonRole(rawValue: form["role"] ?? "") else {
            throw FieldProblem(field: "role", message: "Choose the role")
        }
        let from = try FormValue.day(form["from"], field: "from", what: "the date the role began")
        let to = try FormValue.optionalDay(form["to"], field: "to", after: from)
        let title = try FormValue.optionalText(form["title"], field: "title", what: "the job title", max: 100)
        return (code, kind, from, to, title)
    }

    /// Changes a person's details (an officer, or the person for their own email and phone).
    package static func updateDetails(
        _ person: PersonRow, _ form: PeopleForm, by user: CurrentUser, app: Application
    ) async throws {
        var details = try Details.read(form)
        if user.personID == person.id, !user.isAdministrator {
            // Oneself: contact details only; the name and registrations are the officers' to keep.
            details.name = person.name
            details.gmc = person.gmcNumber
            details.nmc = person.nmcPin
        }
        let limit =
            try form["monthly_limit"].map { try monthlyLimit($0, field: "monthly_limit") } ?? person.monthlyLimit
        let (after, newLimit) = (details, limit)
        try await Store.write(app.db) { db in
            try await refuseDuplicate(after, except: person.id, by: user, on: db)
            try await db.raw(
                """
                UPDATE people SET name = \(bind: after.name), gmc_number = \(bind: after.gmc), \
                nmc_pin = \(bind: after.nmc), email = \(bind: after.email), phone = \(bind: after.phone), \
                monthly_limit = \(bind: newLimit) WHERE id = \(bind: person.id)
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "person.update", entity: "person",
                entityID: String(person.id),
                before: [
                    "name": person.name, "gmc": person.gmcNumber ?? "", "nmc": person.nmcPin ?? "",
                    "email": person.email ?? "", "phone": person.phone ?? "",
                    "monthlyLimit": person.monthlyLimit.map(String.init) ?? "",
                ],
                after: [
                    "name": after.name, "gmc": after.gmc ?? "", "nmc": after.nmc ?? "", "email": after.email ?? "",
                    "phone": after.phone ?? "", "monthlyLimit": newLimit.map(String.init) ?? "",
                    "by": acting(user, for: person.id),
                ])
        }
    }

    /// A limit of hub sessions a month across every federation: 1 to 62, or none when empty.
    static func monthlyLimit(_ text: String, field: String) throws -> Int? {
        let clean = text.trimmingCharacters(in: .whitespaces)
        if clean.isEmpty { return nil }
        guard let n = Int(clean), (1...62).contains(n) else {
            throw FieldProblem(
                field: field,
                message: "Give the most hub sessions a month across every federation, 1 to 62, or leave it empty")
        }
        return n
    }

    /// Sets a person's limit of hub sessions a month across every federation (oneself, or an officer).
    package static func setMonthlyLimit(_ person: Int64, _ text: String?, by user: CurrentUser, app: Application)
        async throws
    {
        let limit = try monthlyLimit(text ?? "", field: "overall")
        try await Store.write(app.db) { db in
            guard let before = try await self.person(person, on: db) else {
                throw Abort(.notFound, reason: "There is no person \(person).")
            }
            try await db.raw("UPDATE people SET monthly_limit = \(bind: limit) WHERE id = \(bind: person)").run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "person.limit", entity: "person", entityID: String(person),
                before: ["monthlyLimit": before.monthlyLimit.map(String.init) ?? ""],
                after: ["monthlyLimit": limit.map(String.init) ?? "", "by": acting(user, for: person)])
        }
    }

    /// Adds a role at an organisation the officer keeps.
    package static func addRole(_ person: PersonRow, _ form: PeopleForm, by user: CurrentUser, app: Application)
        async throws
    {
        let (code, kind, from, to, title) = try roleFields(form)
        let view = try await app.registryCache.view(at: Day.today(), on: Store.sql(app.db))
        try requireOpen(code, field: "organisation", view: view)
        try await Store.write(app.db) { db in
            try await giveRole(
                person.id, code: code, kind: kind, title: title, from: from, to: to, by: .officer(user), view: view,
                on: db)
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "person.role.add", entity: "person",
                entityID: String(person.id),
                after: ["organisation": code, "role": kind.rawValue, "from": from.iso, "to": to?.iso ?? ""])
        }
    }

    /// Ends a role (a leaver): only at an organisation the officer keeps.
    package static func endRole(
        _ person: PersonRow, role id: Int64, on to: String?, by user: CurrentUser, app: Application
    ) async throws {
        let view = try await app.registryCache.view(at: Day.today(), on: Store.sql(app.db))
        try await Store.write(app.db) { db in
            guard let role = try await roles([person.id], on: db).first(where: { $0.id == id }) else {
                throw FieldProblem(field: "role_id", message: "\(person.name) has no role \(id)", status: .notFound)
            }
            if let managed = managedCodes(user, view: view), !managed.contains(role.organisationCode) {
                throw NotPermitted(description: "Only \(role.organisationCode)'s officers can end a role there.")
            }
            let from = Day(iso: role.validFrom) ?? Day(ordinal: 0)
            guard let end = try FormValue.optionalDay(to, field: "end-role-\(id)", after: from) else {
                throw FieldProblem(field: "end-role-\(id)", message: "Enter the date the role ended, as YYYY-MM-DD")
            }
            try await db.raw("UPDATE person_roles SET valid_to = \(bind: end.iso) WHERE id = \(bind: id)").run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "person.role.end", entity: "person",
                entityID: String(person.id), before: ["role": String(id), "to": role.validTo ?? ""],
                after: ["role": String(id), "to": end.iso])
        }
    }

    /// Records a credential (by an officer, or by the person themselves).
    package static func addCredential(
        _ person: PersonRow, _ form: PeopleForm, by user: CurrentUser, app: Application
    ) async throws {
        guard let kind = CredentialKind(rawValue: form["credential"] ?? "") else {
            throw FieldProblem(field: "credential", message: "Choose the credential")
        }
        var label: String?
        if kind == .other {
            label = try FormValue.text(form["label"], field: "label", what: "what the credential is", max: 100)
        }
        let reference = try FormValue.optionalText(
            form["reference"], field: "reference", what: "the certificate or policy number", max: 60)
        let issued = try FormValue.day(form["issued_on"], field: "issued_on", what: "the date it was issued")
        let expires = try FormValue.optionalDay(form["expires_on"], field: "expires_on", after: issued)
        let (label_, reference_) = (label, reference)
        try await Store.write(app.db) { db in
            try await db.raw(
                """
                INSERT INTO person_credentials (person_id, kind, label, reference, issued_on, expires_on, created_by, \
                created_at)
                VALUES (\(bind: person.id), \(bind: kind.rawValue), \(bind: label_), \(bind: reference_), \
                \(bind: issued.iso), \(bind: expires?.iso), \(bind: user.username), \(bind: AuditChain.timestamp()))
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "person.credential.add", entity: "person",
                entityID: String(person.id),
                after: [
                    "kind": kind.rawValue, "label": label_ ?? "", "issuedOn": issued.iso,
                    "expiresOn": expires?.iso ?? "", "by": acting(user, for: person.id),
                ])
        }
    }

    /// Removes a credential recorded in error.
    package static func removeCredential(
        _ person: PersonRow, credential id: Int64, by user: CurrentUser, app: Application
    ) async throws {
        try await Store.write(app.db) { db in
            guard let row = try await credentials([person.id], on: db).first(where: { $0.id == id }) else {
                throw FieldProblem(
                    field: "credential_id", message: "\(person.name) has no credential \(id)", status: .notFound)
            }
            try await db.raw("DELETE FROM person_credentials WHERE id = \(bind: id)").run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "person.credential.remove", entity: "person",
                entityID: String(person.id),
                before: ["kind": row.kind, "issuedOn": row.issuedOn, "expiresOn": row.expiresOn ?? ""],
                after: ["by": acting(user, for: person.id)])
        }
    }
}

/// Any encodable value, for audit entries that mix kinds.
package struct AnyEncodable: Encodable {
    let value: any Encodable

    package init(_ value: any Encodable) {
        self.value = value
    }

    package func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
