import ConsortCore
import ConsortWeb
import Governance
import Vapor

extension GovernanceView {
    // MARK: Breaches

    package static func breachTable(_ body: GroupInfo, _ list: [G.Breach]) -> DataTable {
        DataTable(
            id: "breaches", caption: "Breaches",
            columns: [.init(title: "Date"), .init(title: "What happened"), .init(title: "What was done")],
            rows: list.map { [.text($0.occurredOn), .text($0.summary), .text($0.action)] },
            fileName: "\(body.code)-breaches.csv",
            emptyText: "No breaches recorded.")
    }
}
