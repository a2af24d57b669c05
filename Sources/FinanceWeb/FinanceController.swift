import ConsortCore
import ConsortWeb
import RiskSim
import Vapor

/// Finance (C4): capitation, the financial risk of budgets by size and of each group, and the
/// four consortium models compared on the same practices. Reads are public, like the registry.
package enum FinanceController {
    /// Simulations a request may ask for: trials per group, and trials times groups.
    package static let trialRange = 1_000...100_000
    package static let maximumWork = 20_000_000

    package static func seed(_ q: QueryReader) throws -> UInt64 {
        UInt64(try q.int("seed", range: 0...4_294_967_295) ?? 1)
    }

    package static func kind(_ q: QueryReader, allowed: [GroupKind], default value: GroupKind) throws -> GroupKind {
        guard let text = q.string("by") else { return value }
        guard let kind = GroupKind(rawValue: text), allowed.contains(kind) else {
            throw BadParameter(
                name: "by", value: text, expected: "use one of " + allowed.map(\.rawValue).joined(separator: ", "))
        }
        return kind
    }

    package static func area(_ q: QueryReader) -> String? { q.string("area")?.uppercased() }

    // MARK: Allocation

    package static func allocationParams(_ req: Request, model: CostModel) throws -> Finance.AllocationParams {
        let q = QueryReader(req: req)
        return Finance.AllocationParams(
            area: area(q), by: try kind(q, allowed: Finance.allocationKinds, default: .consortium),
            basis: try q.choice("basis", Allocation.Basis.self, default: .weighted),
            perHead: try q.double("per_head", range: 1...100_000) ?? model.budgetPerHead,
            managementPerHead: try q.double("management", range: 0...1_000) ?? model.managementPerHead)
    }

    @Sendable package static func allocation(_ req: Request) async throws -> Response {
        let (view, ctx) = try await req.registryContext()
        let model = try req.application.finance.model()
        let params = try allocationParams(req, model: model)
        let result = try Finance.allocation(params, model: model, view: view)
        let q = QueryReader(req: req)
        let sort = try q.choice("sort", FinanceView.PracticeSort.self, default: .code)
        let ascending = q.string("dir").map { $0 != "desc" } ?? (sort == .code)
        if req.format == .csv {
            return try await csvResponse(
                [
                    FinanceView.groupShares(result, ctx),
                    FinanceView.practiceShares(result, ctx, sort: sort, ascending: ascending, page: nil),
                    FinanceView.differenceTable(result, ctx),
                ], req: req
            ).encodeResponse(for: req)
        }
        let page = try q.int("page", range: 1...100_000) ?? 1
        return try await FinanceView.allocation(
            result, params: params, model: model, view: view, sort: sort, ascending: ascending, page: page, ctx
        )
        .encodeResponse(for: req)
    }

    // MARK: Risk

    package static func riskParams(_ req: Request) throws -> Finance.RiskParams {
        let q = QueryReader(req: req)
        var params = Finance.RiskParams()
        if let text = q.string("populations") {
            var sizes: [Int] = []
            for part in text.split(whereSeparator: { $0 == "," || $0 == " " }) where !part.isEmpty {
                guard let n = Int(part.replacingOccurrences(of: "_", with: "")), (100...100_000_000).contains(n) else {
                    throw BadParameter(
                        name: "populations", value: text,
                        expected:
                            "'\(part)' is not a population; give sizes from 100 to 100,000,000 separated by commas, "
                            + "e.g. 10000,30000,100000"
                    )
                }
                sizes.append(n)
            }
            sizes = Array(Set(sizes)).sorted()
            guard (1...20).contains(sizes.count) else {
                throw BadParameter(
                    name: "populations", value: text, expected: "give from 1 to 20 population sizes separated by commas"
                )
            }
            params.populations = sizes
        }
        params.trials = try q.int("trials", range: trialRange) ?? params.trials
        params.seed = try seed(q)
        let show = try q.int("show", range: 1...100_000_000)
        params.show =
            show.flatMap { params.populations.contains($0) ? $0 : nil }
            ?? params.populations.first { $0 >= 30_000 } ?? params.populations.last!
        return params
    }

    package static func groupRiskParams(_ req: Request, trials: Int, seed: UInt64) throws -> Finance.GroupRiskParams {
        let q = QueryReader(req: req)
        return Finance.GroupRiskParams(
            area: area(q), by: try kind(q, allowed: GroupKind.allCases, default: .consortium), trials: trials,
            seed: seed)
    }

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

    package static func groupRisk(
        _ req: Request, _ params: Finance.GroupRiskParams, model: CostModel, view: RegistryView
    ) async throws -> [Finance.GroupRisk] {
        let groups = try checkedGroups(params, model: model, view: view)
        let key = [
            "groups", "\(view.version)", view.date.iso, params.area ?? "", params.by.rawValue, "\(params.trials)",
            "\(params.seed)",
        ].joined(separator: "|")
        return try await req.application.finance.cached(key, pool: req.application.threadPool) {
            Finance.groupRisk(groups, params, model: model)
        }
    }

    @Sendable package static func risk(_ req: Request) async throws -> Response {
        let (view, ctx) = try await req.registryContext()
        let model = try req.application.finance.model()
        let params = try riskParams(req)
        let groupParams = try groupRiskParams(req, trials: params.trials, seed: params.seed)
        let result = try await req.application.finance.cached(params.key, pool: req.application.threadPool) {
            Finance.risk(params, model: model)
        }
        let groups = try await groupRisk(req, groupParams, model: model, view: view)
        let q = QueryReader(req: req)
        let sort = try q.choice("sort", FinanceView.RiskSort.self, default: .risk)
        let ascending = q.string("dir").map { $0 == "asc" } ?? (sort == .code || sort == .name)
        if req.format == .csv {
            return try await csvResponse(
                [
                    FinanceView.sizeTable(result, ctx), FinanceView.distributionTable(result, ctx),
                    FinanceView.groupRiskTable(
                        groups, groupParams, view, ctx, sort: sort, ascending: ascending, page: nil),
                ], req: req
            )
            .encodeResponse(for: req)
        }
        let page = try q.int("page", range: 1...100_000) ?? 1
        return try await FinanceView.risk(
            result, params: params, groups: groups, groupParams: groupParams, model: model, view: view,
            sort: sort, ascending: ascending, page: page, ctx
        ).encodeResponse(for: req)
    }

    // MARK: The four models

    package static func modelsParams(_ req: Request) throws -> Finance.ModelsParams? {
        let q = QueryReader(req: req)
        guard let area = area(q) else { return nil }
        var params = Finance.ModelsParams(area: area)
        params.trials = try q.int("trials", range: trialRange) ?? params.trials
        params.seed = try seed(q)
        params.contribution = try q.double("contribution", range: 0...100).map { $0 / 100 }
        params.threshold = try q.double("threshold", range: 0...100).map { $0 / 100 }
        params.small = try q.int("small", range: 10_000...5_000_000)
        params.locality = try q.int("locality", range: 5_000...5_000_000)
        return params
    }

    package static func models(
        _ req: Request, _ params: Finance.ModelsParams, model base: CostModel, view: RegistryView
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
        return try await req.application.finance.cached(key, pool: req.application.threadPool) {
            let practices = (ModelComparison.practices(of: params.area, in: view.configuration, model: model) ?? [])
                .filter { $0.patients > 0 }
            return Finance.models(params, model: model, practices: practices, name: group.name, date: view.date)
        }
    }

    @Sendable package static func modelsPage(_ req: Request) async throws -> Response {
        let (view, ctx) = try await req.registryContext()
        let model = try req.application.finance.model()
        guard let params = try modelsParams(req) else {
            if req.format == .csv {
                throw BadParameter(name: "area", value: "", expected: "choose an area: a region, STP/ICB or CCG code")
            }
            return try await FinanceView.models(nil, params: nil, model: model, view: view, ctx).encodeResponse(
                for: req)
        }
        let result = try await models(req, params, model: model, view: view)
        if req.format == .csv {
            return try await csvResponse(FinanceView.modelTables(result, ctx), req: req).encodeResponse(for: req)
        }
        return try await FinanceView.models(result, params: params, model: params.apply(to: model), view: view, ctx)
            .encodeResponse(for: req)
    }

    @Sendable package static func costModelPage(_ req: Request) async throws -> HTMLPage {
        FinanceView.costModel(try req.application.finance.model(), PageContext(request: req))
    }

    // MARK: API

    @Sendable package static func apiAllocation(_ req: Request) async throws -> JSONAnswer<Finance.AllocationResult> {
        let view = try await req.registryView(at: QueryReader(req: req).date().day)
        let model = try req.application.finance.model()
        return JSONAnswer(try Finance.allocation(try allocationParams(req, model: model), model: model, view: view))
    }

    @Sendable package static func apiRisk(_ req: Request) async throws -> JSONAnswer<Finance.RiskResult> {
        let model = try req.application.finance.model()
        let params = try riskParams(req)
        return JSONAnswer(
            try await req.application.finance.cached(params.key, pool: req.application.threadPool) {
                Finance.risk(params, model: model)
            })
    }

    package struct GroupRiskAnswer: Encodable, Sendable {
        package let date: Day
        package let area: String?
        package let by: GroupKind
        package let trials: Int
        package let seed: UInt64
        package let groups: [Finance.GroupRisk]

        package init(date: Day, area: String?, by: GroupKind, trials: Int, seed: UInt64, groups: [Finance.GroupRisk]) {
            self.date = date
            self.area = area
            self.by = by
            self.trials = trials
            self.seed = seed
            self.groups = groups
        }
    }

    @Sendable package static func apiGroupRisk(_ req: Request) async throws -> JSONAnswer<GroupRiskAnswer> {
        let view = try await req.registryView(at: QueryReader(req: req).date().day)
        let model = try req.application.finance.model()
        let q = QueryReader(req: req)
        let params = try groupRiskParams(
            req, trials: try q.int("trials", range: trialRange) ?? 10_000, seed: try seed(q))
        let groups = try await groupRisk(req, params, model: model, view: view)
        return JSONAnswer(
            GroupRiskAnswer(
                date: view.date, area: params.area, by: params.by, trials: params.trials, seed: params.seed,
                groups: groups))
    }

    @Sendable package static func apiModels(_ req: Request) async throws -> JSONAnswer<Finance.ModelsResult> {
        let view = try await req.registryView(at: QueryReader(req: req).date().day)
        guard let params = try modelsParams(req) else {
            throw BadParameter(name: "area", value: "", expected: "give area=CODE: a region, STP/ICB or CCG code")
        }
        return JSONAnswer(try await models(req, params, model: try req.application.finance.model(), view: view))
    }

    @Sendable package static func apiCostModel(_ req: Request) async throws -> CostModel {
        try req.application.finance.model()
    }
}

extension CostModel: Content {}
