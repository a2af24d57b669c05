import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

extension GovernanceController {
    // MARK: Boards

    package static func board(_ req: Request) async throws -> (G.Board, GroupInfo) {
        let board = try await G.board(try id(req), on: Store.sql(req.db))
        return (board, try await bodyOf(board.bodyCode, req: req))
    }

    @Sendable package static func boardPage(_ req: Request) async throws -> Response {
        let (board, body) = try await board(req)
        return try await renderBoard(req, board, body, form: GovernanceForm(), errors: [])
    }

    package static func renderBoard(
        _ req: Request, _ board: G.Board, _ body: GroupInfo, form: Form, errors: Errors, status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = try await BoardPage.load(board, body: body, user: req.currentUser, on: Store.sql(req.db))
        return try await page.render(PageContext(request: req), form: form, errors: errors, status: status)
            .encodeResponse(for: req)
    }

    package static func boardAction(_ req: Request, _ action: GovernanceURL.BoardAction) async throws -> Response {
        let (board, body) = try await board(req)
        let user = try officer(req, body)
        let f = try req.content.decode(GovernanceForm.self)
        let app = req.application
        do {
            switch action {
            case .seats:
                try await G.addSeat(
                    board, body: body, person: f.person, role: f.role, from: f.seatFrom, to: f.seatTo, by: user,
                    app: app)
            case .endSeat:
                guard let seat = Int64(f.seat ?? "") else { throw Abort(.badRequest, reason: "Which seat?") }
                try await G.endSeat(board, body: body, seat: seat, on: f.to, by: user, app: app)
            case .quorum:
                let majority = (try? req.content.decode(Majority.self))?.majority ?? []
                try await G.setQuorum(
                    board, body: body, minimum: f.minimum,
                    atLeast: Dictionary(uniqueKeysWithValues: BoardRole.allCases.map { ($0, f.atLeast($0)) }),
                    majority: majority.compactMap(BoardRole.init(rawValue:)), by: user, app: app)
            case .meetings:
                let id = try await G.createMeeting(
                    board, body: body, title: f.title, heldOn: f.heldOn, by: user, app: app)
                return req.redirect(to: GovernanceURL.meeting(.value(id)).path, redirectType: .normal)
            }
            return req.redirect(to: GovernanceURL.board(.value(board.id)).path, redirectType: .normal)
        } catch {
            return try await refused(error) { try await renderBoard(req, board, body, form: f, errors: $0, status: $1) }
        }
    }

    package struct Majority: Content {
        package var majority: [String]?

        package init(majority: [String]? = nil) {
            self.majority = majority
        }
    }
}
