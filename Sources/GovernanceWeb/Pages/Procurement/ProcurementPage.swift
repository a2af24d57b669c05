import ConsortCore
import ConsortWeb
import Foundation
import Governance
import SQLKit
import Vapor

/// A body's register of procurement decisions: each decision, who took it, the conflicts found
/// and how each was managed.
package struct ProcurementPage: Sendable {
    package typealias G = GovernanceStore

    package struct Decision: Sendable {
        package let heldOn: String
        package let board: String
        package let title: String
        package let decision: String
        package let organisations: [G.ItemOrg]
        package let record: G.DecisionRecord?

        package init(
            heldOn: String, board: String, title: String, decision: String, organisations: [G.ItemOrg],
            record: G.DecisionRecord?
        ) {
            self.heldOn = heldOn
            self.board = board
            self.title = title
            self.decision = decision
            self.organisations = organisations
            self.record = record
        }
    }

    package let body: GroupInfo
    package let decisions: [Decision]

    package init(body: GroupInfo, decisions: [Decision]) {
        self.body = body
        self.decisions = decisions
    }

    package static func load(_ body: GroupInfo, on db: any SQLDatabase) async throws -> ProcurementPage {
        let rows = try await G.procurementDecisions(body.code, on: db)
        let orgs = Dictionary(grouping: try await G.itemOrgs(rows.map(\.id), on: db), by: \.itemId)
        return ProcurementPage(
            body: body,
            decisions: rows.map { r in
                Decision(
                    heldOn: r.heldOn, board: r.boardName, title: r.title, decision: r.decision,
                    organisations: orgs[r.id] ?? [],
                    record: r.record.flatMap { try? JSONDecoder().decode(G.DecisionRecord.self, from: Data($0.utf8)) })
            })
    }

    package func tables() -> [DataTable] {
        [
            GovernanceView.procurementTable(
                body, rows: decisions.map { ($0.heldOn, $0.board, $0.title, $0.decision, $0.organisations, $0.record) })
        ]
    }

    package func render(_ ctx: PageContext) -> HTMLPage {
        GovernanceView.register(
            body, title: "Register of procurement decisions", slug: "procurement",
            intro:
                "Every procurement decision of \(body.name)'s boards: the decision, who took it, the conflicts of "
                + "interest found and how each was managed.",
            table: tables()[0], ctx)
    }
}
