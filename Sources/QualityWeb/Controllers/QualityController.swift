import ConsortCore
import ConsortWeb
import Quality
import Vapor

/// Quality benchmarking (C10): public, like the registry and the published indicators it reads.
package enum QualityController {
    @Sendable package static func page(_ req: Request) async throws -> Response {
        let (view, ctx) = try await req.registryContext()
        let q = QueryReader(req: req)
        var params = QualityPage.Params()
        params.indicator = q.string("indicator")
        params.period = q.string("period")
        params.group = q.string("group")?.uppercased()
        params.practices = q.string("practices")
        params.comparator = try q.choice("comparator", QualityPage.Comparator.self, default: .england)
        params.adjustment = try q.choice("adjust", Funnel.Adjustment.self, default: .none)
        params.inner = try q.double("inner", range: 50...99.999) ?? 95
        params.outer = try q.double("outer", range: 50...99.999) ?? 99.8
        guard params.inner < params.outer else {
            throw BadParameter(
                name: "outer", value: QualityPage.percent(params.outer),
                expected: "give an outer limit above the inner one (\(QualityPage.percent(params.inner))%)")
        }
        params.page = try q.int("page", range: 1...1_000_000) ?? 1
        let db = Store.sql(req.db)
        let indicators = try await QualityStore.indicators(on: db)
        guard let indicator = indicators.first(where: { $0.id == params.indicator }) ?? indicators.first else {
            return try await empty(params, indicators, ctx, req)
        }
        if let asked = params.indicator, asked != indicator.id {
            throw BadParameter(
                name: "indicator", value: asked, expected: "use one of " + indicators.map(\.id).joined(separator: ", "))
        }
        let values = try await QualityStore.values(indicator: indicator.id, on: db)
        let periods = Benchmark.periods(values, indicator: indicator.id)
        let period = params.period ?? periods.last ?? ""
        guard periods.contains(period) else {
            throw BadParameter(name: "period", value: period, expected: "use one of " + periods.joined(separator: ", "))
        }
        var scope: Set<String>?
        var groupName: String?
        if let list = params.practices {
            let codes = ODSCode.codes(in: list)
            guard !codes.isEmpty, codes.count <= 500 else {
                throw BadParameter(
                    name: "practices", value: list, expected: "give 1 to 500 practice codes separated by commas")
            }
            scope = Set(codes)
            groupName = "Peer group of \(codes.count) practices"
        } else if let code = params.group {
            guard let group = view.groups[code], !group.members.isEmpty else {
                throw BadParameter(
                    name: "group", value: code,
                    expected: "give the code of a group with members on \(view.date.long), e.g. 16C or U89141")
            }
            scope = Set(group.members.map { view.practices[$0].code })
            groupName = group.name
        }
        let benchmark = Benchmark(values: values, indicator: indicator, period: period, scope: scope)
        let trend = periods.map { p in
            Self.summary(Benchmark(values: values, indicator: indicator, period: p, scope: scope), indicator)
        }
        let current = Self.summary(benchmark, indicator)
        let groupValue = current.value.map { ($0, current.ci95) }
        let targetValue = params.comparator == .group ? groupValue?.0 : benchmark.england
        let funnel = targetValue.map { t in
            Funnel(
                target: t / indicator.multiplier, kind: indicator.kind, adjustment: params.adjustment,
                practices: benchmark.rows.map { ($0.numerator, $0.denominator) })
        }
        var resolved = params
        resolved.indicator = indicator.id
        resolved.period = period
        let page = QualityPage(
            params: resolved, indicators: indicators, indicator: indicator, periods: periods, benchmark: benchmark,
            groupName: groupName, groupValue: groupValue, funnel: funnel, trend: trend,
            // A group's or peer group's ratings only; England's page reads them all at once.
            ratings: try await QualityStore.ratings(of: scope.map { _ in benchmark.rows.map(\.practiceCode) }, on: db))
        if let csv = try await alternate([page.table(ctx, all: true), page.trendTable(ctx, indicator)], req) {
            return csv
        }
        return try await page.render(ctx).encodeResponse(for: req)
    }

    /// A period's line of the trend: England's value, the scope's pooled value and interval, and
    /// how its practices compare with England.
    static func summary(_ b: Benchmark, _ indicator: Indicator) -> QualityPage.TrendRow {
        let n = b.rows.reduce(0) { $0 + $1.numerator }
        let d = b.rows.reduce(0) { $0 + $1.denominator }
        let m = indicator.multiplier
        return QualityPage.TrendRow(
            period: b.period, england: b.england, practices: b.rows.count, value: d > 0 ? n / d * m : nil,
            ci95: indicator.interval(numerator: n, denominator: d, z: Confidence.z95)?.scaled(by: m),
            better: b.rows.filter { $0.comparedToEngland == .better }.count,
            worse: b.rows.filter { $0.comparedToEngland == .worse }.count)
    }

    static func empty(_ params: QualityPage.Params, _ indicators: [Indicator], _ ctx: PageContext, _ req: Request)
        async throws -> Response
    {
        let page = QualityPage(
            params: params, indicators: indicators, indicator: nil, periods: [], benchmark: nil, groupName: nil,
            groupValue: nil, funnel: nil, trend: [], ratings: [:])
        if let csv = try await alternate([page.table(ctx, all: true)], req) { return csv }
        return try await page.render(ctx).encodeResponse(for: req)
    }
}
