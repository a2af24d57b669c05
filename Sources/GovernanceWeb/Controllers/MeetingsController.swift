import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

extension GovernanceController {
    // MARK: Meetings

    package static func meeting(_ req: Request) async throws -> (G.Meeting, G.Board, GroupInfo, CurrentUser) {
        let meeting = try await G.meeting(try id(req), on: Store.sql(req.db))
        let board = try await G.board(meeting.boardId, on: Store.sql(req.db))
        let body = try await bodyOf(board.bodyCode, req: req)
        return (meeting, board, body, try officer(req, body))
    }

    @Sendable package static func meetingPage(_ req: Request) async throws -> Response {
        let (meeting, board, body, _) = try await meeting(req)
        return try await renderMeeting(req, meeting, board, body, form: GovernanceForm(), errors: [])
    }

    package static func renderMeeting(
        _ req: Request, _ meeting: G.Meeting, _ board: G.Board, _ body: GroupInfo, form: Form, errors: Errors,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = try await MeetingPage.load(meeting, board: board, body: body, app: req.application)
        return try await page.render(PageContext(request: req), form: form, errors: errors, status: status)
            .encodeResponse(for: req)
    }

    package struct AttendanceForm: Content {
        package var present: [String]?

        package init(present: [String]? = nil) {
            self.present = present
        }
    }
    package struct DecisionForm: Content {
        package var decision: String?
        package var vote: [String: String]?

        package init(decision: String? = nil, vote: [String: String]? = nil) {
            self.decision = decision
            self.vote = vote
        }
    }

    package static func meetingAction(_ req: Request, _ action: GovernanceURL.MeetingAction) async throws -> Response {
        let (meeting, board, body, user) = try await meeting(req)
        let app = req.application
        let f = try req.content.decode(GovernanceForm.self)
        do {
            switch action {
            case .attendance:
                let present = (try req.content.decode(AttendanceForm.self).present ?? []).compactMap(Int64.init)
                try await G.setAttendance(meeting, board: board, body: body, present: present, by: user, app: app)
            case .items:
                try await G.addItem(
                    meeting, body: body, title: f.itemTitle, procurement: f.procurement == "yes", subjects: f.subjects,
                    bidders: f.bidders, by: user, app: app)
            }
            return req.redirect(to: GovernanceURL.meeting(.value(meeting.id)).path, redirectType: .normal)
        } catch {
            return try await refused(error) {
                try await renderMeeting(req, meeting, board, body, form: f, errors: $0, status: $1)
            }
        }
    }

    package static func itemAction(_ req: Request, _ action: GovernanceURL.ItemAction) async throws -> Response {
        let db = Store.sql(req.db)
        let item = try await G.item(try id(req), on: db)
        let meeting = try await G.meeting(item.meetingId, on: db)
        let board = try await G.board(meeting.boardId, on: db)
        let body = try await bodyOf(board.bodyCode, req: req)
        let user = try officer(req, body)
        let f = try req.content.decode(GovernanceForm.self)
        do {
            switch action {
            case .actions:
                guard let person = Int64(f.person ?? "") else { throw Abort(.badRequest, reason: "Which member?") }
                try await G.setAction(
                    item, meeting: meeting, body: body, person: person, action: f.action, reason: f.reason, by: user,
                    app: req.application)
            case .decision:
                let d = try req.content.decode(DecisionForm.self)
                var votes: [Int64: Vote] = [:]
                for (key, value) in d.vote ?? [:] where !value.isEmpty {
                    guard let p = Int64(key), let v = Vote(rawValue: value) else {
                        throw FieldProblem(field: "decision", message: "A vote is for, against or abstain")
                    }
                    votes[p] = v
                }
                try await G.recordDecision(
                    item, meeting: meeting, board: board, body: body, decision: d.decision, votes: votes, by: user,
                    app: req.application)
            }
            return req.redirect(
                to: GovernanceURL.meeting(.value(meeting.id)).path + "#item-\(item.id)", redirectType: .normal)
        } catch {
            return try await refused(error) { list, status in
                try await renderMeeting(
                    req, meeting, board, body, form: f.with(item: item.id),
                    errors: list.map {
                        (field: $0.field == "decision" ? "decision-\(item.id)" : $0.field, message: $0.message)
                    }, status: status)
            }
        }
    }

    /// The minutes as Markdown text: attendance, each item with the conflicts and how they were
    /// managed, the votes and the decision.
    @Sendable package static func minutes(_ req: Request) async throws -> Response {
        let (meeting, board, body, _) = try await meeting(req)
        let page = try await MeetingPage.load(meeting, board: board, body: body, app: req.application)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/markdown; charset=utf-8")
        headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"minutes-\(meeting.heldOn)-\(meeting.id).md\"")
        return Response(
            status: .ok, headers: headers, body: .init(string: page.minutes))
    }
}
