import ConsortCore
import ConsortWeb
import RiskSim
import Vapor

/// The simulations the pages and the API share, each computed once per registry version,
/// parameters and seed, and kept.
extension Finance {
    /// Simulations a request may ask for: trials per group, and trials times groups.
    package static let trialRange = 1_000...100_000
    package static let maximumWork = 20_000_000

    /// The simulation groups of the request, refused when there would be too much to simulate.
    package static func checkedGroups(_ params: Finance.GroupRiskParams, model: CostModel, view: RegistryView) throws
        -> [Simulator.Group]
    {
        let groups = try Finance.simulationGroups(params, model: model, view: view)
        guard groups.count * params.trials <= maximumWork else {
            throw BadParameter(
                name: "trials", value: String(params.trials),
                expected:
                    "\(grouped(groups.count)) groups × \(grouped(params.trials)) trials is more than "
                    + "\(grouped(maximumWork)) simulated group-years; use fewer trials or a smaller area"
            )
        }
        return groups
    }

    /// Each group's simulated risk, computed once for a registry version and kept.
    package static func groupRisk(
        _ params: Finance.GroupRiskParams, model: CostModel, view: RegistryView, app: Application
    ) async throws -> [Finance.GroupRisk] {
        let groups = try checkedGroups(params, model: model, view: view)
        let key = [
            "groups", "\(view.version)", view.date.iso, params.area ?? "", params.by.rawValue, "\(params.trials)",
            "\(params.seed)",
        ].joined(separator: "|")
        return try await app.finance.cached(key, work: app.heavyWork) {
            Finance.groupRisk(groups, params, model: model)
        }
    }

    /// The four models compared on an area's practices, computed once for a registry version
    /// and kept; refused when there would be too much to simulate.
    package static func models(
        _ params: Finance.ModelsParams, model base: CostModel, view: RegistryView, app: Application
    ) async throws -> Finance.ModelsResult {
        let model = params.apply(to: base)
        guard let group = view.groups[params.area], !group.members.isEmpty else {
            throw BadParameter(
                name: "area", value: params.area,
                expected:
                    "use the code of a region, STP/ICB, CCG, locality, network or federation with member practices on "
                    + "\(view.date.long)"
            )
        }
        // The simulation draws every consortium's and every locality's spend in every year.
        let a = model.assumptions
        let bodies = group.patients / a.smallConsortium + group.patients / a.locality + 2
        guard bodies * params.trials <= maximumWork else {
            throw BadParameter(
                name: "trials", value: String(params.trials),
                expected:
                    "about \(grouped(bodies)) consortia and localities × \(grouped(params.trials)) trials is more "
                    + "than \(grouped(maximumWork)) simulated years; use fewer trials, larger consortia or a smaller "
                    + "area"
            )
        }
        let key = [
            "models", "\(view.version)", view.date.iso, params.area, "\(params.trials)", "\(params.seed)",
            "\(a.poolContribution)", "\(a.poolThreshold)", "\(a.smallConsortium)", "\(a.locality)",
        ].joined(separator: "|")
        return try await app.finance.cached(key, work: app.heavyWork) {
            let practices = (ModelComparison.practices(of: params.area, in: view.configuration, model: model) ?? [])
                .filter { $0.patients > 0 }
            return Finance.models(params, model: model, practices: practices, name: group.name, date: view.date)
        }
    }
}
