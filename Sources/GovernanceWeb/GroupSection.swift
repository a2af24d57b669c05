import ConsortCore
import ConsortWeb
import Vapor

extension GroupSection {
    /// A link to a consortium's, locality's or federation's governance, on its page.
    package static let governance = GroupSection(place: .top) { group, _, _ in
        guard GovernanceStore.bodyKinds.contains(group.kind) else { return nil }
        return .init(links: [
            (
                GovernanceURL.governance(.value(group.code)).path,
                "Governance: boards, registers of interests, gifts and hospitality, procurement decisions, breaches"
            )
        ])
    }
}
