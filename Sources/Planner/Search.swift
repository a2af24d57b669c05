import ConsortCore
import Foundation

/// One connected part of one area, as the search sees it: units (atoms of practices) with
/// their weights, patient-weighted centres in km, deprivation sums, current-group counts and
/// pins, and their adjacency.
struct Instance: Sendable {
    var weight: [Double]
    var x: [Double]
    var y: [Double]
    /// Σ patients × IMD score, and the patients with a score.
    var imdSum: [Double]
    var imdWeight: [Double]
    /// Practices in each unit.
    var practiceCount: [Int]
    /// For each unit, (current label, practices) pairs.
    var current: [[(label: Int, count: Int)]]
    /// Pin label, or -1.
    var pin: [Int]
    /// For each unit, (district, practices) pairs; empty when the plan does not keep districts.
    var district: [[(id: Int, count: Int)]] = []
    var districtCount = 0
    var adjacency: [[Int]]
    var minPatients: Double
    var maxPatients: Double
    /// The advised band (0 and infinity without advice): a preference in the objective.
    var preferredMin: Double = 0
    var preferredMax: Double = .infinity
    var target: Double
    var weights: PlanOptions.Weights
    var fromCurrent: Bool
    /// See `PlanOptions.onlyWhereRequired`.
    var onlyWhereRequired = false
    var effort: Int

    var count: Int { weight.count }
    var totalWeight: Double { weight.reduce(0, +) }

    /// How many groups to make from scratch: the total over the target, within what the band
    /// allows, at least one per pinned unit and at most one per unit.
    var groupCount: Int {
        let total = totalWeight
        var k = Int((total / target).rounded())
        let low = maxPatients.isFinite ? Int((total / maxPatients).rounded(.up)) : 1
        let high = minPatients > 0 ? Int((total / minPatients).rounded(.down)) : count
        if low <= high { k = Swift.min(Swift.max(k, low), high) }
        k = Swift.max(k, pin.filter { $0 >= 0 }.count, 1)
        return Swift.min(k, count)
    }
}

/// The search state for one start: a partition of the instance's units into connected groups
/// with running sums, so that moving a unit is evaluated in time proportional to the two
/// groups it leaves and joins.
struct Search {
    let inst: Instance
    var rng: Xoshiro256
    var group: [Int]
    var members: [[Int]] = []
    var position: [Int]
    var w: [Double] = [], sx: [Double] = [], sy: [Double] = [], s: [Double] = [], wi: [Double] = []
    var spread: [Double] = []
    var label: [Int] = []
    var pinned: [Int] = []
    // Scales that make the objectives comparable.
    let areaMean: Double
    let totalWeight: Double
    let totalImdWeight: Double
    let totalPractices: Double
    var refCompact = 1.0
    var refBalance = 1.0
    /// Groups at the start, so that the preference counts the average group's distance outside
    /// the advised band.
    var refGroups = 1.0
    let bandScale: Double
    // Running totals.
    var sumSpread = 0.0, sumBalance = 0.0, sumPenalty = 0.0, sumPreference = 0.0, moved = 0.0
    /// For each district, its practices in each group; and the practices outside each
    /// district's largest part, summed (the districts term).
    var districtGroups: [[Int: Int]]
    var split = 0.0
    // Scratch for connectivity checks.
    var stamp: [Int]
    var round = 0
    var queue: [Int] = []

    init(_ inst: Instance, seed: UInt64, stream: Int) {
        self.inst = inst
        rng = Xoshiro256(seed: seed, stream: stream)
        group = Array(repeating: -1, count: inst.count)
        position = Array(repeating: -1, count: inst.count)
        stamp = Array(repeating: 0, count: inst.count)
        districtGroups = Array(repeating: [:], count: inst.districtCount)
        totalWeight = Swift.max(inst.totalWeight, 1)
        totalImdWeight = Swift.max(inst.imdWeight.reduce(0, +), 1)
        totalPractices = Double(Swift.max(inst.practiceCount.reduce(0, +), 1))
        areaMean = inst.imdSum.reduce(0, +) / totalImdWeight
        bandScale = Swift.max(inst.minPatients > 0 ? inst.minPatients : inst.target, 1)
    }

    // MARK: Groups

    mutating func addGroup() -> Int {
        members.append([])
        w.append(0)
        sx.append(0)
        sy.append(0)
        s.append(0)
        wi.append(0)
        spread.append(0)
        label.append(-1)
        pinned.append(0)
        return members.count - 1
    }

    mutating func assign(_ u: Int, to g: Int) {
        group[u] = g
        position[u] = members[g].count
        members[g].append(u)
        w[g] += inst.weight[u]
        sx[g] += inst.weight[u] * inst.x[u]
        sy[g] += inst.weight[u] * inst.y[u]
        s[g] += inst.imdSum[u]
        wi[g] += inst.imdWeight[u]
        if inst.pin[u] >= 0 { pinned[g] += 1 }
        if !inst.district.isEmpty { for d in inst.district[u] { districtGroups[d.id][g, default: 0] += d.count } }
    }

    mutating func unassign(_ u: Int) {
        let g = group[u]
        let last = members[g].removeLast()
        if last != u {
            members[g][position[u]] = last
            position[last] = position[u]
        }
        group[u] = -1
        position[u] = -1
        w[g] -= inst.weight[u]
        sx[g] -= inst.weight[u] * inst.x[u]
        sy[g] -= inst.weight[u] * inst.y[u]
        s[g] -= inst.imdSum[u]
        wi[g] -= inst.imdWeight[u]
        if inst.pin[u] >= 0 { pinned[g] -= 1 }
        if !inst.district.isEmpty {
            for d in inst.district[u] {
                let left = (districtGroups[d.id][g] ?? 0) - d.count
                districtGroups[d.id][g] = left > 0 ? left : nil
            }
        }
    }

    /// Drops empty groups and renumbers the rest.
    mutating func compact() {
        let keep = members.indices.filter { !members[$0].isEmpty }
        guard keep.count != members.count else { return }
        let old = members
        let oldLabel = label
        members = []
        w = []
        sx = []
        sy = []
        s = []
        wi = []
        spread = []
        label = []
        pinned = []
        for u in group.indices { group[u] = -1 }
        districtGroups = Array(repeating: [:], count: inst.districtCount)
        for g in keep {
            let n = addGroup()
            label[n] = oldLabel[g]
            for u in old[g] { assign(u, to: n) }
        }
    }

    func centre(_ g: Int) -> (Double, Double) { w[g] > 0 ? (sx[g] / w[g], sy[g] / w[g]) : (0, 0) }

    func distance(_ u: Int, _ c: (Double, Double)) -> Double {
        let dx = inst.x[u] - c.0
        let dy = inst.y[u] - c.1
        return (dx * dx + dy * dy).squareRoot()
    }

    // MARK: Objective

    func spreadOf(_ g: Int) -> Double {
        let c = centre(g)
        var total = 0.0
        for u in members[g] { total += inst.weight[u] * distance(u, c) }
        return total
    }

    func balanceTerm(_ s: Double, _ wi: Double) -> Double {
        guard wi > 0 else { return 0 }
        let d = s - wi * areaMean
        return d * d / wi
    }

    func penaltyTerm(_ w: Double) -> Double {
        Swift.max(0, inst.minPatients - w) + Swift.max(0, w - inst.maxPatients)
    }

    /// How far a group of `w` patients lies outside the advised band, in units of the band's
    /// scale, under a square root: concave, so that the search prefers one group well outside the
    /// advice to several just outside it (a linear term would spread a large group's excess over
    /// its neighbours, pushing each of them past the advice).
    func preferenceTerm(_ w: Double) -> Double {
        ((Swift.max(0, inst.preferredMin - w) + Swift.max(0, w - inst.preferredMax)) / bandScale).squareRoot()
    }

    func stays(_ u: Int, _ label: Int) -> Double {
        guard label >= 0 else { return 0 }
        for entry in inst.current[u] where entry.label == label { return Double(entry.count) }
        return 0
    }

    /// A district's practices outside its largest part, with `u` moved from group `a` to `b`
    /// when given.
    func outside(_ d: Int, moving count: Int = 0, from a: Int = -1, to b: Int = -1) -> Double {
        var total = 0
        var largest = 0
        for (g, n) in districtGroups[d] {
            let m = n + (g == a ? -count : 0) + (g == b ? count : 0)
            total += m
            largest = Swift.max(largest, m)
        }
        if b >= 0, districtGroups[d][b] == nil {
            total += count
            largest = Swift.max(largest, count)
        }
        return Double(total - largest)
    }

    func score(
        spread: Double, balance: Double, penalty: Double, preference: Double, moved: Double, split: Double
    ) -> Double {
        let wt = inst.weights
        return wt.compactness * (spread / totalWeight) / refCompact
            + wt.balance * (Swift.max(balance, 0) / totalImdWeight).squareRoot() / refBalance
            + wt.moves * moved / totalPractices
            + wt.preference * Swift.max(preference, 0) / refGroups
            + wt.districts * split / totalPractices
            + 50 * penalty / bandScale
    }

    var score: Double {
        score(
            spread: sumSpread, balance: sumBalance, penalty: sumPenalty, preference: sumPreference, moved: moved,
            split: split)
    }
    var penalty: Double { sumPenalty }

    /// Recomputes every running total from the partition.
    mutating func refresh() {
        sumSpread = 0
        sumBalance = 0
        sumPenalty = 0
        sumPreference = 0
        moved = 0
        for g in members.indices {
            spread[g] = spreadOf(g)
            sumSpread += spread[g]
            sumBalance += balanceTerm(s[g], wi[g])
            sumPenalty += penaltyTerm(w[g])
            sumPreference += preferenceTerm(w[g])
            for u in members[g] { moved += Double(inst.practiceCount[u]) - stays(u, label[g]) }
        }
        split = districtGroups.indices.reduce(0) { $0 + outside($1) }
    }

    /// Sets the scales: compactness against the area's own spread shared between the groups,
    /// balance against the spread of the units' deprivation.
    mutating func setScales(groups k: Int) {
        var cx = 0.0
        var cy = 0.0
        for u in 0..<inst.count {
            cx += inst.weight[u] * inst.x[u]
            cy += inst.weight[u] * inst.y[u]
        }
        cx /= totalWeight
        cy /= totalWeight
        var radius = 0.0
        var variance = 0.0
        var varianceWeight = 0.0
        for u in 0..<inst.count {
            radius += inst.weight[u] * distance(u, (cx, cy))
            if inst.imdWeight[u] > 0 {
                let m = inst.imdSum[u] / inst.imdWeight[u]
                variance += inst.imdWeight[u] * (m - areaMean) * (m - areaMean)
                varianceWeight += inst.imdWeight[u]
            }
        }
        refCompact = Swift.max(radius / totalWeight / Double(Swift.max(k, 1)).squareRoot(), 0.1)
        refGroups = Double(Swift.max(k, 1))
        refBalance = Swift.max(varianceWeight > 0 ? (variance / varianceWeight).squareRoot() : 1, 0.1)
    }

    // MARK: Connectivity

    /// Whether group `g` stays connected without unit `u` (and, when `plus` ≥ 0, with unit
    /// `plus` added).
    mutating func connected(_ g: Int, without u: Int, plus: Int = -1) -> Bool {
        let size = members[g].count - 1 + (plus >= 0 ? 1 : 0)
        if size <= 1 { return size == 1 }
        if plus < 0 {
            // A unit with at most one neighbour in its group is never a cut vertex.
            var inGroup = 0
            for v in inst.adjacency[u] where group[v] == g {
                inGroup += 1
                if inGroup > 1 { break }
            }
            if inGroup <= 1 { return true }
        }
        round += 1
        let mark = round
        stamp[u] = mark
        let start = plus >= 0 ? plus : (members[g][0] == u ? members[g][1] : members[g][0])
        queue.removeAll(keepingCapacity: true)
        queue.append(start)
        stamp[start] = mark
        var seen = 1
        var head = 0
        while head < queue.count {
            let a = queue[head]
            head += 1
            for v in inst.adjacency[a] where stamp[v] != mark && (group[v] == g || v == plus) {
                stamp[v] = mark
                seen += 1
                queue.append(v)
            }
        }
        return seen == size
    }

    /// The connected parts of a set of units (given by a membership test).
    mutating func parts(_ units: [Int], inside: (Int) -> Bool) -> [[Int]] {
        round += 1
        let mark = round
        var out: [[Int]] = []
        for start in units where stamp[start] != mark {
            stamp[start] = mark
            var part = [start]
            var head = 0
            while head < part.count {
                let a = part[head]
                head += 1
                for v in inst.adjacency[a] where stamp[v] != mark && inside(v) {
                    stamp[v] = mark
                    part.append(v)
                }
            }
            out.append(part)
        }
        return out
    }

}

/// One start's outcome.
struct StartResult: Sendable {
    var partition: [Int]
    var groups: Int
    var penalty: Double
    var score: Double
}

extension Instance {
    /// Runs one start: build (from today's groups or from scratch), then anneal.
    func solve(seed: UInt64, stream: Int) -> StartResult {
        var search = Search(self, seed: seed, stream: stream)
        if fromCurrent { search.buildFromCurrent() } else { search.buildFromScratch(groupCount) }
        search.compact()
        search.matchLabels()
        search.setScales(groups: search.members.count)
        search.refresh()
        // Fewest changes: where today's groups (with the ungrouped placed) meet the limits,
        // nothing more moves; else the moves that do not help meet them are undone.
        if !onlyWhereRequired || search.penalty > 0 {
            search.anneal()
            if onlyWhereRequired { search.undoNeedlessMoves() }
        }
        search.compact()
        search.matchLabels()
        search.refresh()
        return StartResult(
            partition: search.group, groups: search.members.count, penalty: search.penalty, score: search.score)
    }
}
