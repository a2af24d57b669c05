import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

extension GovernanceController {
    // MARK: Register of interests

    /// Decision-makers on a day: everyone holding one of these seats, with their positions.
    package static func decisionMakers(_ seats: [G.SeatRow], boards: [Int64: G.Board], on day: Day) -> [Int64: [String]]
    {
        var out: [Int64: [String]] = [:]
        for s in seats {
            let from = Day(iso: s.validFrom) ?? day
            guard from <= day, s.validTo.flatMap(Day.init(iso:)).map({ day <= $0 }) ?? true,
                let board = boards[s.boardId]
            else { continue }
            out[s.personId, default: []].append("\(s.boardRole.label), \(board.name)")
        }
        return out
    }

    package static func interests(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let db = Store.sql(req.db)
        let day = try QueryReader(req: req).day("date") ?? Day.today()
        // The body's boards and their seats, read once for the register, lateness and overdue declarations.
        let boards = Dictionary(uniqueKeysWithValues: try await G.boards(body.code, on: db).map { ($0.id, $0) })
        let bodySeats = try await G.seats(on: db).filter { boards[$0.boardId] != nil }
        let makers = decisionMakers(bodySeats, boards: boards, on: day)
        let names = Dictionary(uniqueKeysWithValues: try await G.people(body.code, on: db).map { ($0.id, $0) })
        let canEdit = G.canEdit(body, req.currentUser)
        let people = Set(makers.keys).union(canEdit ? Set(try await G.people(body.code, on: db).map(\.id)) : [])
        let declarations = try await G.declarations(Array(people), on: db)
        let published = declarations.filter {
            InterestRegister.isPublished($0.declaration, decisionMaker: makers[$0.personId] != nil, on: day)
        }
        let roleFrom = Dictionary(grouping: bodySeats, by: \.personId).compactMapValues {
            $0.compactMap { Day(iso: $0.validFrom) }.min()
        }
        let tables = GovernanceView.interestTables(
            body, published: published, all: canEdit ? declarations : nil, makers: makers, names: names,
            roleFrom: roleFrom, day: day)
        // Overdue: decision-makers with nothing declared since (or in the 28 days before) taking their seat.
        let seats = bodySeats.compactMap { s -> Seat? in
            guard let from = Day(iso: s.validFrom) else { return nil }
            return Seat(
                person: String(s.personId), board: String(s.boardId), body: body.code, role: s.boardRole, from: from,
                to: s.validTo.flatMap(Day.init(iso:)))
        }
        let declaredOn = Dictionary(grouping: declarations, by: { String($0.personId) }).mapValues {
            $0.compactMap { Day(iso: $0.declaredOn) }
        }
        let overdue = InterestRegister.overdue(seats: seats, declaredOn: declaredOn, on: day)
        let overdueTable = GovernanceView.overdueTable(body, overdue, names: names)
        if let data = try await alternate(tables + (canEdit ? [overdueTable] : []), req) { return data }
        return try await GovernanceView.interests(
            body, tables: tables, overdue: canEdit ? overdueTable : nil, day: day, PageContext(request: req)
        ).encodeResponse(for: req)
    }

    // MARK: Gifts and hospitality

    package static func gifts(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        return try await renderGifts(req, body, form: GovernanceForm(), errors: [], outcome: nil)
    }

    package static func renderGifts(
        _ req: Request, _ body: GroupInfo, form: Form, errors: Errors, outcome: (GiftRules.Outcome, String)?,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let db = Store.sql(req.db)
        let canEdit = G.canEdit(body, req.currentUser)
        let names = Dictionary(uniqueKeysWithValues: try await G.people(body.code, on: db).map { ($0.id, $0.name) })
        let gifts = try await G.gifts(body.code, on: db)
        let table = GovernanceView.giftsTable(
            body, gifts: canEdit ? gifts : gifts.filter { $0.outcome == GiftRules.Outcome.declare.rawValue },
            names: names, full: canEdit)
        if let data = try await alternate([table], req) { return data }
        let people = canEdit ? try await G.people(body.code, on: db) : []
        return try await GovernanceView.gifts(
            body, table: table, people: people, canEdit: canEdit, form: form, errors: errors, outcome: outcome,
            PageContext(request: req), status: status
        ).encodeResponse(for: req)
    }

    @Sendable package static func addGift(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let user = try officer(req, body)
        let f = try req.content.decode(GovernanceForm.self)
        do {
            guard let pid = Int64(f.person ?? ""), case let person = try await G.person(pid, on: Store.sql(req.db)),
                person.bodyCode == body.code
            else {
                throw FieldProblem(field: "person", message: "Choose the person it was offered to")
            }
            let outcome = try await G.addGift(
                body: body, person: person, kind: f.giftKind, source: f.source, promotional: f.promotional == "yes",
                donor: f.donor, description: f.giftDescription, value: f.value, receivedOn: f.receivedOn,
                approvedBy: f.approvedBy, by: user, app: req.application)
            return try await renderGifts(req, body, form: GovernanceForm(), errors: [], outcome: outcome)
        } catch {
            return try await refused(error) {
                try await renderGifts(req, body, form: f, errors: $0, outcome: nil, status: $1)
            }
        }
    }

    // MARK: Procurement decisions and breaches

    package static func procurement(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let db = Store.sql(req.db)
        let rows = try await G.procurementDecisions(body.code, on: db)
        let orgs = Dictionary(grouping: try await G.itemOrgs(rows.map(\.id), on: db), by: \.itemId)
        let table = GovernanceView.procurementTable(
            body,
            rows: rows.map { r in
                (
                    r.heldOn, r.boardName, r.title, r.decision, orgs[r.id] ?? [],
                    r.record.flatMap { try? JSONDecoder().decode(G.DecisionRecord.self, from: Data($0.utf8)) }
                )
            })
        if let data = try await alternate([table], req) { return data }
        return try await GovernanceView.register(
            body, title: "Register of procurement decisions", slug: "procurement",
            intro:
                "Every procurement decision of \(body.name)'s boards: the decision, who took it, the conflicts of "
                + "interest found and how each was managed.",
            table: table, PageContext(request: req)
        ).encodeResponse(for: req)
    }

    package static func breaches(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        return try await renderBreaches(req, body, form: GovernanceForm(), errors: [])
    }

    package static func renderBreaches(
        _ req: Request, _ body: GroupInfo, form: Form, errors: Errors, status: HTTPStatus = .ok
    ) async throws -> Response {
        let table = GovernanceView.breachTable(body, try await G.breaches(body.code, on: Store.sql(req.db)))
        if let data = try await alternate([table], req) { return data }
        return try await GovernanceView.register(
            body, title: "Breaches of the conflicts of interest policy", slug: "breaches",
            intro: "Anonymised: what happened and what was done, without naming anyone.", table: table,
            breachForm: G.canEdit(body, req.currentUser) ? (form, errors) : nil, PageContext(request: req),
            status: status
        )
        .encodeResponse(for: req)
    }

    @Sendable package static func addBreach(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let user = try officer(req, body)
        let f = try req.content.decode(GovernanceForm.self)
        do {
            try await G.addBreach(
                body: body, occurredOn: f.occurredOn, summary: f.summary, action: f.breachAction, by: user,
                app: req.application)
            return req.redirect(to: GovernanceURL.register(.value(body.code), .breaches).path, redirectType: .normal)
        } catch {
            return try await refused(error) { try await renderBreaches(req, body, form: f, errors: $0, status: $1) }
        }
    }
}
