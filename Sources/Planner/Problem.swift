import ConsortCore

/// What to plan: the practices of an area with their locations, sizes, deprivation and
/// current groups, the neighbourhood graph, the areas groups must not cross, the atoms that
/// must stay whole, pinned practices and locked groups.
public struct PlanInput: Sendable {
    public struct Practice: Sendable {
        public let code: String
        public let name: String
        /// British National Grid metres, when known.
        public let point: (x: Int, y: Int)?
        public let listSize: Int
        /// IMD 2019 score of the registered population, when published.
        public let imdScore: Double?
        /// The practice's group at the planned level today (a PCN, CCG or locality code).
        public let current: String?
        /// The area the practice is planned within (groups never cross areas), e.g. its STP.
        public let area: String
        /// Practices with the same atom stay in one group (e.g. whole PCNs for localities).
        public let atom: String?
        /// A group label the practice must end in; practices with the same pin stay together,
        /// practices with different pins end in different groups.
        public let pin: String?
        /// The local authority district the practice lies in, when the plan keeps districts
        /// together (see `PlanInput.placing`).
        public var district: String?

        public init(
            code: String, name: String, point: (x: Int, y: Int)?, listSize: Int, imdScore: Double?,
            current: String?, area: String, atom: String? = nil, pin: String? = nil
        ) {
            self.code = code
            self.name = name
            self.point = point
            self.listSize = listSize
            self.imdScore = imdScore
            self.current = current
            self.area = area
            self.atom = atom
            self.pin = pin
        }
    }

    public private(set) var practices: [Practice]
    /// The neighbourhood graph of `practices` (same order).
    public let graph: NeighbourhoodGraph
    /// Names of areas and current groups, by code, for messages.
    public let names: [String: String]
    /// Current groups kept exactly as they are (their practices are not planned).
    public let locked: Set<String>

    public init(
        practices: [Practice], graph: NeighbourhoodGraph? = nil, names: [String: String] = [:], locked: Set<String> = []
    ) {
        self.practices = practices
        self.graph = graph ?? NeighbourhoodGraph(points: practices.map(\.point))
        self.names = names
        self.locked = locked
    }

    /// The name of an area or group code, or the code itself.
    public func name(_ code: String) -> String { names[code] ?? code }
}

/// A bad planning request, with the parameter at fault.
public struct PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    public let parameter: String
    public let reason: String
    public init(parameter: String, reason: String) {
        self.parameter = parameter
        self.reason = reason
    }
    public var description: String { "\(parameter): \(reason)" }
}

extension PlanInput {
    /// The registry kind of the current groups at each planned level.
    public static func currentKind(_ level: Policy.Level) -> GroupKind { level.defaultKind ?? .network }

    /// The practices of a configuration to plan at `level`.
    ///
    /// - Parameters:
    ///   - within: the kind of group plans must stay inside (`icb` for STPs/ICBs, `region`,
    ///     `consortium`); nil plans the whole selection as one area.
    ///   - areas: codes of groups of any kind whose practices are planned; empty for all.
    ///   - atoms: the kind of group whose members must stay together (e.g. `network` when
    ///     planning localities out of whole PCNs).
    ///   - pins: practice code → the group label it must end in.
    ///   - locked: current group codes to keep exactly as they are.
    public init(
        configuration c: Configuration, level: Policy.Level, within: GroupKind?, areas: [String] = [],
        atoms: GroupKind? = nil, pins: [String: String] = [:], locked: Set<String> = []
    ) throws(PlanError) {
        let currentKind = PlanInput.currentKind(level)
        var groupOf: [GroupKind: [Int: Int]] = [:]
        var byCode: [String: Int] = [:]
        for (g, group) in c.groups.enumerated() {
            byCode[group.code] = g
            for p in group.members where groupOf[group.kind]?[p] == nil { groupOf[group.kind, default: [:]][p] = g }
        }
        for (parameter, kind) in [("within", within), ("atoms", atoms)] {
            guard let kind, groupOf[kind] == nil else { continue }
            throw PlanError(
                parameter: parameter,
                reason:
                    "the data holds no \(kind.plural.lowercased()) at \(c.date.iso): the level is not in the data. "
                    + "Plan within a level the data has, or as one area")
        }
        var selected: Set<Int>? = nil
        if !areas.isEmpty {
            var set = Set<Int>()
            for code in areas {
                guard let g = byCode[code] else {
                    throw PlanError(
                        parameter: "area",
                        reason:
                            "\(code) is not a group in the configuration at \(c.date.iso); give an STP/ICB, region, "
                            + "CCG or PCN code"
                    )
                }
                set.formUnion(c.groups[g].members)
            }
            selected = set
        }
        let codes = Set(c.practices.map(\.code))
        for code in pins.keys where !codes.contains(code) {
            throw PlanError(parameter: "pin", reason: "\(code) is not a practice in the configuration at \(c.date.iso)")
        }
        for code in locked {
            guard let g = byCode[code], c.groups[g].kind == currentKind else {
                throw PlanError(
                    parameter: "lock", reason: "\(code) is not a \(currentKind.singular.lowercased()) at \(c.date.iso)")
            }
        }
        var names: [String: String] = ["": "the area"]
        var practices: [Practice] = []
        var points: [(x: Int, y: Int)?] = []
        for (p, practice) in c.practices.enumerated() where selected?.contains(p) ?? true {
            let current = groupOf[currentKind]?[p].map { c.groups[$0].code }
            let area = within.flatMap { kind in groupOf[kind]?[p].map { c.groups[$0].code } } ?? ""
            let atom = atoms.flatMap { kind in groupOf[kind]?[p].map { c.groups[$0].code } }
            for g in [groupOf[currentKind]?[p], within.flatMap { groupOf[$0]?[p] }].compactMap({ $0 }) {
                names[c.groups[g].code] = c.groups[g].name
            }
            practices.append(
                Practice(
                    code: practice.code, name: practice.name, point: practice.point, listSize: practice.listSize,
                    imdScore: practice.imdScore, current: current, area: area, atom: atom, pin: pins[practice.code]))
            points.append(practice.point)
        }
        if practices.isEmpty {
            throw PlanError(
                parameter: "area", reason: "no practices to plan: the areas chosen hold none at \(c.date.iso)")
        }
        self.init(practices: practices, graph: NeighbourhoodGraph(points: points), names: names, locked: locked)
    }
}

/// How to plan: the size band, the target size, the distance cap of the neighbourhood graph,
/// the weights of the objectives, the start, the seed and the effort.
public struct PlanOptions: Sendable, Codable, Equatable {
    /// The most patients any size in the options may name.
    public static let largestSize = 100_000_000

    /// The relative importance of the three objectives (each scaled to be comparable; see
    /// docs/planner.md).
    public struct Weights: Sendable, Codable, Equatable {
        public var compactness: Double
        public var balance: Double
        public var moves: Double
        /// Weight of keeping groups inside the policy's advised band (a preference, not a limit).
        public var preference: Double
        /// Weight of keeping each local authority district's practices in one group (counted only
        /// when the practices have districts: `PlanInput.placing`).
        public var districts: Double
        public init(
            compactness: Double = 1, balance: Double = 1, moves: Double = 0.5, preference: Double = 1,
            districts: Double = 1
        ) {
            self.compactness = compactness
            self.balance = balance
            self.moves = moves
            self.preference = preference
            self.districts = districts
        }

        /// Plans saved before the advised band was a preference carry no `preference`: they
        /// planned without one, so it reads as 0.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            compactness = try c.decode(Double.self, forKey: .compactness)
            balance = try c.decode(Double.self, forKey: .balance)
            moves = try c.decode(Double.self, forKey: .moves)
            preference = try c.decodeIfPresent(Double.self, forKey: .preference) ?? 0
            districts = try c.decodeIfPresent(Double.self, forKey: .districts) ?? 0
        }
    }

    /// What a plan is for. `fewestChanges` changes today's groups only where the policy's limits
    /// require (and, more gently, where its advice asks): a proposal to take to practices.
    /// `design` weighs compactness and deprivation balance as much as moves: a fresh design.
    public enum Mode: String, Sendable, Codable, CaseIterable {
        case fewestChanges = "fewest-changes"
        case design

        /// The weights the mode plans with, unless given one by one.
        public var weights: Weights {
            switch self {
            case .fewestChanges: return Weights(compactness: 0.2, balance: 0.2, moves: 10, preference: 3, districts: 10)
            case .design: return Weights(districts: 10)
            }
        }
    }

    public var level: Policy.Level
    /// The fewest and most registered patients a group may serve (nil: no bound): the policy's
    /// limits, which the planner meets wherever the area allows.
    public var minPatients: Int?
    public var maxPatients: Int?
    /// The policy's advised band (nil: no advice): a preference the planner weighs against
    /// moving practices, never a limit.
    public var preferredMin: Int?
    public var preferredMax: Int?
    /// The size the planner aims for when choosing how many groups to make from scratch.
    public var targetPatients: Int
    /// Practices are neighbours when joined by a triangulation link no longer than this.
    public var capKm: Double
    public var weights: Weights
    /// Start from today's groups (and count moves against them) rather than from nothing.
    public var fromCurrent: Bool
    /// Fewest changes: from today's groups, a practice moves only where a group breaks the size
    /// limits (the advice alone moves none), and a move that does not help meet the limits is
    /// undone; where every group already meets them, only practices in no group are placed.
    /// Optional so that plans saved before it read as without it.
    public var onlyWhereRequired: Bool?
    public var seed: UInt64
    /// Independent starts per part of the area; the best is kept.
    public var starts: Int
    /// Annealing steps per unit of each start.
    public var effort: Int

    /// Replaces the policy's size limits (either, or both) and aims for the middle of the new
    /// band: `consort plan --min/--max`, the web form's smallest group.
    public mutating func setLimits(min: Int? = nil, max: Int? = nil) {
        guard min != nil || max != nil else { return }
        if let min { minPatients = min }
        if let max { maxPatients = max }
        targetPatients = PlanOptions.defaultTarget(min: minPatients, max: maxPatients)
    }

    /// The size band in words, as "30,000–50,000 patients" ("no minimum" or "no maximum" where unbounded).
    public var band: String {
        "\(minPatients.map(grouped) ?? "no minimum")–\(maxPatients.map(grouped) ?? "no maximum") patients"
    }

    /// The advised band in words, or nil without advice.
    public var advisedBand: String? {
        guard preferredMin != nil || preferredMax != nil else { return nil }
        return "\(preferredMin.map(grouped) ?? "no minimum")–\(preferredMax.map(grouped) ?? "no maximum") patients"
    }

    public init(
        level: Policy.Level, minPatients: Int?, maxPatients: Int?, preferredMin: Int? = nil, preferredMax: Int? = nil,
        targetPatients: Int? = nil, capKm: Double = 15, weights: Weights = Weights(), fromCurrent: Bool = true,
        seed: UInt64 = 1, starts: Int = 4, effort: Int = 300
    ) {
        self.level = level
        self.minPatients = minPatients
        self.maxPatients = maxPatients
        self.preferredMin = preferredMin
        self.preferredMax = preferredMax
        self.targetPatients = targetPatients ?? PlanOptions.defaultTarget(min: minPatients, max: maxPatients)
        self.capKm = capKm
        self.weights = weights
        self.fromCurrent = fromCurrent
        self.seed = seed
        self.starts = starts
        self.effort = effort
    }

    /// The size a group aims at: the middle of the band, or beside its one bound. Total for any
    /// bounds (halved before adding, saturating), so that options with absurd sizes are made and
    /// then refused by `validate()` rather than trapping here.
    static func defaultTarget(min: Int?, max: Int?) -> Int {
        switch (min, max) {
        case (let lo?, let hi?): return lo / 2 + hi / 2 + (lo % 2 + hi % 2) / 2
        case (let lo?, nil):
            let (target, overflow) = lo.multipliedReportingOverflow(by: 3)
            return overflow ? Int.max : target / 2
        case (nil, let hi?): return hi / 3 * 2 + hi % 3 * 2 / 3
        case (nil, nil): return 50_000
        }
    }

    /// The options a policy gives a level: the band is the policy's size limits (`min`, `max`),
    /// and its advised band (`advisory_min`, `advisory_max`) a preference (so `pcn-2019` plans
    /// networks of at least 30,000, preferring no more than 50,000); the target is the middle of
    /// the advised band within the limits; the distance cap is the level's contiguity rule (15 km
    /// without one).
    public static func from(policy: Policy, level: Policy.Level) throws(PlanError) -> PlanOptions {
        guard let rules = policy.rules(for: level) else {
            throw PlanError(
                parameter: "level",
                reason:
                    "policy \(policy.name) sets no rules for the \(level.rawValue) level; it has "
                    + "\(policy.levels.map(\.level.rawValue).joined(separator: ", "))"
            )
        }
        guard let size = rules.size else {
            throw PlanError(
                parameter: "level",
                reason:
                    "policy \(policy.name) sets no size band for the \(level.rawValue) level, so there is nothing to "
                    + "plan towards"
            )
        }
        let lo = size.min
        let hi = size.max
        let advisedLo = max(size.advisoryMin ?? lo ?? 0, lo ?? 0)
        let advisedHi = min(size.advisoryMax ?? hi ?? Int.max, hi ?? Int.max)
        let target = advisedHi == Int.max ? defaultTarget(min: advisedLo, max: nil) : (advisedLo + advisedHi) / 2
        return PlanOptions(
            level: level, minPatients: lo, maxPatients: hi, preferredMin: size.advisoryMin,
            preferredMax: size.advisoryMax, targetPatients: target, capKm: rules.contiguity?.maxLinkKm ?? 15)
    }

    /// Checks the options, naming the parameter at fault.
    public func validate() throws(PlanError) {
        // Sizes are bounded so that no arithmetic on them can overflow: 100 million is more than
        // England's registered patients (about 63 million).
        for (name, value) in [
            ("min", minPatients), ("max", maxPatients), ("preferred-min", preferredMin),
            ("preferred-max", preferredMax), ("target", targetPatients),
        ] {
            guard let value else { continue }
            if value < 0 { throw PlanError(parameter: name, reason: "must not be negative") }
            if value > PlanOptions.largestSize {
                throw PlanError(parameter: name, reason: "must be at most 100,000,000 patients")
            }
        }
        if let lo = minPatients, let hi = maxPatients, lo > hi {
            throw PlanError(parameter: "max", reason: "\(hi) is below the minimum \(lo)")
        }
        if targetPatients <= 0 { throw PlanError(parameter: "target", reason: "must be a positive number of patients") }
        if !(capKm > 0 && capKm <= 200) { throw PlanError(parameter: "cap", reason: "must be between 0 and 200 km") }
        if let lo = preferredMin, let hi = preferredMax, lo > hi {
            throw PlanError(parameter: "preferred-max", reason: "\(hi) is below the preferred minimum \(lo)")
        }
        for (name, w) in [
            ("compactness", weights.compactness), ("balance", weights.balance), ("moves", weights.moves),
            ("preference", weights.preference), ("districts", weights.districts),
        ]
        where !(w >= 0 && w <= 100) {
            throw PlanError(parameter: name, reason: "a weight must be between 0 and 100")
        }
        if !(1...64).contains(starts) { throw PlanError(parameter: "starts", reason: "must be between 1 and 64") }
        if !(1...5_000).contains(effort) {
            throw PlanError(parameter: "effort", reason: "must be between 1 and 5,000 steps per unit")
        }
    }
}

extension PlanInput {
    /// The input with each practice's local authority district (practice code → district code),
    /// so that the plan keeps each district's practices in one group where it can (the weight
    /// `districts`). Practices missing from `districts` have none and count for nothing.
    public func placing(in districts: [String: String]) -> PlanInput {
        var out = self
        for i in out.practices.indices { out.practices[i].district = districts[out.practices[i].code] }
        return out
    }
}
