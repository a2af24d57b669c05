import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

/// A board meeting: attendance, the agenda with each item's conflicts of interest and how they
/// are managed, votes and decisions; and its minutes.
package struct MeetingPage: Sendable {
    package typealias G = GovernanceStore

    package let meeting: G.Meeting
    package let board: G.Board
    package let body: GroupInfo
    package let state: State

    package init(meeting: G.Meeting, board: G.Board, body: GroupInfo, state: State) {
        self.meeting = meeting
        self.board = board
        self.body = body
        self.state = state
    }

    /// Everything the meeting page and the minutes show.
    package struct State: Sendable {
        package let members: [Int64: (name: String, role: BoardRole)]
        package let present: Set<Int64>
        package let items: [G.Item]
        package let orgs: [Int64: [G.ItemOrg]]
        package let conflicts: [Int64: [Conflict]]
        package let actions: [Int64: [Int64: G.Action]]
        package let votes: [Int64: [Int64: String]]
        package let checks: [Int64: DecisionRules.Check]

        package init(
            members: [Int64: (name: String, role: BoardRole)], present: Set<Int64>, items: [G.Item],
            orgs: [Int64: [G.ItemOrg]], conflicts: [Int64: [Conflict]], actions: [Int64: [Int64: G.Action]],
            votes: [Int64: [Int64: String]], checks: [Int64: DecisionRules.Check]
        ) {
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

    /// The meeting's members, attendance, items with their conflicts, actions, votes and the
    /// checks a decision must pass.
    package static func load(_ meeting: G.Meeting, board: G.Board, body: GroupInfo, app: Application) async throws
        -> MeetingPage
    {
        let db = Store.sql(app.db)
        let members = try await G.members(board, on: meeting.day, db: db)
        let present = try await G.attendance(meeting.id, on: db)
        let items = try await G.items(meeting: meeting.id, on: db)
        let orgs = Dictionary(grouping: try await G.itemOrgs(items.map(\.id), on: db), by: \.itemId)
        var conflicts: [Int64: [Conflict]] = [:]
        let context = try await G.conflictContext(meeting: meeting, board: board, app: app)
        for item in items { conflicts[item.id] = context.conflicts(orgs[item.id] ?? []) }
        let actions = Dictionary(grouping: try await G.actions(items.map(\.id), on: db), by: \.itemId).mapValues {
            Dictionary(uniqueKeysWithValues: $0.map { ($0.personId, $0) })
        }
        let votes = Dictionary(grouping: try await G.votes(items.map(\.id), on: db), by: \.itemId).mapValues {
            Dictionary(uniqueKeysWithValues: $0.map { ($0.personId, $0.vote) })
        }
        var checks: [Int64: DecisionRules.Check] = [:]
        let roster = present.sorted().compactMap { id in
            members[id].map { DecisionRules.Member(id: String(id), name: $0.name, role: $0.role) }
        }
        for item in items where item.decision == nil {
            var map: [String: (ConflictAction, String)] = [:]
            for (p, a) in actions[item.id] ?? [:] {
                if let action = ConflictAction(rawValue: a.action) { map[String(p)] = (action, a.reason) }
            }
            checks[item.id] = DecisionRules.check(
                present: roster, conflicted: Set((conflicts[item.id] ?? []).map(\.person)), actions: map, votes: [:],
                rule: board.rule)
        }
        return MeetingPage(
            meeting: meeting, board: board, body: body,
            state: State(
                members: members, present: present, items: items, orgs: orgs, conflicts: conflicts, actions: actions,
                votes: votes, checks: checks))
    }

    package func render(
        _ ctx: PageContext, form: GovernanceForm = .init(), errors: FormErrors = [], status: HTTPStatus = .ok
    ) -> HTMLPage {
        GovernanceView.meeting(meeting, board, body, state: state, form: form, errors: errors, ctx, status: status)
    }

    /// The minutes as Markdown.
    package var minutes: String { GovernanceView.minutes(meeting, board, body, state: state) }
}
