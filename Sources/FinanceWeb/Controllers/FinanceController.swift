import ConsortCore
import ConsortWeb
import RiskSim
import Vapor

/// Finance (C4): capitation, the financial risk of budgets by size and of each group, and the
/// four consortium models compared on the same practices. Reads are public, like the registry.
package enum FinanceController {
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
        let q = QueryReader(req: req)
        let sort = try q.choice("sort", AllocationPage.PracticeSort.self, default: .code)
        let page = try AllocationPage.load(
            try allocationParams(req, model: model), model: model, view: view, sort: sort,
            ascending: q.string("dir").map { $0 != "desc" } ?? (sort == .code),
            page: try q.int("page", range: 1...100_000) ?? 1)
        if let csv = try await alternate(page.tables(ctx), req) { return csv }
        return try await page.render(ctx).encodeResponse(for: req)
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
        params.trials = try q.int("trials", range: Finance.trialRange) ?? params.trials
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

    @Sendable package static func risk(_ req: Request) async throws -> Response {
        let (view, ctx) = try await req.registryContext()
        let params = try riskParams(req)
        let q = QueryReader(req: req)
        let sort = try q.choice("sort", RiskPage.RiskSort.self, default: .risk)
        let page = try await RiskPage.load(
            params, groups: try groupRiskParams(req, trials: params.trials, seed: params.seed), view: view,
            sort: sort, ascending: q.string("dir").map { $0 == "asc" } ?? (sort == .code || sort == .name),
            page: try q.int("page", range: 1...100_000) ?? 1, app: req.application)
        if let csv = try await alternate(page.tables(ctx), req) { return csv }
        return try await page.render(ctx).encodeResponse(for: req)
    }

    // MARK: The four models

    package static func modelsParams(_ req: Request) throws -> Finance.ModelsParams? {
        let q = QueryReader(req: req)
        guard let area = area(q) else { return nil }
        var params = Finance.ModelsParams(area: area)
        params.trials = try q.int("trials", range: Finance.trialRange) ?? params.trials
        params.seed = try seed(q)
        params.contribution = try q.double("contribution", range: 0...100).map { $0 / 100 }
        params.threshold = try q.double("threshold", range: 0...100).map { $0 / 100 }
        params.small = try q.int("small", range: 10_000...5_000_000)
        params.locality = try q.int("locality", range: 5_000...5_000_000)
        return params
    }

    @Sendable package static func modelsPage(_ req: Request) async throws -> Response {
        let (view, ctx) = try await req.registryContext()
        let params = try modelsParams(req)
        if params == nil, req.format != .html {
            throw BadParameter(name: "area", value: "", expected: "choose an area: a region, STP/ICB or CCG code")
        }
        let page = try await ModelsPage.load(params, view: view, app: req.application)
        if let csv = try await alternate(page.tables(ctx), req) { return csv }
        return try await page.render(ctx).encodeResponse(for: req)
    }

    @Sendable package static func costModelPage(_ req: Request) async throws -> HTMLPage {
        CostModelPage(model: try req.application.finance.model()).render(PageContext(request: req))
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
            try await req.application.finance.cached(params.key, work: req.application.heavyWork) {
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
            req, trials: try q.int("trials", range: Finance.trialRange) ?? 10_000, seed: try seed(q))
        let groups = try await Finance.groupRisk(params, model: model, view: view, app: req.application)
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
        return JSONAnswer(
            try await Finance.models(
                params, model: try req.application.finance.model(), view: view, app: req.application))
    }

    @Sendable package static func apiCostModel(_ req: Request) async throws -> CostModel {
        try req.application.finance.model()
    }
}

extension CostModel: Content {}
