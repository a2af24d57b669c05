import Access
import ConsortCore
import ConsortWeb
import Vapor

extension GroupSection {
    /// The extended access a federation or network would have to offer each week, on its page.
    package static let extendedAccess = GroupSection(place: .bottom) { group, view, app in
        guard let table = RequirementTable.requirementTable(group, view, policies: try app.policies.allPolicies())
        else { return nil }
        return .init(
            heading: table.caption,
            hint:
                "The minutes of appointments the group would have to offer each week outside core hours, on its "
                + "members' lists at this date, rounded as each policy says.",
            tables: [table],
            links: [
                (
                    AccessURL.access(.value(group.code)).path,
                    "Hubs, rotas, bookings and what was delivered (for the group's managers and member practices' "
                        + "staff)"
                )
            ])
    }
}

package enum RequirementTable {
    /// What the group would have to offer each week as extended access under each policy with a
    /// network access rule, on its members' registered and weighted lists: the policies whose
    /// access rule names the group's kind (networks, and federations holding the contract).
    package static func requirementTable(_ group: GroupInfo, _ view: RegistryView, policies: [Policy]) -> DataTable? {
        guard policies.contains(where: { $0.rules(for: .network)?.access?.kinds.contains(group.kind) ?? false })
        else { return nil }
        let (registered, weighted) = RotaStore.populations(group, view)
        var rows: [[DataTable.Cell]] = []
        for policy in policies {
            guard let rule = policy.rules(for: .network)?.access, rule.kinds.contains(group.kind),
                let r = try? Capacity.requirement(rule: rule, registered: registered, adjusted: weighted)
            else { continue }
            rows.append([
                .link(policy.title, SiteURL.policy(policy.name)),
                .text(r.basis == "adjusted" ? "weighted list (adjusted)" : "registered list"),
                .number(Int(r.population.rounded())),
                .number(r.minutesPerWeek), .decimal(r.hoursPerWeek, digits: 2),
                .text(r.windows.isEmpty ? "outside core hours" : r.windows.joined(separator: "; ")),
                .text(r.gpCover ? "yes" : "no"), .text(policy.citation(r.source).map { shortCitation($0) } ?? r.source),
            ])
        }
        return DataTable(
            id: "access", caption: "Extended access each week",
            columns: [
                .init(title: "Policy"), .init(title: "Population"), .init(title: "Patients", numeric: true),
                .init(title: "Minutes a week", numeric: true), .init(title: "Hours a week", numeric: true),
                .init(title: "Within"), .init(title: "GP cover"), .init(title: "Source"),
            ],
            rows: rows, fileName: "\(group.code)-extended-access-\(view.date.iso).csv",
            emptyText: "No policy sets an access rule for networks.")
    }
}
