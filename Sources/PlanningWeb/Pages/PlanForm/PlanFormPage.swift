import ConsortCore
import ConsortWeb
import Vapor

/// The new-plan form: the fields as entered (or the defaults) and the policies to choose from.
package struct PlanFormPage: Sendable {
    /// A level some installed policy names, and the policies that name it.
    package typealias LevelChoice = (level: Policy.Level, policies: [String])

    package let form: PlanController.PlanForm
    package let policies: [String]
    package let levels: [LevelChoice]
    /// The areas to choose from, by kind (regions, STPs/ICBs, consortia): code and name.
    package let areas: [(kind: GroupKind, groups: [(code: String, name: String)])]

    package init(
        form: PlanController.PlanForm, policies: [String], levels: [LevelChoice] = [],
        areas: [(kind: GroupKind, groups: [(code: String, name: String)])] = []
    ) {
        self.form = form
        self.policies = policies
        self.levels = levels.isEmpty ? Policy.Level.known.map { ($0, []) } : levels
        self.areas = areas
    }

    /// The levels the installed policies name: those Consort knows first, largest first, then
    /// others by name. A policy that cannot be read names none (choosing it reports why). Read
    /// through the service's cache, so a form does not parse every policy file again.
    package static func levels(_ policies: PolicyService) -> [LevelChoice] {
        var named: [Policy.Level: [String]] = [:]
        for name in policies.library.names {
            guard let policy = try? policies.policy(named: name) else { continue }
            for rules in policy.levels where rules.size != nil { named[rules.level, default: []].append(name) }
        }
        let order =
            Policy.Level.known
            + named.keys.filter { !Policy.Level.known.contains($0) }.sorted {
                $0.rawValue < $1.rawValue
            }
        return order.compactMap { level in named[level].map { (level, $0) } }
    }

    /// The regions, STPs/ICBs and consortia of the registry at a date, by name.
    package static func areas(_ view: RegistryView) -> [(kind: GroupKind, groups: [(code: String, name: String)])] {
        [GroupKind.region, .icb, .consortium].map { kind in
            (
                kind,
                (view.active[kind] ?? []).compactMap { code in view.groups[code].map { (code, $0.name) } }
                    .sorted { $0.1 < $1.1 }
            )
        }
    }

    /// The form as first shown: networks under pcn-2019 inside each ICB, from today's groups.
    package static func new(
        policies: [String], levels: [LevelChoice] = [], today: Day = Day.today(),
        areas: [(kind: GroupKind, groups: [(code: String, name: String)])] = [], defaultArea: String? = nil
    ) -> PlanFormPage {
        var form = PlanController.PlanForm(
            policy: "pcn-2019", level: "network", within: "icb", seed: "1", date: today.iso)
        form.purpose = "fewest-changes"
        form.area = defaultArea
        return PlanFormPage(form: form, policies: policies, levels: levels, areas: areas)
    }

    package func render(_ ctx: PageContext, errors: FormErrors = [], status: HTTPStatus = .ok) -> HTMLPage {
        PlanView.form(form, policies: policies, levels: levels, areas: areas, errors: errors, ctx, status: status)
    }

    /// The area a planner's form opens on: the first group of their roles that can be planned
    /// (a consortium, an ICB, a region), or for a federation the consortium most of its
    /// practices are in; nil (all of England) for an administrator or without one.
    package static func defaultArea(
        for user: CurrentUser, view: RegistryView, areas: [(kind: GroupKind, groups: [(code: String, name: String)])]
    ) -> String? {
        let plannable = Set(areas.flatMap { $0.groups.map(\.code) })
        for scope in user.grants.compactMap(\.scope) {
            if plannable.contains(scope) { return scope }
            guard let group = view.groups[scope] else { continue }
            var count: [String: Int] = [:]
            for p in group.members {
                if let c = view.practices[p].groups[.consortium] { count[c, default: 0] += 1 }
            }
            if let best = count.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key, plannable.contains(best) {
                return best
            }
        }
        return nil
    }
}
