import ConsortWeb
import ConsortCore
import Governance
import SQLKit
import Vapor

/// The governance pages of a consortium, locality or federation: public registers (interests of
/// decision-makers, gifts and hospitality, procurement decisions, breaches) with CSV, and the
/// officers' pages for people, boards, meetings and decisions.
package enum GovernanceController {
    package typealias Errors = FormErrors
    package typealias G = GovernanceStore

    package static func body(_ req: Request) async throws -> (GroupInfo, RegistryView) {
        let view = try await req.registryView(at: Day.today())
        let code = (req.parameters.get("code") ?? "").uppercased()
        guard let body = view.groups[code], G.bodyKinds.contains(body.kind) else {
            throw Abort(.notFound, reason: "There is no consortium, locality or federation \(code).")
        }
        return (body, view)
    }

    package static func officer(_ req: Request, _ body: GroupInfo) throws -> CurrentUser {
        let user = try req.requireUser()
        try G.requireEditor(body, user)
        return user
    }

    package static func id(_ req: Request, _ name: String = "id") throws -> Int64 {
        guard let id = req.parameters.get(name, as: Int64.self) else { throw Abort(.notFound) }
        return id
    }

    package static func bodyOf(_ code: String, req: Request) async throws -> GroupInfo {
        let view = try await req.registryView(at: Day.today())
        guard let body = view.groups[code] else { throw Abort(.notFound, reason: "There is no body \(code).") }
        return body
    }

    /// Re-renders a page with the errors of a refused form, or rethrows what is not a form's refusal.
    package static func refused(_ error: any Error, _ render: (Errors, HTTPStatus) async throws -> Response) async throws -> Response {
        guard let list = FieldProblem.formErrors(error) else { throw error }
        return try await render(list, (error as? FieldProblem)?.status ?? (error as? FieldProblems)?.all.first?.status ?? .badRequest)
    }

    package typealias Form = [String: String]

    /// The form's single-valued fields (repeated `name[]` fields are read by their own decoders).
    package static func form(_ req: Request) throws -> Form {
        var out: Form = [:]
        for (key, value) in FormEncoding.pairs(req.body.string ?? "") where !key.hasSuffix("]") && out[key] == nil {
            out[key] = value
        }
        return out
    }

    // MARK: Overview

    @Sendable package static func overview(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        return try await renderOverview(req, body, form: [:], errors: [])
    }

    package static func renderOverview(_ req: Request, _ body: GroupInfo, form: Form, errors: Errors, status: HTTPStatus = .ok) async throws -> Response {
        let db = Store.sql(req.db)
        let boards = try await G.boards(body.code, on: db)
        let canEdit = G.canEdit(body, req.currentUser)
        let people = canEdit ? try await G.people(body.code, on: db) : []
        return try await GovernanceView.overview(body, boards: boards, people: people, canEdit: canEdit, form: form, errors: errors,
                                                 PageContext(request: req), status: status).encodeResponse(for: req)
    }

    @Sendable package static func addPerson(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let user = try officer(req, body)
        let f = try form(req)
        do {
            let id = try await G.addPerson(body: body, name: f["name"], by: user, app: req.application)
            return req.redirect(to: GovernanceURL.person(.value(id)).path, redirectType: .normal)
        } catch { return try await refused(error) { try await renderOverview(req, body, form: f, errors: $0, status: $1) } }
    }

    @Sendable package static func createBoard(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let user = try officer(req, body)
        let f = try form(req)
        do {
            let id = try await G.createBoard(body: body, name: f["board_name"], by: user, app: req.application)
            return req.redirect(to: GovernanceURL.board(.value(id)).path, redirectType: .normal)
        } catch { return try await refused(error) { try await renderOverview(req, body, form: f, errors: $0, status: $1) } }
    }

    /// `/api/v1/groups/{code}/governance/{register}`: the register's tables as JSON.
    package static func register(_ req: Request, _ name: GovernanceURL.Register) async throws -> Response {
        switch name {
        case .interests: return try await interests(req)
        case .gifts: return try await gifts(req)
        case .procurement: return try await procurement(req)
        case .breaches: return try await breaches(req)
        }
    }


    // MARK: Register of interests

    /// Decision-makers on a day: everyone holding one of these seats, with their positions.
    package static func decisionMakers(_ seats: [G.SeatRow], boards: [Int64: G.Board], on day: Day) -> [Int64: [String]] {
        var out: [Int64: [String]] = [:]
        for s in seats {
            let from = Day(iso: s.validFrom) ?? day
            guard from <= day, s.validTo.flatMap(Day.init(iso:)).map({ day <= $0 }) ?? true, let board = boards[s.boardId] else { continue }
            out[s.personId, default: []].append("\(s.boardRole.label), \(board.name)")
        }
        return out
    }

    package static func interests(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let db = Store.sql(req.db)
        let day = try QueryReader(req: req).string("date").map { t -> Day in
            guard let d = Day(iso: t) else { throw BadParameter(name: "date", value: t, expected: "use a date in the form YYYY-MM-DD") }
            return d
        } ?? Day.today()
        // The body's boards and their seats, read once for the register, lateness and overdue declarations.
        let boards = Dictionary(uniqueKeysWithValues: try await G.boards(body.code, on: db).map { ($0.id, $0) })
        let bodySeats = try await G.seats(on: db).filter { boards[$0.boardId] != nil }
        let makers = decisionMakers(bodySeats, boards: boards, on: day)
        let names = Dictionary(uniqueKeysWithValues: try await G.people(body.code, on: db).map { ($0.id, $0) })
        let canEdit = G.canEdit(body, req.currentUser)
        let people = Set(makers.keys).union(canEdit ? Set(try await G.people(body.code, on: db).map(\.id)) : [])
        let declarations = try await G.declarations(Array(people), on: db)
        let published = declarations.filter { InterestRegister.isPublished($0.declaration, decisionMaker: makers[$0.personId] != nil, on: day) }
        let roleFrom = Dictionary(grouping: bodySeats, by: \.personId).compactMapValues { $0.compactMap { Day(iso: $0.validFrom) }.min() }
        let tables = GovernanceView.interestTables(body, published: published, all: canEdit ? declarations : nil, makers: makers, names: names,
                                                   roleFrom: roleFrom, day: day)
        // Overdue: decision-makers with nothing declared since (or in the 28 days before) taking their seat.
        let seats = bodySeats.compactMap { s -> Seat? in
            guard let from = Day(iso: s.validFrom) else { return nil }
            return Seat(person: String(s.personId), board: String(s.boardId), body: body.code, role: s.boardRole, from: from, to: s.validTo.flatMap(Day.init(iso:)))
        }
        let declaredOn = Dictionary(grouping: declarations, by: { String($0.personId) }).mapValues { $0.compactMap { Day(iso: $0.declaredOn) } }
        let overdue = InterestRegister.overdue(seats: seats, declaredOn: declaredOn, on: day)
        let overdueTable = GovernanceView.overdueTable(body, overdue, names: names)
        if let data = try await alternate(tables + (canEdit ? [overdueTable] : []), req) { return data }
        return try await GovernanceView.interests(body, tables: tables, overdue: canEdit ? overdueTable : nil, day: day, PageContext(request: req)).encodeResponse(for: req)
    }

    // MARK: Gifts and hospitality

    package static func gifts(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        return try await renderGifts(req, body, form: [:], errors: [], outcome: nil)
    }

    package static func renderGifts(_ req: Request, _ body: GroupInfo, form: Form, errors: Errors, outcome: (GiftRules.Outcome, String)?, status: HTTPStatus = .ok) async throws -> Response {
        let db = Store.sql(req.db)
        let canEdit = G.canEdit(body, req.currentUser)
        let names = Dictionary(uniqueKeysWithValues: try await G.people(body.code, on: db).map { ($0.id, $0.name) })
        let gifts = try await G.gifts(body.code, on: db)
        let table = GovernanceView.giftsTable(body, gifts: canEdit ? gifts : gifts.filter { $0.outcome == GiftRules.Outcome.declare.rawValue }, names: names, full: canEdit)
        if let data = try await alternate([table], req) { return data }
        let people = canEdit ? try await G.people(body.code, on: db) : []
        return try await GovernanceView.gifts(body, table: table, people: people, canEdit: canEdit, form: form, errors: errors, outcome: outcome,
                                              PageContext(request: req), status: status).encodeResponse(for: req)
    }

    @Sendable package static func addGift(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let user = try officer(req, body)
        let f = try form(req)
        do {
            guard let pid = Int64(f["person"] ?? ""), case let person = try await G.person(pid, on: Store.sql(req.db)), person.bodyCode == body.code else {
                throw FieldProblem(field: "person", message: "Choose the person it was offered to")
            }
            let outcome = try await G.addGift(body: body, person: person, kind: f["gift_kind"], source: f["source"], promotional: f["promotional"] == "yes",
                                              donor: f["donor"], description: f["gift_description"], value: f["value"], receivedOn: f["received_on"],
                                              approvedBy: f["approved_by"], by: user, app: req.application)
            return try await renderGifts(req, body, form: [:], errors: [], outcome: outcome)
        } catch { return try await refused(error) { try await renderGifts(req, body, form: f, errors: $0, outcome: nil, status: $1) } }
    }

    // MARK: Procurement decisions and breaches

    package static func procurement(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let db = Store.sql(req.db)
        struct Row: Decodable { package let id: Int64; package let title: String; package let decision: String; package let record: String?; package let heldOn: String; package let boardName: String; package let meetingId: Int64 }
        let rows = try await db.raw("""
            SELECT i.id, i.title, i.decision, i.record, m.held_on, b.name AS board_name, m.id AS meeting_id
            FROM gov_items i JOIN gov_meetings m ON m.id = i.meeting_id JOIN gov_boards b ON b.id = m.board_id
            WHERE b.body_code = \(bind: body.code) AND i.is_procurement = \(bind: true) AND i.decision IS NOT NULL
            ORDER BY m.held_on DESC, i.number
            """).all(decoding: Row.self, with: snakeCaseRows)
        let orgs = Dictionary(grouping: try await G.itemOrgs(rows.map(\.id), on: db), by: \.itemId)
        let table = GovernanceView.procurementTable(body, rows: rows.map { r in
            (r.heldOn, r.boardName, r.title, r.decision, orgs[r.id] ?? [], r.record.flatMap { try? JSONDecoder().decode(G.DecisionRecord.self, from: Data($0.utf8)) })
        })
        if let data = try await alternate([table], req) { return data }
        return try await GovernanceView.register(body, title: "Register of procurement decisions", slug: "procurement",
                                                 intro: "Every procurement decision of \(body.name)'s boards: the decision, who took it, the conflicts of interest found and how each was managed.",
                                                 table: table, PageContext(request: req)).encodeResponse(for: req)
    }

    package static func breaches(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        return try await renderBreaches(req, body, form: [:], errors: [])
    }

    package static func renderBreaches(_ req: Request, _ body: GroupInfo, form: Form, errors: Errors, status: HTTPStatus = .ok) async throws -> Response {
        let table = GovernanceView.breachTable(body, try await G.breaches(body.code, on: Store.sql(req.db)))
        if let data = try await alternate([table], req) { return data }
        return try await GovernanceView.register(body, title: "Breaches of the conflicts of interest policy", slug: "breaches",
                                                 intro: "Anonymised: what happened and what was done, without naming anyone.", table: table,
                                                 breachForm: G.canEdit(body, req.currentUser) ? (form, errors) : nil, PageContext(request: req), status: status)
            .encodeResponse(for: req)
    }

    @Sendable package static func addBreach(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let user = try officer(req, body)
        let f = try form(req)
        do {
            try await G.addBreach(body: body, occurredOn: f["occurred_on"], summary: f["summary"], action: f["breach_action"], by: user, app: req.application)
            return req.redirect(to: GovernanceURL.register(.value(body.code), .breaches).path, redirectType: .normal)
        } catch { return try await refused(error) { try await renderBreaches(req, body, form: f, errors: $0, status: $1) } }
    }

    // MARK: People

    package static func person(_ req: Request) async throws -> (G.Person, GroupInfo, CurrentUser) {
        let person = try await G.person(try id(req), on: Store.sql(req.db))
        let body = try await bodyOf(person.bodyCode, req: req)
        return (person, body, try officer(req, body))
    }

    @Sendable package static func personPage(_ req: Request) async throws -> Response {
        let (person, body, _) = try await person(req)
        return try await renderPerson(req, person, body, form: [:], errors: [])
    }

    package static func renderPerson(_ req: Request, _ person: G.Person, _ body: GroupInfo, form: Form, errors: Errors, status: HTTPStatus = .ok) async throws -> Response {
        let db = Store.sql(req.db)
        let boards = Dictionary(uniqueKeysWithValues: try await db.raw("SELECT id, body_code, name, quorum FROM gov_boards").all(decoding: G.Board.self, with: snakeCaseRows).map { ($0.id, $0) })
        return try await GovernanceView.person(person, body, affiliations: try await G.affiliations([person.id], on: db),
                                               declarations: try await G.declarations([person.id], on: db),
                                               seats: try await G.seats(on: db).filter { $0.personId == person.id }, boards: boards,
                                               form: form, errors: errors, PageContext(request: req), status: status).encodeResponse(for: req)
    }

    package static func personAction(_ req: Request, _ action: GovernanceURL.PersonAction) async throws -> Response {
        let (person, body, user) = try await person(req)
        let f = try form(req)
        let app = req.application
        do {
            switch action {
            case .affiliations:
                try await G.addAffiliation(person: person, body: body, organisation: f["affiliation_organisation"], role: f["affiliation_role"],
                                           from: f["affiliation_from"], to: f["affiliation_to"], by: user, app: app)
            case .declarations:
                try await G.addDeclaration(person: person, body: body, kind: f["kind"], organisation: f["organisation"],
                                           description: f["description"], from: f["from"], to: f["to"], declaredOn: f["declared_on"], by: user, app: app)
            case .end:
                guard let d = Int64(f["declaration"] ?? "") else { throw Abort(.badRequest, reason: "Which declaration?") }
                try await G.endDeclaration(d, person: person, body: body, on: f["to"], by: user, app: app)
            case .endRole:
                guard let a = Int64(f["role"] ?? "") else { throw Abort(.badRequest, reason: "Which role?") }
                try await G.endAffiliation(a, person: person, body: body, on: f["to"], by: user, app: app)
            }
            return req.redirect(to: GovernanceURL.person(.value(person.id)).path, redirectType: .normal)
        } catch { return try await refused(error) { try await renderPerson(req, person, body, form: f, errors: $0, status: $1) } }
    }

    // MARK: Boards

    package static func board(_ req: Request) async throws -> (G.Board, GroupInfo) {
        let board = try await G.board(try id(req), on: Store.sql(req.db))
        return (board, try await bodyOf(board.bodyCode, req: req))
    }

    @Sendable package static func boardPage(_ req: Request) async throws -> Response {
        let (board, body) = try await board(req)
        return try await renderBoard(req, board, body, form: [:], errors: [])
    }

    package static func renderBoard(_ req: Request, _ board: G.Board, _ body: GroupInfo, form: Form, errors: Errors, status: HTTPStatus = .ok) async throws -> Response {
        let db = Store.sql(req.db)
        let canEdit = G.canEdit(body, req.currentUser)
        let people = try await G.people(body.code, on: db)
        return try await GovernanceView.board(board, body, seats: try await G.seats(board: board.id, on: db), people: people,
                                              meetings: canEdit ? try await G.meetings(board: board.id, on: db) : [], canEdit: canEdit,
                                              form: form, errors: errors, PageContext(request: req), status: status).encodeResponse(for: req)
    }

    package static func boardAction(_ req: Request, _ action: GovernanceURL.BoardAction) async throws -> Response {
        let (board, body) = try await board(req)
        let user = try officer(req, body)
        let f = try form(req)
        let app = req.application
        do {
            switch action {
            case .seats:
                try await G.addSeat(board, body: body, person: f["person"], role: f["role"], from: f["seat_from"], to: f["seat_to"], by: user, app: app)
            case .endSeat:
                guard let seat = Int64(f["seat"] ?? "") else { throw Abort(.badRequest, reason: "Which seat?") }
                try await G.endSeat(board, body: body, seat: seat, on: f["to"], by: user, app: app)
            case .quorum:
                let majority = (try? req.content.decode(Majority.self))?.majority ?? []
                try await G.setQuorum(board, body: body, minimum: f["minimum"],
                                      atLeast: Dictionary(uniqueKeysWithValues: BoardRole.allCases.map { ($0, f["at_least_\($0.rawValue)"]) }),
                                      majority: majority.compactMap(BoardRole.init(rawValue:)), by: user, app: app)
            case .meetings:
                let id = try await G.createMeeting(board, body: body, title: f["title"], heldOn: f["held_on"], by: user, app: app)
                return req.redirect(to: GovernanceURL.meeting(.value(id)).path, redirectType: .normal)
            }
            return req.redirect(to: GovernanceURL.board(.value(board.id)).path, redirectType: .normal)
        } catch { return try await refused(error) { try await renderBoard(req, board, body, form: f, errors: $0, status: $1) } }
    }

    package struct Majority: Content { package var majority: [String]? 

package init(majority: [String]? = nil) {
    self.majority = majority
}}

    // MARK: Meetings

    package static func meeting(_ req: Request) async throws -> (G.Meeting, G.Board, GroupInfo, CurrentUser) {
        let meeting = try await G.meeting(try id(req), on: Store.sql(req.db))
        let board = try await G.board(meeting.boardId, on: Store.sql(req.db))
        let body = try await bodyOf(board.bodyCode, req: req)
        return (meeting, board, body, try officer(req, body))
    }

    /// Everything the meeting page and the minutes show.
    package struct MeetingState {
        package let members: [Int64: (name: String, role: BoardRole)]
        package let present: Set<Int64>
        package let items: [G.Item]
        package let orgs: [Int64: [G.ItemOrg]]
        package let conflicts: [Int64: [Conflict]]
        package let actions: [Int64: [Int64: G.Action]]
        package let votes: [Int64: [Int64: String]]
        package let checks: [Int64: DecisionRules.Check]

        package init(members: [Int64: (name: String, role: BoardRole)], present: Set<Int64>, items: [G.Item], orgs: [Int64: [G.ItemOrg]], conflicts: [Int64: [Conflict]], actions: [Int64: [Int64: G.Action]], votes: [Int64: [Int64: String]], checks: [Int64: DecisionRules.Check]) {
            self.members = members
            self.present = present
            self.items = items
            self.orgs = orgs
            self.conflicts = conflicts
            self.actions = actions
            self.votes = votes
            self.checks = checks
        }
    }

    package static func state(_ meeting: G.Meeting, _ board: G.Board, app: Application, db: any SQLDatabase) async throws -> MeetingState {
        let members = try await G.members(board, on: meeting.day, db: db)
        let present = try await G.attendance(meeting.id, on: db)
        let items = try await G.items(meeting: meeting.id, on: db)
        let orgs = Dictionary(grouping: try await G.itemOrgs(items.map(\.id), on: db), by: \.itemId)
        var conflicts: [Int64: [Conflict]] = [:]
        let context = try await G.conflictContext(meeting: meeting, board: board, app: app)
        for item in items { conflicts[item.id] = context.conflicts(orgs[item.id] ?? []) }
        let actions = Dictionary(grouping: try await G.actions(items.map(\.id), on: db), by: \.itemId).mapValues { Dictionary(uniqueKeysWithValues: $0.map { ($0.personId, $0) }) }
        let votes = Dictionary(grouping: try await G.votes(items.map(\.id), on: db), by: \.itemId).mapValues { Dictionary(uniqueKeysWithValues: $0.map { ($0.personId, $0.vote) }) }
        var checks: [Int64: DecisionRules.Check] = [:]
        let roster = present.sorted().compactMap { id in members[id].map { DecisionRules.Member(id: String(id), name: $0.name, role: $0.role) } }
        for item in items where item.decision == nil {
            var map: [String: (ConflictAction, String)] = [:]
            for (p, a) in actions[item.id] ?? [:] { if let action = ConflictAction(rawValue: a.action) { map[String(p)] = (action, a.reason) } }
            checks[item.id] = DecisionRules.check(present: roster, conflicted: Set((conflicts[item.id] ?? []).map(\.person)), actions: map, votes: [:], rule: board.rule)
        }
        return MeetingState(members: members, present: present, items: items, orgs: orgs, conflicts: conflicts, actions: actions, votes: votes, checks: checks)
    }

    @Sendable package static func meetingPage(_ req: Request) async throws -> Response {
        let (meeting, board, body, _) = try await meeting(req)
        return try await renderMeeting(req, meeting, board, body, form: [:], errors: [])
    }

    package static func renderMeeting(_ req: Request, _ meeting: G.Meeting, _ board: G.Board, _ body: GroupInfo, form: Form, errors: Errors, status: HTTPStatus = .ok) async throws -> Response {
        let s = try await state(meeting, board, app: req.application, db: Store.sql(req.db))
        return try await GovernanceView.meeting(meeting, board, body, state: s, form: form, errors: errors, PageContext(request: req), status: status)
            .encodeResponse(for: req)
    }

    package struct AttendanceForm: Content { package var present: [String]? 

package init(present: [String]? = nil) {
    self.present = present
}}
    package struct DecisionForm: Content { package var decision: String?; package var vote: [String: String]? 

package init(decision: String? = nil, vote: [String: String]? = nil) {
    self.decision = decision
    self.vote = vote
}}

    package static func meetingAction(_ req: Request, _ action: GovernanceURL.MeetingAction) async throws -> Response {
        let (meeting, board, body, user) = try await meeting(req)
        let app = req.application
        let f = try form(req)
        do {
            switch action {
            case .attendance:
                let present = (try req.content.decode(AttendanceForm.self).present ?? []).compactMap(Int64.init)
                try await G.setAttendance(meeting, board: board, body: body, present: present, by: user, app: app)
            case .items:
                try await G.addItem(meeting, body: body, title: f["item_title"], procurement: f["procurement"] == "yes", subjects: f["subjects"],
                                    bidders: f["bidders"], by: user, app: app)
            }
            return req.redirect(to: GovernanceURL.meeting(.value(meeting.id)).path, redirectType: .normal)
        } catch { return try await refused(error) { try await renderMeeting(req, meeting, board, body, form: f, errors: $0, status: $1) } }
    }

    package static func itemAction(_ req: Request, _ action: GovernanceURL.ItemAction) async throws -> Response {
        let db = Store.sql(req.db)
        let item = try await G.item(try id(req), on: db)
        let meeting = try await G.meeting(item.meetingId, on: db)
        let board = try await G.board(meeting.boardId, on: db)
        let body = try await bodyOf(board.bodyCode, req: req)
        let user = try officer(req, body)
        let f = try form(req)
        do {
            switch action {
            case .actions:
                guard let person = Int64(f["person"] ?? "") else { throw Abort(.badRequest, reason: "Which member?") }
                try await G.setAction(item, meeting: meeting, body: body, person: person, action: f["action"], reason: f["reason"], by: user, app: req.application)
            case .decision:
                let d = try req.content.decode(DecisionForm.self)
                var votes: [Int64: Vote] = [:]
                for (key, value) in d.vote ?? [:] where !value.isEmpty {
                    guard let p = Int64(key), let v = Vote(rawValue: value) else { throw FieldProblem(field: "decision", message: "A vote is for, against or abstain") }
                    votes[p] = v
                }
                try await G.recordDecision(item, meeting: meeting, board: board, body: body, decision: d.decision, votes: votes, by: user, app: req.application)
            }
            return req.redirect(to: GovernanceURL.meeting(.value(meeting.id)).path + "#item-\(item.id)", redirectType: .normal)
        } catch {
            return try await refused(error) { list, status in
                try await renderMeeting(req, meeting, board, body, form: f.merging(["item": String(item.id)]) { a, _ in a },
                                        errors: list.map { (field: $0.field == "decision" ? "decision-\(item.id)" : $0.field, message: $0.message) }, status: status)
            }
        }
    }

    /// The minutes as Markdown text: attendance, each item with the conflicts and how they were
    /// managed, the votes and the decision.
    @Sendable package static func minutes(_ req: Request) async throws -> Response {
        let (meeting, board, body, _) = try await meeting(req)
        let s = try await state(meeting, board, app: req.application, db: Store.sql(req.db))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/markdown; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"minutes-\(meeting.heldOn)-\(meeting.id).md\"")
        return Response(status: .ok, headers: headers, body: .init(string: GovernanceView.minutes(meeting, board, body, state: s)))
    }
}
