import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

/// A body's register of interests on a day: the published declarations of its decision-makers;
/// for its officers, every declaration and the decision-makers whose declarations are overdue.
package struct InterestsPage: Sendable {
    package typealias G = GovernanceStore

    package let body: GroupInfo
    package let day: Day
    /// The declarations the register publishes on the day.
    package let published: [G.DeclarationRow]
    /// Every declaration of the body's people: only for those who may edit.
    package let all: [G.DeclarationRow]?
    /// Each decision-maker's positions on the day.
    package let makers: [Int64: [String]]
    package let people: [Int64: G.Person]
    /// When each person first took a seat.
    package let roleFrom: [Int64: Day]
    /// Decision-makers with nothing declared since taking their seat: only for those who may edit.
    package let overdue: [InterestRegister.Overdue]?

    package init(
        body: GroupInfo, day: Day, published: [G.DeclarationRow], all: [G.DeclarationRow]?, makers: [Int64: [String]],
        people: [Int64: G.Person], roleFrom: [Int64: Day], overdue: [InterestRegister.Overdue]?
    ) {
        self.body = body
        self.day = day
        self.published = published
        self.all = all
        self.makers = makers
        self.people = people
        self.roleFrom = roleFrom
        self.overdue = overdue
    }

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

    package static func load(_ body: GroupInfo, day: Day, user: CurrentUser?, on db: any SQLDatabase) async throws
        -> InterestsPage
    {
        // The body's boards and their seats, read once for the register, lateness and overdue declarations.
        let boards = Dictionary(uniqueKeysWithValues: try await G.boards(body.code, on: db).map { ($0.id, $0) })
        let bodySeats = try await G.seats(on: db).filter { boards[$0.boardId] != nil }
        let makers = decisionMakers(bodySeats, boards: boards, on: day)
        let everyone = try await G.people(body.code, on: db)
        let canEdit = G.canEdit(body, user)
        let people = Set(makers.keys).union(canEdit ? Set(everyone.map(\.id)) : [])
        let declarations = try await G.declarations(Array(people), on: db)
        let published = declarations.filter {
            InterestRegister.isPublished($0.declaration, decisionMaker: makers[$0.personId] != nil, on: day)
        }
        let roleFrom = Dictionary(grouping: bodySeats, by: \.personId).compactMapValues {
            $0.compactMap { Day(iso: $0.validFrom) }.min()
        }
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
        return InterestsPage(
            body: body, day: day, published: published, all: canEdit ? declarations : nil, makers: makers,
            people: Dictionary(uniqueKeysWithValues: everyone.map { ($0.id, $0) }), roleFrom: roleFrom,
            overdue: canEdit ? InterestRegister.overdue(seats: seats, declaredOn: declaredOn, on: day) : nil)
    }

    /// The register (and, for officers, every declaration and the overdue ones).
    package func tables() -> [DataTable] {
        GovernanceView.interestTables(
            body, published: published, all: all, makers: makers, names: people, roleFrom: roleFrom, day: day)
            + (overdue.map { [GovernanceView.overdueTable(body, $0, names: people)] } ?? [])
    }

    package func render(_ ctx: PageContext) -> HTMLPage {
        let registers = GovernanceView.interestTables(
            body, published: published, all: all, makers: makers, names: people, roleFrom: roleFrom, day: day)
        return GovernanceView.interests(
            body, tables: registers, overdue: overdue.map { GovernanceView.overdueTable(body, $0, names: people) },
            day: day, ctx)
    }
}
