import ConsortCore
import ConsortWeb
import Foundation
import Governance
import SQLKit
import Vapor

extension GovernanceStore {
    // MARK: Meetings

    @discardableResult
    package static func createMeeting(
        _ board: Board, body: GroupInfo, title: String?, heldOn: String?, by user: CurrentUser, app: Application
    ) async throws -> Int64 {
        try requireEditor(body, user)
        let clean = try text(title, field: "title", what: "the meeting's title", max: 150)
        let day = try day(heldOn, field: "held_on", what: "the date of the meeting")
        return try await Store.write(app.db) { db in
            struct ID: Decodable { package let id: Int64 }
            let id =
                try await db.raw(
                    """
                    INSERT INTO gov_meetings (board_id, held_on, title, created_by, created_at)
                    VALUES (\(bind: board.id), \(bind: day.iso), \(bind: clean), \(bind: user.username), \
                    \(bind: AuditChain.timestamp())) RETURNING id
                    """
                ).first(decoding: ID.self)?.id ?? 0
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.meeting.create", entity: "gov_meeting",
                entityID: String(id),
                after: ["board": String(board.id), "title": clean, "heldOn": day.iso])
            return id
        }
    }

    /// The board's members on the meeting's day: person id → (name, role).
    package static func members(_ board: Board, on day: Day, db: any SQLDatabase) async throws -> [Int64: (
        name: String, role: BoardRole
    )] {
        let seats = try await self.seats(board: board.id, on: db).filter { s in
            (Day(iso: s.validFrom) ?? day) <= day && (s.validTo.flatMap(Day.init(iso:)).map { day <= $0 } ?? true)
        }
        let names = Dictionary(uniqueKeysWithValues: try await allPeople(on: db).map { ($0.id, $0.name) })
        return Dictionary(
            seats.map { ($0.personId, (names[$0.personId] ?? "person \($0.personId)", $0.boardRole)) },
            uniquingKeysWith: { a, _ in a })
    }

    package static func setAttendance(
        _ meeting: Meeting, board: Board, body: GroupInfo, present: [Int64], by user: CurrentUser, app: Application
    ) async throws {
        try requireEditor(body, user)
        let members = try await self.members(board, on: meeting.day, db: Store.sql(app.db))
        if let stranger = present.first(where: { members[$0] == nil }) {
            throw FieldProblem(
                field: "attendance",
                message: "Person \(stranger) does not hold a seat on \(board.name) on \(meeting.day.long)")
        }
        let decided = try await items(meeting: meeting.id, on: Store.sql(app.db)).contains { $0.decision != nil }
        guard !decided else {
            throw FieldProblem(
                field: "attendance",
                message: "Decisions are recorded for this meeting; its attendance can no longer change",
                status: .conflict)
        }
        try await Store.write(app.db) { db in
            let before = try await attendance(meeting.id, on: db)
            try await db.raw("DELETE FROM gov_attendance WHERE meeting_id = \(bind: meeting.id)").run()
            for p in Set(present) {
                try await db.raw(
                    "INSERT INTO gov_attendance (meeting_id, person_id) VALUES (\(bind: meeting.id), \(bind: p))"
                ).run()
            }
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.meeting.attendance", entity: "gov_meeting",
                entityID: String(meeting.id),
                before: ["present": before.sorted().map(String.init).joined(separator: ",")],
                after: ["present": Set(present).sorted().map(String.init).joined(separator: ",")])
        }
    }

    /// Adds an agenda item naming the registry organisations it concerns and those bidding for it.
    package static func addItem(
        _ meeting: Meeting, body: GroupInfo, title: String?, procurement: Bool, subjects: String?, bidders: String?,
        by user: CurrentUser, app: Application
    ) async throws {
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
        let orgs =
            try await codes(subjects, "subjects").map { ($0.0, $0.1, ItemOrganisation.Role.subject) }
            + codes(bidders, "bidders").map { ($0.0, $0.1, ItemOrganisation.Role.bidder) }
        if procurement && !orgs.contains(where: { $0.2 == .bidder }) {
            throw FieldProblem(
                field: "bidders", message: "A procurement item names its bidders, so that their conflicts are found")
        }
        try await Store.write(app.db) { db in
            struct N: Decodable { package let n: Int? }
            let number =
                (try await db.raw("SELECT MAX(number) AS n FROM gov_items WHERE meeting_id = \(bind: meeting.id)")
                    .first(decoding: N.self)?.n ?? 0) + 1
            struct ID: Decodable { package let id: Int64 }
            let id =
                try await db.raw(
                    """
                    INSERT INTO gov_items (meeting_id, number, title, is_procurement) VALUES (\(bind: meeting.id), \
                    \(bind: number), \(bind: clean), \(bind: procurement)) RETURNING id
                    """
                ).first(decoding: ID.self)?.id ?? 0
            var seen = Set<String>()
            for (code, name, role) in orgs where seen.insert(code).inserted {
                try await db.raw(
                    "INSERT INTO gov_item_orgs (item_id, organisation_code, organisation_name, role) VALUES "
                        + "(\(bind: id), \(bind: code), \(bind: name), \(bind: role.rawValue))"
                ).run()
            }
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.item.add", entity: "gov_meeting",
                entityID: String(meeting.id),
                after: [
                    "item": String(id), "title": clean, "procurement": procurement ? "yes" : "no",
                    "organisations": orgs.map { "\($0.0) (\($0.2.rawValue))" }.joined(separator: ", "),
                ])
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
            let item = orgs.map {
                ItemOrganisation(
                    code: $0.organisationCode, name: $0.organisationName,
                    role: ItemOrganisation.Role(rawValue: $0.role) ?? .subject)
            }
            return ConflictFinder.conflicts(
                people: people, item: item, day: day, board: board, declarations: declarations,
                affiliations: affiliations,
                seats: seats, graph: OrganisationGraph(names: names, groupsOf: graph.groupsOf))
        }

        package init(
            people: [String: String], day: Day, board: String, declarations: [Declaration], affiliations: [Affiliation],
            seats: [Seat], graph: OrganisationGraph
        ) {
            self.people = people
            self.day = day
            self.board = board
            self.declarations = declarations
            self.affiliations = affiliations
            self.seats = seats
            self.graph = graph
        }
    }

    package static func conflictContext(meeting: Meeting, board: Board, app: Application) async throws
        -> ConflictContext
    {
        let db = Store.sql(app.db)
        let members = try await self.members(board, on: meeting.day, db: db)
        let ids = Array(members.keys)
        let view = try await app.registryCache.view(at: meeting.day, on: db)
        let boards = Dictionary(
            uniqueKeysWithValues: try await db.raw("SELECT id, body_code, name, quorum FROM gov_boards").all(
                decoding: Board.self, with: snakeCaseRows
            ).map { ($0.id, $0) })
        let seats = try await self.seats(on: db).filter { ids.contains($0.personId) }.compactMap { s -> Seat? in
            guard let b = boards[s.boardId], let from = Day(iso: s.validFrom) else { return nil }
            return Seat(
                person: String(s.personId), board: String(s.boardId), body: b.bodyCode, role: s.boardRole, from: from,
                to: s.validTo.flatMap(Day.init(iso:)))
        }
        var affiliations = try await self.affiliations(ids, on: db).compactMap { a -> Affiliation? in
            guard let from = Day(iso: a.validFrom) else { return nil }
            return Affiliation(
                person: String(a.personId), organisation: a.organisationCode, role: a.label, from: from,
                to: a.validTo.flatMap(Day.init(iso:)))
        }
        // What the members do for organisations beyond their roles: the hub sessions they work.
        let registerEntries = Dictionary(
            grouping: try await entries(Array(members.keys), on: db).compactMap { entry in
                entry.personId.map { ($0, entry.id) }
            }, by: \.0)
        for feature in app.features {
            for work in try await feature.personWork?(Array(registerEntries.keys), meeting.day, app) ?? [] {
                for (_, entry) in registerEntries[work.person] ?? [] {
                    affiliations.append(
                        Affiliation(
                            person: String(entry), organisation: work.organisation, role: work.what, from: work.from,
                            to: work.to, preposition: work.preposition))
                }
            }
        }
        let declarations = try await self.declarations(ids, on: db).map(\.declaration)
        // The registry's memberships at the meeting's date, for the practices the members are linked to.
        let linked = Set(affiliations.map(\.organisation) + declarations.compactMap(\.organisation))
        var groupsOf: [String: [String]] = [:]
        var names: [String: String] = [:]
        for g in view.groups.values where g.isOpen(at: meeting.day) {
            names[g.code] = g.name
            for m in g.members where linked.contains(view.practices[m].code) {
                groupsOf[view.practices[m].code, default: []].append(g.code)
            }
        }
        for code in linked { if let i = view.index[code] { names[code] = view.practices[i].name } }
        return ConflictContext(
            people: Dictionary(uniqueKeysWithValues: members.map { (String($0.key), $0.value.name) }), day: meeting.day,
            board: String(board.id), declarations: declarations, affiliations: affiliations, seats: seats,
            graph: OrganisationGraph(names: names, groupsOf: groupsOf))
    }

    package static func setAction(
        _ item: Item, meeting: Meeting, body: GroupInfo, person: Int64, action: String?, reason: String?,
        by user: CurrentUser, app: Application
    ) async throws {
        try requireEditor(body, user)
        guard item.decision == nil else {
            throw FieldProblem(
                field: "action-\(person)",
                message: "The decision on this item is recorded; its conflicts can no longer change", status: .conflict)
        }
        guard let a = ConflictAction(rawValue: action ?? "") else {
            throw FieldProblem(field: "action-\(person)", message: "Choose how the conflict is managed")
        }
        let why = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if a == .allowed && why.isEmpty {
            throw FieldProblem(
                field: "action-\(person)", message: "Give the reason the member may take part despite the conflict")
        }
        try await Store.write(app.db) { db in
            try await db.raw("DELETE FROM gov_actions WHERE item_id = \(bind: item.id) AND person_id = \(bind: person)")
                .run()
            try await db.raw(
                """
                INSERT INTO gov_actions (item_id, person_id, action, reason, recorded_by) VALUES (\(bind: item.id), \
                \(bind: person), \(bind: a.rawValue), \(bind: why), \(bind: user.username))
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.conflict.action", entity: "gov_item",
                entityID: String(item.id),
                after: ["person": String(person), "action": a.rawValue, "reason": why])
        }
    }

    /// What the decision record keeps: who counted, who was conflicted and how it was managed, and the votes.
    package struct DecisionRecord: Codable, Sendable {
        package struct Managed: Codable, Sendable {
            package let name: String
            package let reasons: [String]
            package let action: String
            package let note: String

            package init(name: String, reasons: [String], action: String, note: String) {
                self.name = name
                self.reasons = reasons
                self.action = action
                self.note = note
            }
        }
        package let board: String
        package let counted: [String]
        package let conflicts: [Managed]
        package let votesFor: Int
        package let votesAgainst: Int
        package let abstentions: Int

        package init(
            board: String, counted: [String], conflicts: [Managed], votesFor: Int, votesAgainst: Int, abstentions: Int
        ) {
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
    package static func recordDecision(
        _ item: Item, meeting: Meeting, board: Board, body: GroupInfo, decision: String?, votes: [Int64: Vote],
        by user: CurrentUser, app: Application
    ) async throws {
        try requireEditor(body, user)
        guard item.decision == nil else {
            throw FieldProblem(
                field: "decision", message: "The decision on this item is already recorded", status: .conflict)
        }
        let text = try self.text(
            decision, field: "decision", what: "the decision, as it will appear in the minutes", max: 1_000)
        let db = Store.sql(app.db)
        let members = try await self.members(board, on: meeting.day, db: db)
        let present = try await attendance(meeting.id, on: db)
        let orgs = try await itemOrgs([item.id], on: db)
        let conflicts = try await conflictContext(meeting: meeting, board: board, app: app).conflicts(orgs)
        let recorded = try await actions([item.id], on: db)
        var actionMap: [String: (ConflictAction, String)] = [:]
        for a in recorded {
            if let action = ConflictAction(rawValue: a.action) { actionMap[String(a.personId)] = (action, a.reason) }
        }
        let roster = present.sorted().compactMap { id in
            members[id].map { DecisionRules.Member(id: String(id), name: $0.name, role: $0.role) }
        }
        let check = DecisionRules.check(
            present: roster, conflicted: Set(conflicts.map(\.person)), actions: actionMap,
            votes: Dictionary(uniqueKeysWithValues: votes.map { (String($0.key), $0.value) }), rule: board.rule)
        guard check.problems.isEmpty else {
            throw FieldProblems(
                all: check.problems.map { FieldProblem(field: "decision", message: $0, status: .conflict) })
        }
        let byPerson = Dictionary(grouping: conflicts, by: \.person)
        let record = DecisionRecord(
            board: board.name, counted: check.counted.compactMap { Int64($0).flatMap { members[$0]?.name } },
            conflicts: byPerson.keys.sorted().map { p in
                let (action, note) = actionMap[p]!
                return .init(
                    name: members[Int64(p)!]?.name ?? p, reasons: byPerson[p]!.map(\.reason), action: action.label,
                    note: note)
            },
            votesFor: votes.values.filter { $0 == .inFavour }.count,
            votesAgainst: votes.values.filter { $0 == .against }.count,
            abstentions: votes.values.filter { $0 == .abstain }.count)
        let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        try await Store.write(app.db) { db in
            for (person, vote) in votes {
                try await db.raw(
                    "INSERT INTO gov_votes (item_id, person_id, vote) VALUES (\(bind: item.id), \(bind: person), "
                        + "\(bind: vote.rawValue))"
                ).run()
            }
            try await db.raw(
                """
                UPDATE gov_items SET decision = \(bind: text), decided_by = \(bind: user.username), decided_at = \
                \(bind: AuditChain.timestamp()), record = \(bind: json)
                WHERE id = \(bind: item.id) AND decision IS NULL
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.item.decide", entity: "gov_item",
                entityID: String(item.id),
                after: record)
        }
    }
}
