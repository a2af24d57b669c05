import ConsortCore
import Foundation

/// The annual cost of a patient as a sum of independent classes of care events (a compound
/// Poisson model): in class c, a patient has a Poisson(λ_c) number of events a year, each
/// costing a Gamma-distributed amount with mean m_c and coefficient of variation v_c.
///
/// Many patients have no costly event in a year and a few have very expensive ones (the heavy
/// tail): the chance of no event at all is exp(−Σλ_c). Per patient, the closed-form moments are
/// mean μ = Σ λ_c m_c and variance σ² = Σ λ_c m_c² (1 + v_c²). For N patients the spend has
/// mean Nμ and variance Nσ², so its relative spread falls like 1/√N.
///
/// The model is read from a TOML file (`finance/cost-model.toml`) whose every figure names a
/// source; docs/finance.md explains the calibration.
public struct CostModel: Sendable, Codable, Equatable {
    public struct EventClass: Sendable, Codable, Equatable {
        public let id: String
        public let label: String
        /// Events per person-year.
        public let rate: Double
        /// Mean cost of one event, £.
        public let meanCost: Double
        /// Coefficient of variation of one event's cost.
        public let cv: Double
        /// Low-volume, high-cost care that a lead consortium commissions for a whole group of
        /// consortia in the "federated" model.
        public let pooled: Bool
        public let source: String

        /// Gamma shape k = 1/cv² and scale θ = mean·cv² of one event's cost.
        public var shape: Double { 1 / (cv * cv) }
        public var scale: Double { meanCost * cv * cv }
        public var meanPerHead: Double { rate * meanCost }
        public var variancePerHead: Double { rate * meanCost * meanCost * (1 + cv * cv) }
    }

    /// Assumptions of the four-model comparison (see docs/finance.md).
    public struct ModelAssumptions: Sendable, Codable, Equatable {
        /// Patients per consortium in the "small consortia" model.
        public var smallConsortium: Int
        /// Patients per locality in the "large consortium with localities" model.
        public var locality: Int
        /// The core management team every consortium needs, £ a year.
        public var coreManagementCost: Double
        /// The extra tier each locality adds, £ a year.
        public var localityTierCost: Double
        /// The lead consortium's added commissioning function, as a share of the pooled budget.
        public var leadFunctionShare: Double
        /// The share of each consortium's core management cost saved by buying it from a shared service agency.
        public var agencySaving: Double
        /// Risk pool: each consortium's contribution, as a share of its budget…
        public var poolContribution: Double
        /// …and the overspend, as a share of budget, above which the pool pays.
        public var poolThreshold: Double
        /// The source of the sizes (the GPC guide's models)…
        public var sizesSource: String
        /// …and of the money assumptions.
        public var source: String
    }

    public var name: String
    public var version: String
    public var title: String
    public var classes: [EventClass]
    public var budgetPerHead: Double
    public var budgetSource: String
    public var managementPerHead: Double
    public var managementSource: String
    /// Relative need by national IMD 2019 decile of the practice (1 = most deprived).
    public var needWeights: [Int: Double]
    public var needSource: String
    public var assumptions: ModelAssumptions
    public var sources: [Policy.Source]

    public var meanPerHead: Double { classes.reduce(0) { $0 + $1.meanPerHead } }
    public var variancePerHead: Double { classes.reduce(0) { $0 + $1.variancePerHead } }
    /// The per-patient coefficient of variation σ/μ.
    public var cvPerHead: Double { variancePerHead.squareRoot() / meanPerHead }
    /// The chance a patient has no event in a year.
    public var shareWithNoCost: Double { exp(-classes.reduce(0) { $0 + $1.rate }) }

    public func citation(_ id: String) -> String? { sources.first { $0.id == id }?.citation }
}

/// Reads a cost model file, refusing it with the file, line and reason when it cannot be used.
public enum CostModelReader {
    public static func read(contentsOf url: URL) throws(PolicyError) -> CostModel {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw PolicyError(file: url.path, line: 0, reason: "cannot be read (\(error.localizedDescription))")
        }
        return try read(text, file: url.lastPathComponent)
    }

    public static func read(_ text: String, file: String) throws(PolicyError) -> CostModel {
        let root: TOML.Table
        do { root = try TOML.parse(text) } catch {
            throw PolicyError(file: file, line: error.line, reason: error.reason)
        }
        func fail(_ line: Int, _ reason: String) -> PolicyError { PolicyError(file: file, line: line, reason: reason) }
        func table(_ t: TOML.Table, _ key: String) throws(PolicyError) -> TOML.Table {
            guard let entry = t[key] else { throw fail(t.line, "[\(key)] is missing") }
            guard case .table(let sub) = entry.value else { throw fail(entry.line, "'\(key)' must be a table") }
            return sub
        }
        func string(_ t: TOML.Table, _ key: String) throws(PolicyError) -> String {
            guard let entry = t[key] else { throw fail(t.line, "'\(key)' is missing") }
            guard case .string(let s) = entry.value, !s.isEmpty else {
                throw fail(entry.line, "'\(key)' must be a non-empty string")
            }
            return s
        }
        func number(_ t: TOML.Table, _ key: String, min: Double = 0, max: Double = .infinity, open: Bool = true)
            throws(PolicyError) -> Double
        {
            guard let entry = t[key] else { throw fail(t.line, "'\(key)' is missing") }
            let value: Double
            switch entry.value {
            case .integer(let n): value = Double(n)
            case .float(let d): value = d
            default: throw fail(entry.line, "'\(key)' must be a number")
            }
            guard open ? value > min : value >= min, value <= max else {
                throw fail(
                    entry.line,
                    "'\(key)' is \(value); it must be \(open ? "above" : "at least") "
                        + "\(min)\(max.isFinite ? " and at most \(max)" : "")"
                )
            }
            return value
        }
        let sourcesTable = try table(root, "sources")
        var sources: [Policy.Source] = []
        for entry in sourcesTable.entries {
            guard case .string(let citation) = entry.value, !citation.isEmpty else {
                throw fail(entry.line, "source '\(entry.key)' must be a citation")
            }
            sources.append(.init(id: entry.key, citation: citation))
        }
        func source(_ t: TOML.Table, _ key: String = "source") throws(PolicyError) -> String {
            let id = try string(t, key)
            guard sources.contains(where: { $0.id == id }) else {
                throw fail(t[key]!.line, "source '\(id)' is not listed in [sources]")
            }
            return id
        }
        let classesTable = try table(root, "classes")
        var classes: [CostModel.EventClass] = []
        for entry in classesTable.entries {
            guard case .table(let c) = entry.value else {
                throw fail(entry.line, "'\(entry.key)' in [classes] must be a table")
            }
            for key in c.entries.map(\.key)
            where !["label", "rate", "mean_cost", "cv", "pooled", "source"].contains(key) {
                throw fail(c[key]!.line, "unknown setting '\(key)' in [classes.\(entry.key)]")
            }
            var pooled = false
            if let p = c["pooled"] {
                guard case .bool(let b) = p.value else { throw fail(p.line, "'pooled' must be true or false") }
                pooled = b
            }
            classes.append(
                .init(
                    id: entry.key, label: try string(c, "label"), rate: try number(c, "rate"),
                    meanCost: try number(c, "mean_cost"),
                    cv: try number(c, "cv", max: 100), pooled: pooled, source: try source(c)))
        }
        guard !classes.isEmpty else { throw fail(classesTable.line, "[classes] holds no class of events") }
        let budget = try table(root, "budget")
        let management = try table(root, "management")
        let need = try table(root, "need_weights")
        var weights: [Int: Double] = [:]
        for entry in need.entries where entry.key != "source" {
            guard let decile = Int(entry.key.replacingOccurrences(of: "decile_", with: "")), (1...10).contains(decile)
            else {
                throw fail(entry.line, "need weights are keyed decile_1 … decile_10, not '\(entry.key)'")
            }
            weights[decile] = try number(need, entry.key, max: 10)
        }
        guard weights.count == 10 else { throw fail(need.line, "[need_weights] must give all ten deciles") }
        let a = try table(root, "models")
        let assumptions = CostModel.ModelAssumptions(
            smallConsortium: Int(try number(a, "small_consortium_patients", min: 1000)),
            locality: Int(try number(a, "locality_patients", min: 1000)),
            coreManagementCost: try number(a, "core_management_cost", min: 0, open: false),
            localityTierCost: try number(a, "locality_tier_cost", min: 0, open: false),
            leadFunctionShare: try number(a, "lead_function_share", min: 0, max: 1, open: false),
            agencySaving: try number(a, "agency_saving", min: 0, max: 1, open: false),
            poolContribution: try number(a, "pool_contribution", min: 0, max: 1, open: false),
            poolThreshold: try number(a, "pool_threshold", min: 0, max: 1, open: false),
            sizesSource: try source(a, "sizes_source"),
            source: try source(a))
        guard assumptions.locality <= assumptions.smallConsortium * 10 else {
            throw fail(
                a["locality_patients"]!.line,
                "locality_patients is far larger than small_consortium_patients; localities are sub-groups of a "
                    + "consortium"
            )
        }
        return CostModel(
            name: try string(root, "name"), version: try string(root, "version"), title: try string(root, "title"),
            classes: classes, budgetPerHead: try number(budget, "per_head"), budgetSource: try source(budget),
            managementPerHead: try number(management, "per_head"), managementSource: try source(management),
            needWeights: weights, needSource: try source(need), assumptions: assumptions, sources: sources)
    }
}
