import ConsortWeb
import ConsortCore
import Foundation
import Governance
import SQLKit
import Vapor

/// The registers and boards of a body (a consortium, locality or federation): people, their
/// roles at organisations and declarations; gifts and hospitality; boards, seats and quorum;
/// meetings, agenda items, the chair's actions on conflicts, votes and decisions; breaches.
/// Every write is one transaction with its audit entry.
package enum GovernanceStore {
    // MARK: Bodies and who edits them

    package static let bodyKinds: Set<GroupKind> = [.consortium, .locality, .federation]

    /// The body's officers: administrators; consortium officers of the consortium (or of a
    /// locality's consortium); the federation's managers.
    package static func canEdit(_ body: GroupInfo, _ user: CurrentUser?) -> Bool {
        guard let user else { return false }
        if user.isAdministrator { return true }
        switch body.kind {
        case .consortium: return user.scopes(of: .consortiumOfficer).contains(body.code)
        case .locality: return body.parent.map { user.scopes(of: .consortiumOfficer).contains($0) } ?? false
        case .federation: return user.scopes(of: .federationManager).contains(body.code)
        default: return false
        }
    }

    package static func requireEditor(_ body: GroupInfo, _ user: CurrentUser) throws {
        guard canEdit(body, user) else { throw NotPermitted(description: "Only \(body.name)'s officers can change its registers and boards.") }
    }

    // MARK: Rows

    package struct Person: Decodable, Sendable { package let id: Int64; package let bodyCode: String; package let name: String; package let isDemo: Bool 

package init(id: Int64, bodyCode: String, name: String, isDemo: Bool) {
    self.id = id
    self.bodyCode = bodyCode
    self.name = name
    self.isDemo = isDemo
}}
    package struct AffiliationRow: Decodable, Sendable { package let id: Int64; package let personId: Int64; package let organisationCode: String; package let role: String; package let validFrom: String; package let validTo: String? 

package init(id: Int64, personId: Int64, organisationCode: String, role: String, validFrom: String, validTo: String?) {
    self.id = id
    self.personId = personId
    self.organisationCode = organisationCode
    self.role = role
    self.validFrom = validFrom
    self.validTo = validTo
}}
    package struct DeclarationRow: Decodable, Sendable {
        package let id: Int64; package let personId: Int64; package let kind: String; package let organisationCode: String?; package let organisationName: String
        package let description: String; package let validFrom: String; package let validTo: String?; package let declaredOn: String

        package var interest: InterestKind { InterestKind(rawValue: kind) ?? .financial }
        package var declaration: Declaration {
            Declaration(id: String(id), person: String(personId), kind: interest, organisation: organisationCode, description: description,
                        from: Day(iso: validFrom) ?? Day(ordinal: 0), to: validTo.flatMap(Day.init(iso:)))
        }

        package init(id: Int64, personId: Int64, kind: String, organisationCode: String?, organisationName: String, description: String, validFrom: String, validTo: String?, declaredOn: String) {
            self.id = id
            self.personId = personId
            self.kind = kind
            self.organisationCode = organisationCode
            self.organisationName = organisationName
            self.description = description
            self.validFrom = validFrom
            self.validTo = validTo
            self.declaredOn = declaredOn
        }
    }
    package struct GiftRow: Decodable, Sendable {
        package let id: Int64; package let bodyCode: String; package let personId: Int64; package let kind: String; package let source: String; package let promotional: Bool
        package let donor: String; package let description: String; package let valuePence: Int; package let receivedOn: String; package let outcome: String; package let reason: String; package let approvedBy: String?

        package init(id: Int64, bodyCode: String, personId: Int64, kind: String, source: String, promotional: Bool, donor: String, description: String, valuePence: Int, receivedOn: String, outcome: String, reason: String, approvedBy: String?) {
            self.id = id
            self.bodyCode = bodyCode
            self.personId = personId
            self.kind = kind
            self.source = source
            self.promotional = promotional
            self.donor = donor
            self.description = description
            self.valuePence = valuePence
            self.receivedOn = receivedOn
            self.outcome = outcome
            self.reason = reason
            self.approvedBy = approvedBy
        }
    }
    package struct Board: Decodable, Sendable {
        package let id: Int64; package let bodyCode: String; package let name: String; package let quorum: String
        package var rule: QuorumRule { (try? JSONDecoder().decode(QuorumRule.self, from: Data(quorum.utf8))) ?? QuorumRule(minimum: 1) }

        package init(id: Int64, bodyCode: String, name: String, quorum: String) {
            self.id = id
            self.bodyCode = bodyCode
            self.name = name
            self.quorum = quorum
        }
    }
    package struct SeatRow: Decodable, Sendable {
        package let id: Int64; package let boardId: Int64; package let personId: Int64; package let role: String; package let validFrom: String; package let validTo: String?
        package var boardRole: BoardRole { BoardRole(rawValue: role) ?? .other }

        package init(id: Int64, boardId: Int64, personId: Int64, role: String, validFrom: String, validTo: String?) {
            self.id = id
            self.boardId = boardId
            self.personId = personId
            self.role = role
            self.validFrom = validFrom
            self.validTo = validTo
        }
    }
    package struct Meeting: Decodable, Sendable { package let id: Int64; package let boardId: Int64; package let heldOn: String; package let title: String
        package var day: Day { Day(iso: heldOn) ?? Day(ordinal: 0) }

package init(id: Int64, boardId: Int64, heldOn: String, title: String) {
    self.id = id
    self.boardId = boardId
    self.heldOn = heldOn
    self.title = title
}
    }
    package struct Item: Decodable, Sendable {
        package let id: Int64; package let meetingId: Int64; package let number: Int; package let title: String; package let isProcurement: Bool
        package let decision: String?; package let decidedBy: String?; package let decidedAt: String?; package let record: String?

        package init(id: Int64, meetingId: Int64, number: Int, title: String, isProcurement: Bool, decision: String?, decidedBy: String?, decidedAt: String?, record: String?) {
            self.id = id
            self.meetingId = meetingId
            self.number = number
            self.title = title
            self.isProcurement = isProcurement
            self.decision = decision
            self.decidedBy = decidedBy
            self.decidedAt = decidedAt
            self.record = record
        }
    }
    package struct ItemOrg: Decodable, Sendable { package let itemId: Int64; package let organisationCode: String; package let organisationName: String; package let role: String 

package init(itemId: Int64, organisationCode: String, organisationName: String, role: String) {
    self.itemId = itemId
    self.organisationCode = organisationCode
    self.organisationName = organisationName
    self.role = role
}}
    package struct Action: Decodable, Sendable { package let itemId: Int64; package let personId: Int64; package let action: String; package let reason: String 

package init(itemId: Int64, personId: Int64, action: String, reason: String) {
    self.itemId = itemId
    self.personId = personId
    self.action = action
    self.reason = reason
}}
    package struct VoteRow: Decodable, Sendable { package let itemId: Int64; package let personId: Int64; package let vote: String 

package init(itemId: Int64, personId: Int64, vote: String) {
    self.itemId = itemId
    self.personId = personId
    self.vote = vote
}}
    package struct Breach: Decodable, Sendable { package let id: Int64; package let bodyCode: String; package let occurredOn: String; package let summary: String; package let action: String 

package init(id: Int64, bodyCode: String, occurredOn: String, summary: String, action: String) {
    self.id = id
    self.bodyCode = bodyCode
    self.occurredOn = occurredOn
    self.summary = summary
    self.action = action
}}

    package static func people(_ body: String, on db: any SQLDatabase) async throws -> [Person] {
        try await db.raw("SELECT id, body_code, name, is_demo FROM gov_people WHERE body_code = \(bind: body) ORDER BY name, id").all(decoding: Person.self, with: snakeCaseRows)
    }
    package static func allPeople(on db: any SQLDatabase) async throws -> [Person] {
        try await db.raw("SELECT id, body_code, name, is_demo FROM gov_people ORDER BY name, id").all(decoding: Person.self, with: snakeCaseRows)
    }
    package static func person(_ id: Int64, on db: any SQLDatabase) async throws -> Person {
        guard let p = try await db.raw("SELECT id, body_code, name, is_demo FROM gov_people WHERE id = \(bind: id)").first(decoding: Person.self, with: snakeCaseRows) else {
            throw Abort(.notFound, reason: "There is no person \(id) on any register.")
        }
        return p
    }
    package static func affiliations(_ people: [Int64]? = nil, on db: any SQLDatabase) async throws -> [AffiliationRow] {
        try await db.raw("SELECT id, person_id, organisation_code, role, valid_from, valid_to FROM gov_affiliations \(filter(people)) ORDER BY valid_from, id")
            .all(decoding: AffiliationRow.self, with: snakeCaseRows)
    }
    package static func declarations(_ people: [Int64]? = nil, on db: any SQLDatabase) async throws -> [DeclarationRow] {
        try await db.raw("""
            SELECT id, person_id, kind, organisation_code, organisation_name, description, valid_from, valid_to, declared_on
            FROM gov_declarations \(filter(people)) ORDER BY valid_from, id
            """).all(decoding: DeclarationRow.self, with: snakeCaseRows)
    }
    package static func filter(_ people: [Int64]?) -> SQLQueryString {
        guard let people else { return "" }
        return "WHERE person_id IN (\(SQLQueryString(people.isEmpty ? "NULL" : people.map(String.init).joined(separator: ","))))"
    }
    package static func boards(_ body: String, on db: any SQLDatabase) async throws -> [Board] {
        try await db.raw("SELECT id, body_code, name, quorum FROM gov_boards WHERE body_code = \(bind: body) ORDER BY name, id").all(decoding: Board.self, with: snakeCaseRows)
    }
    package static func board(_ id: Int64, on db: any SQLDatabase) async throws -> Board {
        guard let b = try await db.raw("SELECT id, body_code, name, quorum FROM gov_boards WHERE id = \(bind: id)").first(decoding: Board.self, with: snakeCaseRows) else {
            throw Abort(.notFound, reason: "There is no board \(id).")
        }
        return b
    }
    package static func seats(board: Int64? = nil, on db: any SQLDatabase) async throws -> [SeatRow] {
        let filter: SQLQueryString = board.map { "WHERE board_id = \(bind: $0)" } ?? ""
        return try await db.raw("SELECT id, board_id, person_id, role, valid_from, valid_to FROM gov_seats \(filter) ORDER BY valid_from, id")
            .all(decoding: SeatRow.self, with: snakeCaseRows)
    }
    package static func meeting(_ id: Int64, on db: any SQLDatabase) async throws -> Meeting {
        guard let m = try await db.raw("SELECT id, board_id, held_on, title FROM gov_meetings WHERE id = \(bind: id)").first(decoding: Meeting.self, with: snakeCaseRows) else {
            throw Abort(.notFound, reason: "There is no meeting \(id).")
        }
        return m
    }
    package static func meetings(board: Int64, on db: any SQLDatabase) async throws -> [Meeting] {
        try await db.raw("SELECT id, board_id, held_on, title FROM gov_meetings WHERE board_id = \(bind: board) ORDER BY held_on DESC, id DESC").all(decoding: Meeting.self, with: snakeCaseRows)
    }
    package static func items(meeting: Int64, on db: any SQLDatabase) async throws -> [Item] {
        try await db.raw("SELECT id, meeting_id, number, title, is_procurement, decision, decided_by, decided_at, record FROM gov_items WHERE meeting_id = \(bind: meeting) ORDER BY number, id")
            .all(decoding: Item.self, with: snakeCaseRows)
    }
    package static func item(_ id: Int64, on db: any SQLDatabase) async throws -> Item {
        guard let i = try await db.raw("SELECT id, meeting_id, number, title, is_procurement, decision, decided_by, decided_at, record FROM gov_items WHERE id = \(bind: id)")
            .first(decoding: Item.self, with: snakeCaseRows) else { throw Abort(.notFound, reason: "There is no agenda item \(id).") }
        return i
    }
    package static func attendance(_ meeting: Int64, on db: any SQLDatabase) async throws -> Set<Int64> {
        struct R: Decodable { package let personId: Int64 }
        return Set(try await db.raw("SELECT person_id FROM gov_attendance WHERE meeting_id = \(bind: meeting)").all(decoding: R.self, with: snakeCaseRows).map(\.personId))
    }
    package static func itemOrgs(_ items: [Int64], on db: any SQLDatabase) async throws -> [ItemOrg] {
        guard !items.isEmpty else { return [] }
        return try await db.raw("SELECT item_id, organisation_code, organisation_name, role FROM gov_item_orgs WHERE item_id IN (\(SQLQueryString(items.map(String.init).joined(separator: ","))))")
            .all(decoding: ItemOrg.self, with: snakeCaseRows)
    }
    package static func actions(_ items: [Int64], on db: any SQLDatabase) async throws -> [Action] {
        guard !items.isEmpty else { return [] }
        return try await db.raw("SELECT item_id, person_id, action, reason FROM gov_actions WHERE item_id IN (\(SQLQueryString(items.map(String.init).joined(separator: ","))))")
            .all(decoding: Action.self, with: snakeCaseRows)
    }
    package static func votes(_ items: [Int64], on db: any SQLDatabase) async throws -> [VoteRow] {
        guard !items.isEmpty else { return [] }
        return try await db.raw("SELECT item_id, person_id, vote FROM gov_votes WHERE item_id IN (\(SQLQueryString(items.map(String.init).joined(separator: ","))))")
            .all(decoding: VoteRow.self, with: snakeCaseRows)
    }
    package static func gifts(_ body: String, on db: any SQLDatabase) async throws -> [GiftRow] {
        try await db.raw("""
            SELECT id, body_code, person_id, kind, source, promotional, donor, description, value_pence, received_on, outcome, reason, approved_by
            FROM gov_gifts WHERE body_code = \(bind: body) ORDER BY received_on DESC, id DESC
            """).all(decoding: GiftRow.self, with: snakeCaseRows)
    }
    package static func breaches(_ body: String, on db: any SQLDatabase) async throws -> [Breach] {
        try await db.raw("SELECT id, body_code, occurred_on, summary, action FROM gov_breaches WHERE body_code = \(bind: body) ORDER BY occurred_on DESC, id DESC")
            .all(decoding: Breach.self, with: snakeCaseRows)
    }

    // MARK: Validation helpers

    package static func text(_ value: String?, field: String, what: String, max: Int = 200) throws -> String {
        let clean = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !clean.isEmpty, clean.count <= max else { throw FieldProblem(field: field, message: "Give \(what) (up to \(max) characters)") }
        return clean
    }

    package static func day(_ value: String?, field: String, what: String) throws -> Day {
        guard let d = Day(iso: (value ?? "").trimmingCharacters(in: .whitespaces)) else { throw FieldProblem(field: field, message: "Enter \(what) as YYYY-MM-DD") }
        return d
    }

    package static func optionalDay(_ value: String?, field: String, after from: Day) throws -> Day? {
        let t = (value ?? "").trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        guard let d = Day(iso: t) else { throw FieldProblem(field: field, message: "Enter the end date as YYYY-MM-DD, or leave it empty") }
        guard d >= from else { throw FieldProblem(field: field, message: "The end date must be on or after the start, \(from.long)") }
        return d
    }

    /// A registry organisation by code (practice or group), as the registry holds it today or,
    /// failing that, on `day`.
    package static func organisation(_ code: String, field: String, on day: Day, app: Application) async throws -> (code: String, name: String) {
        let c = code.trimmingCharacters(in: .whitespaces).uppercased()
        for date in [Day.today(), day] {
            let view = try await app.registryCache.view(at: date, on: Store.sql(app.db))
            if let i = view.index[c] { return (c, view.practices[i].name) }
            if let g = view.groups[c] { return (c, g.name) }
        }
        throw FieldProblem(field: field, message: "\(c.isEmpty ? "(empty)" : c) is not a practice or group code in the registry; use an ODS code such as A81001 or a group code such as FED-0001")
    }

    // MARK: People, roles, declarations

    @discardableResult
    package static func addPerson(body: GroupInfo, name: String?, isDemo: Bool = false, by user: CurrentUser, app: Application) async throws -> Int64 {
        try requireEditor(body, user)
        let clean = try text(name, field: "name", what: "the person's name", max: 100)
        return try await Store.write(app.db) { db in
            struct ID: Decodable { package let id: Int64 }
            let id = try await db.raw("""
                INSERT INTO gov_people (body_code, name, is_demo, created_by, created_at)
                VALUES (\(bind: body.code), \(bind: clean), \(bind: isDemo), \(bind: user.username), \(bind: AuditChain.timestamp())) RETURNING id
                """).first(decoding: ID.self)?.id ?? 0
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.person.add", entity: "gov_person", entityID: String(id),
                                      after: ["body": body.code, "name": clean])
            return id
        }
    }

    package static func addAffiliation(person: Person, body: GroupInfo, organisation: String?, role: String?, from: String?, to: String?,
                               by user: CurrentUser, app: Application) async throws {
        try requireEditor(body, user)
        let start = try day(from, field: "affiliation_from", what: "the date the role began")
        let org = try await self.organisation(organisation ?? "", field: "affiliation_organisation", on: start, app: app)
        let what = try text(role, field: "affiliation_role", what: "the role, e.g. GP partner, salaried GP, practice manager, director", max: 100)
        let end = try optionalDay(to, field: "affiliation_to", after: start)
        try await Store.write(app.db) { db in
            try await db.raw("""
                INSERT INTO gov_affiliations (person_id, organisation_code, role, valid_from, valid_to)
                VALUES (\(bind: person.id), \(bind: org.code), \(bind: what), \(bind: start.iso), \(bind: end?.iso))
                """).run()
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.affiliation.add", entity: "gov_person", entityID: String(person.id),
                                      after: ["organisation": org.code, "role": what, "from": start.iso, "to": end?.iso ?? ""])
        }
    }

    package static func addDeclaration(person: Person, body: GroupInfo, kind: String?, organisation: String?, description: String?,
                               from: String?, to: String?, declaredOn: String?, by user: CurrentUser, app: Application) async throws {
        try requireEditor(body, user)
        guard let interest = InterestKind(rawValue: kind ?? "") else { throw FieldProblem(field: "kind", message: "Choose the kind of interest, or a nil return") }
        let start = try day(from, field: "from", what: interest == .none ? "the date the nil return covers from" : "the date the interest began")
        let declared = try day(declaredOn, field: "declared_on", what: "the date it was declared")
        let end = try optionalDay(to, field: "to", after: start)
        var code: String?, name = ""
        var detail = ""
        if interest != .none {
            // A registry code when it is one, so that conflicts can follow it; otherwise a name.
            name = try text(organisation, field: "organisation", what: "the organisation the interest is in: a registry code, or its name", max: 150)
            if let found = try? await self.organisation(name, field: "organisation", on: start, app: app) { (code, name) = found }
            detail = try text(description, field: "description", what: "the nature of the interest, e.g. Partner, Shareholder, Spouse is a director", max: 300)
        }
        let (code_, name_, detail_) = (code, name, detail)
        try await Store.write(app.db) { db in
            let (code, name, detail) = (code_, name_, detail_)
            try await db.raw("""
                INSERT INTO gov_declarations (person_id, kind, organisation_code, organisation_name, description, valid_from, valid_to, declared_on, created_by, created_at)
                VALUES (\(bind: person.id), \(bind: interest.rawValue), \(bind: code), \(bind: name), \(bind: detail), \(bind: start.iso), \(bind: end?.iso),
                        \(bind: declared.iso), \(bind: user.username), \(bind: AuditChain.timestamp()))
                """).run()
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.declaration.add", entity: "gov_person", entityID: String(person.id),
                                      after: ["kind": interest.rawValue, "organisation": code ?? name, "description": detail, "from": start.iso, "to": end?.iso ?? "",
                                              "declaredOn": declared.iso])
        }
    }

    /// Ends a declared interest on a day.
    package static func endDeclaration(_ id: Int64, person: Person, body: GroupInfo, on to: String?, by user: CurrentUser, app: Application) async throws {
        try requireEditor(body, user)
        try await Store.write(app.db) { db in
            guard let d = try await declarations([person.id], on: db).first(where: { $0.id == id }) else { throw Abort(.notFound, reason: "There is no declaration \(id) of \(person.name).") }
            let end = try optionalDay(to, field: "end-\(id)", after: Day(iso: d.validFrom) ?? Day(ordinal: 0))
            guard let end else { throw FieldProblem(field: "end-\(id)", message: "Enter the date the interest ended, as YYYY-MM-DD") }
            try await db.raw("UPDATE gov_declarations SET valid_to = \(bind: end.iso) WHERE id = \(bind: id)").run()
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.declaration.end", entity: "gov_person", entityID: String(person.id),
                                      before: ["declaration": String(id), "to": d.validTo ?? ""], after: ["declaration": String(id), "to": end.iso])
        }
    }

    /// Ends a role at an organisation on a day.
    package static func endAffiliation(_ id: Int64, person: Person, body: GroupInfo, on to: String?, by user: CurrentUser, app: Application) async throws {
        try requireEditor(body, user)
        try await Store.write(app.db) { db in
            guard let a = try await affiliations([person.id], on: db).first(where: { $0.id == id }) else { throw Abort(.notFound, reason: "There is no role \(id) of \(person.name).") }
            guard let end = try optionalDay(to, field: "end-role-\(id)", after: Day(iso: a.validFrom) ?? Day(ordinal: 0)) else {
                throw FieldProblem(field: "end-role-\(id)", message: "Enter the date the role ended, as YYYY-MM-DD")
            }
            try await db.raw("UPDATE gov_affiliations SET valid_to = \(bind: end.iso) WHERE id = \(bind: id)").run()
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.affiliation.end", entity: "gov_person", entityID: String(person.id),
                                      before: ["role": String(id), "to": a.validTo ?? ""], after: ["role": String(id), "to": end.iso])
        }
    }

    // MARK: Gifts and hospitality

    /// Records a gift or hospitality offered to a person, with the outcome the NHS thresholds
    /// give. Returns the outcome and its reason.
    package static func addGift(body: GroupInfo, person: Person, kind: String?, source: String?, promotional: Bool, donor: String?, description: String?,
                        value: String?, receivedOn: String?, approvedBy: String?, by user: CurrentUser, app: Application) async throws -> (GiftRules.Outcome, String) {
        try requireEditor(body, user)
        guard let kind = GiftRules.Kind(rawValue: kind ?? "") else { throw FieldProblem(field: "gift_kind", message: "Choose gift or hospitality") }
        guard let source = GiftRules.Source(rawValue: source ?? "") else { throw FieldProblem(field: "source", message: "Choose who offered it: a supplier or contractor, or someone else") }
        let from = try text(donor, field: "donor", what: "who offered it", max: 150)
        let what = try text(description, field: "gift_description", what: "what was offered", max: 300)
        guard let pence = GiftRules.pence(value ?? "") else { throw FieldProblem(field: "value", message: "Give its value in pounds, e.g. 25 or 74.99") }
        let received = try day(receivedOn, field: "received_on", what: "the date it was offered")
        let approver = (approvedBy ?? "").trimmingCharacters(in: .whitespaces)
        let db = Store.sql(app.db)
        // The £50 limit on gifts is cumulative from one source over twelve months.
        struct Sum: Decodable { package let total: Int? }
        let earlier = kind == .gift && source == .other ? (try await db.raw("""
            SELECT CAST(SUM(value_pence) AS BIGINT) AS total FROM gov_gifts WHERE person_id = \(bind: person.id) AND kind = 'gift' AND LOWER(donor) = \(bind: from.lowercased())
              AND received_on > \(bind: received.adding(days: -365).iso) AND received_on <= \(bind: received.iso) AND outcome <> 'refuse'
            """).first(decoding: Sum.self)?.total ?? 0) : 0
        let (outcome, reason) = GiftRules.decide(kind: kind, source: source, pence: pence, promotional: promotional, earlierFromSource: earlier,
                                                 seniorApproval: !approver.isEmpty)
        try await Store.write(app.db) { db in
            try await db.raw("""
                INSERT INTO gov_gifts (body_code, person_id, kind, source, promotional, donor, description, value_pence, received_on, outcome, reason, approved_by, created_by, created_at)
                VALUES (\(bind: body.code), \(bind: person.id), \(bind: kind.rawValue), \(bind: source.rawValue), \(bind: promotional), \(bind: from), \(bind: what),
                        \(bind: pence), \(bind: received.iso), \(bind: outcome.rawValue), \(bind: reason), \(bind: approver.isEmpty ? nil : approver),
                        \(bind: user.username), \(bind: AuditChain.timestamp()))
                """).run()
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.gift.add", entity: "gov_person", entityID: String(person.id),
                                      after: ["kind": kind.rawValue, "source": source.rawValue, "value": GiftRules.money(pence), "outcome": outcome.rawValue])
        }
        return (outcome, reason)
    }

    // MARK: Boards

    @discardableResult
    package static func createBoard(body: GroupInfo, name: String?, by user: CurrentUser, app: Application) async throws -> Int64 {
        try requireEditor(body, user)
        let clean = try text(name, field: "board_name", what: "the board's or committee's name", max: 120)
        let rule = QuorumRule(minimum: 3)
        return try await Store.write(app.db) { db in
            struct ID: Decodable { package let id: Int64 }
            let id = try await db.raw("""
                INSERT INTO gov_boards (body_code, name, quorum, created_by, created_at)
                VALUES (\(bind: body.code), \(bind: clean), \(bind: try encode(rule)), \(bind: user.username), \(bind: AuditChain.timestamp())) RETURNING id
                """).first(decoding: ID.self)?.id ?? 0
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.board.create", entity: "gov_board", entityID: String(id),
                                      after: ["body": body.code, "name": clean, "quorum": rule.description])
            return id
        }
    }

    package static func encode(_ rule: QuorumRule) throws -> String { String(decoding: try JSONEncoder().encode(rule), as: UTF8.self) }

    package static func setQuorum(_ board: Board, body: GroupInfo, minimum: String?, atLeast: [BoardRole: String?], majority: [BoardRole],
                          by user: CurrentUser, app: Application) async throws {
        try requireEditor(body, user)
        guard let n = Int((minimum ?? "").trimmingCharacters(in: .whitespaces)), (1...50).contains(n) else {
            throw FieldProblem(field: "minimum", message: "Give the fewest members who make a quorum, 1 to 50")
        }
        var roles: [BoardRole: Int] = [:]
        for role in BoardRole.allCases {
            let t = ((atLeast[role] ?? nil) ?? "").trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            guard let k = Int(t), (0...n).contains(k) else { throw FieldProblem(field: "at_least_\(role.rawValue)", message: "At least how many \(role.label.lowercased())s: a whole number from 0 to \(n)") }
            if k > 0 { roles[role] = k }
        }
        let rule = QuorumRule(minimum: n, atLeast: roles, majorityOf: Set(majority))
        try await Store.write(app.db) { db in
            try await db.raw("UPDATE gov_boards SET quorum = \(bind: try encode(rule)) WHERE id = \(bind: board.id)").run()
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.board.quorum", entity: "gov_board", entityID: String(board.id),
                                      before: ["quorum": board.rule.description], after: ["quorum": rule.description])
        }
    }

    package static func addSeat(_ board: Board, body: GroupInfo, person: String?, role: String?, from: String?, to: String?,
                        by user: CurrentUser, app: Application) async throws {
        try requireEditor(body, user)
        guard let pid = Int64(person ?? "") else { throw FieldProblem(field: "person", message: "Choose the member") }
        guard case let who = try await self.person(pid, on: Store.sql(app.db)), who.bodyCode == body.code else {
            throw FieldProblem(field: "person", message: "Choose one of \(body.name)'s people")
        }
        guard let seatRole = BoardRole(rawValue: role ?? "") else { throw FieldProblem(field: "role", message: "Choose the member's role on the board") }
        let start = try day(from, field: "seat_from", what: "the date the member took up the seat")
        let end = try optionalDay(to, field: "seat_to", after: start)
        try await Store.write(app.db) { db in
            try await db.raw("""
                INSERT INTO gov_seats (board_id, person_id, role, valid_from, valid_to)
                VALUES (\(bind: board.id), \(bind: pid), \(bind: seatRole.rawValue), \(bind: start.iso), \(bind: end?.iso))
                """).run()
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.seat.add", entity: "gov_board", entityID: String(board.id),
                                      after: ["person": who.name, "role": seatRole.rawValue, "from": start.iso, "to": end?.iso ?? ""])
        }
    }

    /// Ends a member's seat on a day: from then they are no longer a decision-maker of the board.
    package static func endSeat(_ board: Board, body: GroupInfo, seat id: Int64, on to: String?, by user: CurrentUser, app: Application) async throws {
        try requireEditor(body, user)
        try await Store.write(app.db) { db in
            guard let seat = try await seats(board: board.id, on: db).first(where: { $0.id == id }) else { throw Abort(.notFound, reason: "\(board.name) has no seat \(id).") }
            guard let end = try optionalDay(to, field: "end-seat-\(id)", after: Day(iso: seat.validFrom) ?? Day(ordinal: 0)) else {
                throw FieldProblem(field: "end-seat-\(id)", message: "Enter the date the member left, as YYYY-MM-DD")
            }
            try await db.raw("UPDATE gov_seats SET valid_to = \(bind: end.iso) WHERE id = \(bind: id)").run()
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.seat.end", entity: "gov_board", entityID: String(board.id),
                                      before: ["seat": String(id), "to": seat.validTo ?? ""], after: ["seat": String(id), "to": end.iso])
        }
    }

    // MARK: Meetings

    @discardableResult
    package static func createMeeting(_ board: Board, body: GroupInfo, title: String?, heldOn: String?, by user: CurrentUser, app: Application) async throws -> Int64 {
        try requireEditor(body, user)
        let clean = try text(title, field: "title", what: "the meeting's title", max: 150)
        let day = try day(heldOn, field: "held_on", what: "the date of the meeting")
        return try await Store.write(app.db) { db in
            struct ID: Decodable { package let id: Int64 }
            let id = try await db.raw("""
                INSERT INTO gov_meetings (board_id, held_on, title, created_by, created_at)
                VALUES (\(bind: board.id), \(bind: day.iso), \(bind: clean), \(bind: user.username), \(bind: AuditChain.timestamp())) RETURNING id
                """).first(decoding: ID.self)?.id ?? 0
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.meeting.create", entity: "gov_meeting", entityID: String(id),
                                      after: ["board": String(board.id), "title": clean, "heldOn": day.iso])
            return id
        }
    }

    /// The board's members on the meeting's day: person id → (name, role).
    package static func members(_ board: Board, on day: Day, db: any SQLDatabase) async throws -> [Int64: (name: String, role: BoardRole)] {
        let seats = try await self.seats(board: board.id, on: db).filter { s in
            (Day(iso: s.validFrom) ?? day) <= day && (s.validTo.flatMap(Day.init(iso:)).map { day <= $0 } ?? true)
        }
        let names = Dictionary(uniqueKeysWithValues: try await allPeople(on: db).map { ($0.id, $0.name) })
        return Dictionary(seats.map { ($0.personId, (names[$0.personId] ?? "person \($0.personId)", $0.boardRole)) }, uniquingKeysWith: { a, _ in a })
    }

    package static func setAttendance(_ meeting: Meeting, board: Board, body: GroupInfo, present: [Int64], by user: CurrentUser, app: Application) async throws {
        try requireEditor(body, user)
        let members = try await self.members(board, on: meeting.day, db: Store.sql(app.db))
        if let stranger = present.first(where: { members[$0] == nil }) {
            throw FieldProblem(field: "attendance", message: "Person \(stranger) does not hold a seat on \(board.name) on \(meeting.day.long)")
        }
        let decided = try await items(meeting: meeting.id, on: Store.sql(app.db)).contains { $0.decision != nil }
        guard !decided else { throw FieldProblem(field: "attendance", message: "Decisions are recorded for this meeting; its attendance can no longer change", status: .conflict) }
        try await Store.write(app.db) { db in
            let before = try await attendance(meeting.id, on: db)
            try await db.raw("DELETE FROM gov_attendance WHERE meeting_id = \(bind: meeting.id)").run()
            for p in Set(present) { try await db.raw("INSERT INTO gov_attendance (meeting_id, person_id) VALUES (\(bind: meeting.id), \(bind: p))").run() }
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.meeting.attendance", entity: "gov_meeting", entityID: String(meeting.id),
                                      before: ["present": before.sorted().map(String.init).joined(separator: ",")],
                                      after: ["present": Set(present).sorted().map(String.init).joined(separator: ",")])
        }
    }

    /// Adds an agenda item naming the registry organisations it concerns and those bidding for it.
    package static func addItem(_ meeting: Meeting, body: GroupInfo, title: String?, procurement: Bool, subjects: String?, bidders: String?,
                        by user: CurrentUser, app: Application) async throws {
        try requireEditor(body, user)
        let clean = try text(title, field: "item_title", what: "the item's title", max: 200)
        func codes(_ text: String?, _ field: String) async throws -> [(String, String)] {
            var out: [(String, String)] = []
            for code in (text ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }) {
                let found = try await organisation(String(code), field: field, on: meeting.day, app: app)
                out.append((found.code, found.name))
            }
            return out
        }
        let orgs = try await codes(subjects, "subjects").map { ($0.0, $0.1, ItemOrganisation.Role.subject) }
            + codes(bidders, "bidders").map { ($0.0, $0.1, ItemOrganisation.Role.bidder) }
        if procurement && !orgs.contains(where: { $0.2 == .bidder }) {
            throw FieldProblem(field: "bidders", message: "A procurement item names its bidders, so that their conflicts are found")
        }
        try await Store.write(app.db) { db in
            struct N: Decodable { package let n: Int? }
            let number = (try await db.raw("SELECT MAX(number) AS n FROM gov_items WHERE meeting_id = \(bind: meeting.id)").first(decoding: N.self)?.n ?? 0) + 1
            struct ID: Decodable { package let id: Int64 }
            let id = try await db.raw("""
                INSERT INTO gov_items (meeting_id, number, title, is_procurement) VALUES (\(bind: meeting.id), \(bind: number), \(bind: clean), \(bind: procurement)) RETURNING id
                """).first(decoding: ID.self)?.id ?? 0
            var seen = Set<String>()
            for (code, name, role) in orgs where seen.insert(code).inserted {
                try await db.raw("INSERT INTO gov_item_orgs (item_id, organisation_code, organisation_name, role) VALUES (\(bind: id), \(bind: code), \(bind: name), \(bind: role.rawValue))").run()
            }
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.item.add", entity: "gov_meeting", entityID: String(meeting.id),
                                      after: ["item": String(id), "title": clean, "procurement": procurement ? "yes" : "no",
                                              "organisations": orgs.map { "\($0.0) (\($0.2.rawValue))" }.joined(separator: ", ")])
        }
    }

    /// What conflict finding needs about a meeting, read once for all its items: the board's
    /// members that day, their seats, roles and declarations, and the registry's memberships.
    package struct ConflictContext: Sendable {
        package let people: [String: String]
        package let day: Day
        package let board: String
        package let declarations: [Declaration]
        package let affiliations: [Affiliation]
        package let seats: [Seat]
        package let graph: OrganisationGraph

        /// Everyone on the board conflicted on an item with these organisations, with the chains.
        package func conflicts(_ orgs: [ItemOrg]) -> [Conflict] {
            var names = graph.names
            for o in orgs { names[o.organisationCode] = o.organisationName }
            let item = orgs.map { ItemOrganisation(code: $0.organisationCode, name: $0.organisationName, role: ItemOrganisation.Role(rawValue: $0.role) ?? .subject) }
            return ConflictFinder.conflicts(people: people, item: item, day: day, board: board, declarations: declarations, affiliations: affiliations,
                                            seats: seats, graph: OrganisationGraph(names: names, groupsOf: graph.groupsOf))
        }

        package init(people: [String: String], day: Day, board: String, declarations: [Declaration], affiliations: [Affiliation], seats: [Seat], graph: OrganisationGraph) {
            self.people = people
            self.day = day
            self.board = board
            self.declarations = declarations
            self.affiliations = affiliations
            self.seats = seats
            self.graph = graph
        }
    }

    package static func conflictContext(meeting: Meeting, board: Board, app: Application) async throws -> ConflictContext {
        let db = Store.sql(app.db)
        let members = try await self.members(board, on: meeting.day, db: db)
        let ids = Array(members.keys)
        let view = try await app.registryCache.view(at: meeting.day, on: db)
        let boards = Dictionary(uniqueKeysWithValues: try await db.raw("SELECT id, body_code, name, quorum FROM gov_boards").all(decoding: Board.self, with: snakeCaseRows).map { ($0.id, $0) })
        let seats = try await self.seats(on: db).filter { ids.contains($0.personId) }.compactMap { s -> Seat? in
            guard let b = boards[s.boardId], let from = Day(iso: s.validFrom) else { return nil }
            return Seat(person: String(s.personId), board: String(s.boardId), body: b.bodyCode, role: s.boardRole, from: from, to: s.validTo.flatMap(Day.init(iso:)))
        }
        let affiliations = try await self.affiliations(ids, on: db).compactMap { a -> Affiliation? in
            guard let from = Day(iso: a.validFrom) else { return nil }
            return Affiliation(person: String(a.personId), organisation: a.organisationCode, role: a.role, from: from, to: a.validTo.flatMap(Day.init(iso:)))
        }
        let declarations = try await self.declarations(ids, on: db).map(\.declaration)
        // The registry's memberships at the meeting's date, for the practices the members are linked to.
        let linked = Set(affiliations.map(\.organisation) + declarations.compactMap(\.organisation))
        var groupsOf: [String: [String]] = [:]
        var names: [String: String] = [:]
        for g in view.groups.values where g.isOpen(at: meeting.day) {
            names[g.code] = g.name
            for m in g.members where linked.contains(view.practices[m].code) { groupsOf[view.practices[m].code, default: []].append(g.code) }
        }
        for code in linked { if let i = view.index[code] { names[code] = view.practices[i].name } }
        return ConflictContext(people: Dictionary(uniqueKeysWithValues: members.map { (String($0.key), $0.value.name) }), day: meeting.day,
                               board: String(board.id), declarations: declarations, affiliations: affiliations, seats: seats,
                               graph: OrganisationGraph(names: names, groupsOf: groupsOf))
    }

    package static func setAction(_ item: Item, meeting: Meeting, body: GroupInfo, person: Int64, action: String?, reason: String?,
                          by user: CurrentUser, app: Application) async throws {
        try requireEditor(body, user)
        guard item.decision == nil else { throw FieldProblem(field: "action-\(person)", message: "The decision on this item is recorded; its conflicts can no longer change", status: .conflict) }
        guard let a = ConflictAction(rawValue: action ?? "") else { throw FieldProblem(field: "action-\(person)", message: "Choose how the conflict is managed") }
        let why = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if a == .allowed && why.isEmpty { throw FieldProblem(field: "action-\(person)", message: "Give the reason the member may take part despite the conflict") }
        try await Store.write(app.db) { db in
            try await db.raw("DELETE FROM gov_actions WHERE item_id = \(bind: item.id) AND person_id = \(bind: person)").run()
            try await db.raw("""
                INSERT INTO gov_actions (item_id, person_id, action, reason, recorded_by) VALUES (\(bind: item.id), \(bind: person), \(bind: a.rawValue), \(bind: why), \(bind: user.username))
                """).run()
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.conflict.action", entity: "gov_item", entityID: String(item.id),
                                      after: ["person": String(person), "action": a.rawValue, "reason": why])
        }
    }

    /// What the decision record keeps: who counted, who was conflicted and how it was managed, and the votes.
    package struct DecisionRecord: Codable, Sendable {
        package struct Managed: Codable, Sendable { package let name: String; package let reasons: [String]; package let action: String; package let note: String 

package init(name: String, reasons: [String], action: String, note: String) {
    self.name = name
    self.reasons = reasons
    self.action = action
    self.note = note
}}
        package let board: String
        package let counted: [String]
        package let conflicts: [Managed]
        package let votesFor: Int
        package let votesAgainst: Int
        package let abstentions: Int

        package init(board: String, counted: [String], conflicts: [Managed], votesFor: Int, votesAgainst: Int, abstentions: Int) {
            self.board = board
            self.counted = counted
            self.conflicts = conflicts
            self.votesFor = votesFor
            self.votesAgainst = votesAgainst
            self.abstentions = abstentions
        }
    }

    /// Records the decision on an item: refused (nothing written) unless every conflicted member's
    /// action is recorded, the meeting is quorate for the item once they are excluded, and no
    /// vote comes from someone absent or excluded. Votes and decision are one transaction.
    package static func recordDecision(_ item: Item, meeting: Meeting, board: Board, body: GroupInfo, decision: String?, votes: [Int64: Vote],
                               by user: CurrentUser, app: Application) async throws {
        try requireEditor(body, user)
        guard item.decision == nil else { throw FieldProblem(field: "decision", message: "The decision on this item is already recorded", status: .conflict) }
        let text = try self.text(decision, field: "decision", what: "the decision, as it will appear in the minutes", max: 1_000)
        let db = Store.sql(app.db)
        let members = try await self.members(board, on: meeting.day, db: db)
        let present = try await attendance(meeting.id, on: db)
        let orgs = try await itemOrgs([item.id], on: db)
        let conflicts = try await conflictContext(meeting: meeting, board: board, app: app).conflicts(orgs)
        let recorded = try await actions([item.id], on: db)
        var actionMap: [String: (ConflictAction, String)] = [:]
        for a in recorded { if let action = ConflictAction(rawValue: a.action) { actionMap[String(a.personId)] = (action, a.reason) } }
        let roster = present.sorted().compactMap { id in members[id].map { DecisionRules.Member(id: String(id), name: $0.name, role: $0.role) } }
        let check = DecisionRules.check(present: roster, conflicted: Set(conflicts.map(\.person)), actions: actionMap,
                                        votes: Dictionary(uniqueKeysWithValues: votes.map { (String($0.key), $0.value) }), rule: board.rule)
        guard check.problems.isEmpty else {
            throw FieldProblems(all: check.problems.map { FieldProblem(field: "decision", message: $0, status: .conflict) })
        }
        let byPerson = Dictionary(grouping: conflicts, by: \.person)
        let record = DecisionRecord(
            board: board.name, counted: check.counted.compactMap { Int64($0).flatMap { members[$0]?.name } },
            conflicts: byPerson.keys.sorted().map { p in
                let (action, note) = actionMap[p]!
                return .init(name: members[Int64(p)!]?.name ?? p, reasons: byPerson[p]!.map(\.reason), action: action.label, note: note)
            },
            votesFor: votes.values.filter { $0 == .inFavour }.count, votesAgainst: votes.values.filter { $0 == .against }.count,
            abstentions: votes.values.filter { $0 == .abstain }.count)
        let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        try await Store.write(app.db) { db in
            for (person, vote) in votes {
                try await db.raw("INSERT INTO gov_votes (item_id, person_id, vote) VALUES (\(bind: item.id), \(bind: person), \(bind: vote.rawValue))").run()
            }
            try await db.raw("""
                UPDATE gov_items SET decision = \(bind: text), decided_by = \(bind: user.username), decided_at = \(bind: AuditChain.timestamp()), record = \(bind: json)
                WHERE id = \(bind: item.id) AND decision IS NULL
                """).run()
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.item.decide", entity: "gov_item", entityID: String(item.id),
                                      after: record)
        }
    }

    // MARK: Breaches

    /// Adds an entry to the breach log. The log is published, so it is anonymised: a summary
    /// that names anyone on the body's registers is refused.
    package static func addBreach(body: GroupInfo, occurredOn: String?, summary: String?, action: String?, by user: CurrentUser, app: Application) async throws {
        try requireEditor(body, user)
        let day = try self.day(occurredOn, field: "occurred_on", what: "the date of the breach")
        let what = try text(summary, field: "summary", what: "an anonymised summary of the breach", max: 1_000)
        let done = try text(action, field: "breach_action", what: "what was done about it", max: 1_000)
        let named = try await allPeople(on: Store.sql(app.db)).first { p in
            let name = p.name.replacingOccurrences(of: " (demo)", with: "").lowercased()
            return name.count >= 4 && (what.lowercased().contains(name) || done.lowercased().contains(name))
        }
        if let named { throw FieldProblem(field: "summary", message: "The breach log is published anonymised: remove \(named.name)'s name") }
        try await Store.write(app.db) { db in
            try await db.raw("""
                INSERT INTO gov_breaches (body_code, occurred_on, summary, action, created_by, created_at)
                VALUES (\(bind: body.code), \(bind: day.iso), \(bind: what), \(bind: done), \(bind: user.username), \(bind: AuditChain.timestamp()))
                """).run()
            try await AuditLog.append(on: db, actor: .user(user.username), action: "governance.breach.add", entity: "gov_breach", entityID: body.code,
                                      after: ["occurredOn": day.iso, "summary": what, "action": done])
        }
    }
}
