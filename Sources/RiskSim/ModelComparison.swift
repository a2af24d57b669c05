import Foundation

/// The four consortium models of the GPC guide (November 2010), compared on the same practices
/// and the same simulated years: small consortia; one large consortium with localities;
/// federated consortia with a lead consortium for low-volume high-cost care; and consortia
/// buying from a service agency with a risk pool. docs/finance.md describes each.
public enum ModelComparison {
    public struct Practice: Sendable {
        public let code: String
        public let patients: Int
        /// Relative need (1 = average), from the practice's IMD decile.
        public let need: Double
        /// Keys that keep neighbours together when practices are cut into groups: the practice's
        /// consortium and network codes.
        public let consortium: String
        public let network: String

        public init(code: String, patients: Int, need: Double, consortium: String, network: String) {
            self.code = code
            self.patients = patients
            self.need = need
            self.consortium = consortium
            self.network = network
        }
    }

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case small, large, federated, agency

        public var title: String {
            switch self {
            case .small: return "Small consortia"
            case .large: return "One large consortium with localities"
            case .federated: return "Federated consortia with a lead consortium"
            case .agency: return "Consortia with a service agency and risk pool"
            }
        }

        /// A label short enough for a chart.
        public var shortTitle: String {
            switch self {
            case .small: return "Small consortia"
            case .large: return "Large, with localities"
            case .federated: return "Federated, lead consortium"
            case .agency: return "Service agency, risk pool"
            }
        }
    }

    /// A budget-holding body of a model (a consortium), or a locality of the large consortium
    /// whose devolved budget is reported but whose risk the consortium carries.
    public struct Body: Sendable, Encodable {
        public let name: String
        /// The practices, and the CCGs (consortia) they belong to in the registry.
        public let practices: [String]
        public let consortia: [String]
        public let patients: Int
        /// Its budget, £ (for the lead consortium, its own plus the pooled budget it holds).
        public let budget: Double
        /// The chance its spend runs more than 5% over its budget in a year…
        public let probabilityOver5: Double
        /// …and more than 5% under.
        public let probabilityUnder5: Double
    }

    public struct Result: Sendable, Encodable {
        public let kind: Kind
        public let title: String
        /// Bodies holding budgets (consortia, plus the lead consortium's pooled budget).
        public let consortia: Int
        public let localities: Int
        public let patients: Int
        /// The chance that at least one consortium overspends by more than 5% in a year.
        public let probabilityAnyOver5: Double
        /// The expected number of consortia overspending by more than 5% in a year.
        public let expectedOver5: Double
        /// Reserves (or pool funds) needed to cover a 1-in-20 and a 1-in-100 year, £.
        public let reserve20: Double
        public let reserve100: Double
        /// The management allowance of the whole population, £, and what its management tiers cost.
        public let managementAllowance: Double
        public let managementTiers: Double
        /// For each simulated year, the overspend that reserves must cover, £ (for charts; not encoded).
        public let reserveNeeded: [Double]
        /// For the large model: the chance a locality's devolved budget is off by more than 5%.
        public let localityOffBy5: Double?
        /// The consortia holding budgets, or for the large model its localities.
        public let bodies: [Body]
        public let notes: [String]

        /// The management tiers' cost as a share of the allowance.
        public let managementShare: Double

        /// Everything but the year-by-year reserves is encoded.
        enum CodingKeys: String, CodingKey {
            case kind, title, consortia, localities, patients, probabilityAnyOver5, expectedOver5, reserve20, reserve100
            case managementAllowance, managementTiers, managementShare, localityOffBy5, bodies, notes
        }
    }

    /// Cuts practices, kept in (consortium, network, code) order, into consecutive groups of
    /// about `target` patients; a remainder under half the target joins the last group.
    public static func cut(_ practices: [Practice], target: Int) -> [[Practice]] {
        let ordered = practices.sorted { ($0.consortium, $0.network, $0.code) < ($1.consortium, $1.network, $1.code) }
        var groups: [[Practice]] = []
        var current: [Practice] = []
        var size = 0
        for p in ordered {
            current.append(p)
            size += p.patients
            if size >= target {
                groups.append(current)
                current = []
                size = 0
            }
        }
        if !current.isEmpty {
            if size < target / 2, !groups.isEmpty {
                groups[groups.count - 1] += current
            } else {
                groups.append(current)
            }
        }
        return groups
    }

    /// Evaluates the four models on the same practices and the same simulated years. The
    /// practices are cut into consortia of `smallConsortium` patients and localities of
    /// `locality` patients (see `cut`); every budget is the need-weighted fair share of the
    /// model's mean spend a head.
    public static func compare(_ practices: [Practice], model: CostModel, trials: Int, seed: UInt64) -> [Result] {
        let a = model.assumptions
        let patients = practices.reduce(0) { $0 + $1.patients }
        let allowance = Double(patients) * model.managementPerHead
        let pooledMean = model.classes.filter(\.pooled).reduce(0) { $0 + $1.meanPerHead }
        let ownMean = model.meanPerHead - pooledMean

        let smallParts = cut(practices, target: a.smallConsortium)
        let localityParts = cut(practices, target: a.locality)
        func groups(_ parts: [[Practice]], prefix: String) -> [Simulator.Group] {
            parts.enumerated().map { i, members in
                Simulator.Group(
                    code: "\(prefix) \(i + 1)", name: "\(prefix) \(i + 1)",
                    patients: members.reduce(0) { $0 + $1.patients },
                    weightedPatients: members.reduce(0) { $0 + Double($1.patients) * $1.need })
            }
        }
        let small = groups(smallParts, prefix: "Consortium")
        let localities = groups(localityParts, prefix: "Locality")
        let areaWeighted = practices.reduce(0) { $0 + Double($1.patients) * $1.need }

        func quantile(_ values: [Double], _ q: Double) -> Double {
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))]
        }

        /// A body's chances of running more than 5% over and under its budget, from its
        /// spend over budget (£) in each simulated year.
        func body(_ group: Simulator.Group, _ members: [Practice], budget: Double, over: (Int) -> Double) -> Body {
            var above = 0
            var below = 0
            for t in 0..<trials {
                let o = over(t)
                if o > 0.05 * budget { above += 1 } else if o < -0.05 * budget { below += 1 }
            }
            return Body(
                name: group.name, practices: members.map(\.code),
                consortia: Array(Set(members.map(\.consortium).filter { !$0.isEmpty })).sorted(),
                patients: group.patients, budget: budget, probabilityOver5: Double(above) / Double(trials),
                probabilityUnder5: Double(below) / Double(trials))
        }

        /// Sums up a model from each budget holder's overspend (£) and budget, year by year.
        func result(
            _ kind: Kind, holders: Int, localities: Int, over: (Int) -> [(over: Double, budget: Double)], tiers: Double,
            bodies: [Body], localityOffBy5: Double? = nil, notes: [String]
        ) -> Result {
            var any = 0
            var count = 0
            var reserve: [Double] = []
            reserve.reserveCapacity(trials)
            for t in 0..<trials {
                let positions = over(t)
                let overs = positions.filter { $0.over > 0.05 * $0.budget }.count
                if overs > 0 { any += 1 }
                count += overs
                reserve.append(positions.reduce(0) { $0 + max(0, $1.over) })
            }
            return Result(
                kind: kind, title: kind.title, consortia: holders, localities: localities, patients: patients,
                probabilityAnyOver5: Double(any) / Double(trials), expectedOver5: Double(count) / Double(trials),
                reserve20: quantile(reserve, 0.95), reserve100: quantile(reserve, 0.99),
                managementAllowance: allowance, managementTiers: tiers, reserveNeeded: reserve,
                localityOffBy5: localityOffBy5, bodies: bodies, notes: notes,
                managementShare: allowance > 0 ? tiers / allowance : 0)
        }

        // The same simulated years feed every model: spends by small consortium and by locality,
        // split into the pooled classes and the rest.
        let smallOwn = Simulator.spend(model: model, groups: small, trials: trials, seed: seed) { !$0.pooled }
        let smallPooled = Simulator.spend(model: model, groups: small, trials: trials, seed: seed &+ 1) { $0.pooled }
        let smallBudgets = small.map { $0.weightedPatients * model.meanPerHead }
        let smallBodies = small.indices.map { i in
            body(small[i], smallParts[i], budget: smallBudgets[i]) {
                smallOwn[i][$0] + smallPooled[i][$0] - smallBudgets[i]
            }
        }

        var out: [Result] = []
        out.append(
            result(
                .small, holders: small.count, localities: 0,
                over: { t in
                    (0..<small.count).map { i in (smallOwn[i][t] + smallPooled[i][t] - smallBudgets[i], smallBudgets[i])
                    }
                }, tiers: Double(small.count) * a.coreManagementCost, bodies: smallBodies,
                notes: [
                    "\(small.count) consortia of about \(a.smallConsortium.formatted()) patients, each holding its "
                        + "whole budget."
                ]))

        // The large consortium's spend is the whole area's in the same simulated years. Its
        // localities' devolved budgets are the small consortia's when they are cut to the same
        // size; otherwise they are simulated separately, only to report how far off they run.
        let areaBudget = areaWeighted * model.meanPerHead
        let localitySpend =
            a.locality == a.smallConsortium
            ? (0..<small.count).map { i in (0..<trials).map { smallOwn[i][$0] + smallPooled[i][$0] } }
            : Simulator.spend(model: model, groups: localities, trials: trials, seed: seed &+ 2)
        let localityBudgets = localities.map { $0.weightedPatients * model.meanPerHead }
        let localityBodies = localities.indices.map { i in
            body(localities[i], localityParts[i], budget: localityBudgets[i]) {
                localitySpend[i][$0] - localityBudgets[i]
            }
        }
        let localityOff =
            localityBodies.reduce(0) { $0 + $1.probabilityOver5 + $1.probabilityUnder5 }
            / Double(max(localities.count, 1))
        out.append(
            result(
                .large, holders: 1, localities: localities.count,
                over: { t in
                    [
                        (
                            (0..<small.count).reduce(0) { $0 + smallOwn[$1][t] + smallPooled[$1][t] } - areaBudget,
                            areaBudget
                        )
                    ]
                }, tiers: a.coreManagementCost + Double(localities.count) * a.localityTierCost, bodies: localityBodies,
                localityOffBy5: localityOff,
                notes: [
                    "One consortium holds the whole budget; its \(localities.count) localities report devolved budgets "
                        + "but carry no risk."
                ]))

        // The lead consortium (the first) holds the pooled budget for the whole group as well as its own.
        let ownBudgets = small.map { $0.weightedPatients * ownMean }
        let pooledBudget = areaWeighted * pooledMean
        let pooledSpend = (0..<trials).map { t in (0..<small.count).reduce(0) { $0 + smallPooled[$1][t] } }
        func federatedOver(_ i: Int, _ t: Int) -> Double {
            i == 0 ? smallOwn[0][t] - ownBudgets[0] + pooledSpend[t] - pooledBudget : smallOwn[i][t] - ownBudgets[i]
        }
        let federatedBodies = small.indices.map { i in
            let b = body(small[i], smallParts[i], budget: ownBudgets[i] + (i == 0 ? pooledBudget : 0)) {
                federatedOver(i, $0)
            }
            return i == 0
                ? Body(
                    name: b.name + " (lead)", practices: b.practices, consortia: b.consortia, patients: b.patients,
                    budget: b.budget,
                    probabilityOver5: b.probabilityOver5, probabilityUnder5: b.probabilityUnder5) : b
        }
        out.append(
            result(
                .federated, holders: small.count, localities: 0,
                over: { t in
                    (0..<small.count).map { i in (federatedOver(i, t), ownBudgets[i] + (i == 0 ? pooledBudget : 0)) }
                }, tiers: Double(small.count) * a.coreManagementCost + a.leadFunctionShare * pooledBudget,
                bodies: federatedBodies,
                notes: [
                    "The lead consortium commissions the low-volume high-cost classes "
                        + "(\(model.classes.filter(\.pooled).map(\.label).joined(separator: "; "))) for all "
                        + "\(small.count) consortia."
                ]))

        // Contributions fund the pool in advance; they are the agency's cash, not a consortium's
        // overspend. Each consortium keeps its overspend up to the threshold; the pool pays the
        // rest, and a year in which payouts exceed contributions leaves a deficit to be met from
        // the consortia's reserves together.
        func kept(_ i: Int, _ t: Int) -> (over: Double, payout: Double) {
            let over = smallOwn[i][t] + smallPooled[i][t] - smallBudgets[i]
            let payout = max(0, over - a.poolThreshold * smallBudgets[i])
            return (over - payout, payout)
        }
        let agencyBodies = small.indices.map { i in
            body(small[i], smallParts[i], budget: smallBudgets[i]) { kept(i, $0).over }
        }
        let contributions = smallBudgets.reduce(0) { $0 + a.poolContribution * $1 }
        out.append(
            result(
                .agency, holders: small.count, localities: 0,
                over: { t in
                    var payouts = 0.0
                    var positions: [(over: Double, budget: Double)] = []
                    for i in small.indices {
                        let k = kept(i, t)
                        payouts += k.payout
                        positions.append((k.over, smallBudgets[i]))
                    }
                    positions.append((max(0, payouts - contributions), .infinity))
                    return positions
                }, tiers: Double(small.count) * a.coreManagementCost * (1 - a.agencySaving), bodies: agencyBodies,
                notes: [
                    "Each of the \(small.count) consortia pays \(percent(a.poolContribution)) of its budget into the "
                        + "agency's risk pool, which pays any overspend beyond \(percent(a.poolThreshold)) of budget; "
                        + "the reserve covers what consortia keep plus any year the pool pays out more than it "
                        + "took in."
                ]))
        return out
    }

    static func percent(_ x: Double) -> String { String(format: "%g%%", x * 100) }
}
