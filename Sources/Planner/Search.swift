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
    var adjacency: [[Int]]
    var minPatients: Double
    var maxPatients: Double
    var target: Double
    var weights: PlanOptions.Weights
    var fromCurrent: Bool
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
    let bandScale: Double
    // Running totals.
    var sumSpread = 0.0, sumBalance = 0.0, sumPenalty = 0.0, moved = 0.0
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

    func stays(_ u: Int, _ label: Int) -> Double {
        guard label >= 0 else { return 0 }
        for entry in inst.current[u] where entry.label == label { return Double(entry.count) }
        return 0
    }

    func score(spread: Double, balance: Double, penalty: Double, moved: Double) -> Double {
        let wt = inst.weights
        return wt.compactness * (spread / totalWeight) / refCompact
            + wt.balance * (Swift.max(balance, 0) / totalImdWeight).squareRoot() / refBalance
            + wt.moves * moved / totalPractices
            + 50 * penalty / bandScale
    }

    var score: Double { score(spread: sumSpread, balance: sumBalance, penalty: sumPenalty, moved: moved) }
    var penalty: Double { sumPenalty }

    /// Recomputes every running total from the partition.
    mutating func refresh() {
        sumSpread = 0
        sumBalance = 0
        sumPenalty = 0
        moved = 0
        for g in members.indices {
            spread[g] = spreadOf(g)
            sumSpread += spread[g]
            sumBalance += balanceTerm(s[g], wi[g])
            sumPenalty += penaltyTerm(w[g])
            for u in members[g] { moved += Double(inst.practiceCount[u]) - stays(u, label[g]) }
        }
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

    // MARK: Construction

    /// Grows the existing groups over the unassigned units allowed by `allowed` (nil: all):
    /// always extending the lightest group that can grow, by the unit nearest its centre.
    mutating func grow(allowed: Set<Int>? = nil, groups candidates: [Int]? = nil) {
        var open = Set(candidates ?? Array(members.indices))
        while !open.isEmpty {
            let g = open.min { (w[$0], $0) < (w[$1], $1) }!
            let c = centre(g)
            var best = -1
            var bestDistance = Double.infinity
            for u in members[g] {
                for v in inst.adjacency[u]
                where group[v] < 0 && (allowed?.contains(v) ?? true) && !(inst.pin[v] >= 0 && pinned[g] > 0) {
                    let d = distance(v, c)
                    if d < bestDistance || (d == bestDistance && v < best) {
                        best = v
                        bestDistance = d
                    }
                }
            }
            if best < 0 { open.remove(g) } else { assign(best, to: g) }
        }
    }

    /// `k` seeds spread over the units: pinned units first, then by weighted farthest-point
    /// sampling (k-means++).
    mutating func seeds(_ k: Int, among units: [Int]) -> [Int] {
        var chosen = units.filter { inst.pin[$0] >= 0 }
        if chosen.isEmpty, let first = pick(units.map { inst.weight[$0] }) { chosen.append(units[first]) }
        var nearest = units.map { u in chosen.map { distanceBetween(u, $0) }.min() ?? .infinity }
        while chosen.count < k {
            guard let next = pick(units.indices.map { inst.weight[units[$0]] * nearest[$0] * nearest[$0] + 1e-12 })
            else { break }
            let u = units[next]
            if chosen.contains(u) { break }
            chosen.append(u)
            for i in units.indices { nearest[i] = Swift.min(nearest[i], distanceBetween(units[i], u)) }
        }
        return chosen
    }

    func distanceBetween(_ a: Int, _ b: Int) -> Double {
        let dx = inst.x[a] - inst.x[b]
        let dy = inst.y[a] - inst.y[b]
        return (dx * dx + dy * dy).squareRoot()
    }

    /// An index drawn with probability proportional to its weight.
    mutating func pick(_ weights: [Double]) -> Int? {
        let total = weights.reduce(0, +)
        guard total > 0 else { return weights.isEmpty ? nil : 0 }
        var r = rng.uniform() * total
        for (i, weight) in weights.enumerated() {
            r -= weight
            if r < 0 { return i }
        }
        return weights.count - 1
    }

    /// A partition grown from `k` spread-out seeds.
    mutating func buildFromScratch(_ k: Int) {
        let all = Array(0..<inst.count)
        for u in seeds(k, among: all) { assign(u, to: addGroup()) }
        grow()
        // Units cut off by pins (rare): give them a group of their own.
        for u in all where group[u] < 0 {
            assign(u, to: addGroup())
            grow()
        }
    }

    /// Today's groups, each cut to its largest connected part, grown over the rest.
    mutating func buildFromCurrent() {
        var byLabel: [Int: [Int]] = [:]
        for u in 0..<inst.count {
            if let top = inst.current[u].max(by: { ($0.count, -$0.label) < ($1.count, -$1.label) }) {
                byLabel[top.label, default: []].append(u)
            }
        }
        for labelID in byLabel.keys.sorted() {
            let units = byLabel[labelID]!
            let set = Set(units)
            let largest = parts(units) { set.contains($0) }.max { ($0.count, -$0.min()!) < ($1.count, -$1.min()!) }!
            let g = addGroup()
            label[g] = labelID
            for u in largest { assign(u, to: g) }
        }
        if members.isEmpty {
            buildFromScratch(inst.groupCount)
            return
        }
        // Groups holding several pinned units: regrow them from their pins.
        for g in members.indices where pinned[g] > 1 {
            let units = members[g]
            for u in units { unassign(u) }
            let pins = units.filter { inst.pin[$0] >= 0 }
            var regrown: [Int] = []
            for (i, u) in pins.enumerated() {
                let target = i == 0 ? g : addGroup()
                if i > 0 { label[target] = label[g] }
                assign(u, to: target)
                regrown.append(target)
            }
            grow(allowed: Set(units), groups: regrown)
        }
        grow()
        for u in 0..<inst.count where group[u] < 0 {
            assign(u, to: addGroup())
            grow()
        }
        repairSizes()
    }

    /// Splits groups above the band in two and merges groups below it into their lightest
    /// neighbour, while that helps.
    mutating func repairSizes() {
        var guardCount = 0
        while guardCount < 4 * inst.count,
            let g = members.indices.first(where: {
                w[$0] > inst.maxPatients && members[$0].count > 1 && w[$0] >= 2 * inst.minPatients
            })
        {
            guardCount += 1
            split(g)
        }
        guardCount = 0
        while guardCount < inst.count {
            guardCount += 1
            guard
                let g = members.indices.first(where: {
                    !members[$0].isEmpty && w[$0] < inst.minPatients && mergePartner($0) != nil
                }),
                let h = mergePartner(g)
            else { break }
            for u in members[g] {
                unassign(u)
                assign(u, to: h)
            }  // iterates over a copy of the list
        }
        compact()
    }

    /// The lightest neighbouring group `g` can merge with without passing the maximum.
    func mergePartner(_ g: Int) -> Int? {
        var best: Int? = nil
        for u in members[g] {
            for v in inst.adjacency[u] {
                let h = group[v]
                guard h >= 0, h != g, w[g] + w[h] <= inst.maxPatients, !(pinned[g] > 0 && pinned[h] > 0) else {
                    continue
                }
                if best == nil || (w[h], h) < (w[best!], best!) { best = h }
            }
        }
        return best
    }

    /// Cuts group `g` in two by growing from two far-apart units.
    mutating func split(_ g: Int) {
        let units = members[g]
        let c = centre(g)
        let first = units.first { inst.pin[$0] >= 0 } ?? units.max { (distance($0, c), -$0) < (distance($1, c), -$1) }!
        let second = units.filter { inst.pin[$0] < 0 }.max {
            (distanceBetween($0, first), -$0) < (distanceBetween($1, first), -$1)
        }
        guard let second else { return }
        for u in units { unassign(u) }
        let h = addGroup()
        label[h] = -1
        assign(first, to: g)
        assign(second, to: h)
        grow(allowed: Set(units), groups: [g, h])
        for u in units where group[u] < 0 { assign(u, to: w[g] <= w[h] ? g : h) }
    }

    /// Labels groups with the current group they share most patients with (one each).
    mutating func matchLabels() {
        var overlaps: [(weight: Double, group: Int, label: Int)] = []
        for g in members.indices {
            var byLabel: [Int: Double] = [:]
            for u in members[g] {
                let total = Double(inst.practiceCount[u])
                for entry in inst.current[u] {
                    byLabel[entry.label, default: 0] += inst.weight[u] * Double(entry.count) / total
                }
            }
            for (l, weight) in byLabel { overlaps.append((weight, g, l)) }
        }
        overlaps.sort { ($0.weight, -$0.group, -$0.label) > ($1.weight, -$1.group, -$1.label) }
        label = Array(repeating: -1, count: members.count)
        var used = Set<Int>()
        for o in overlaps where label[o.group] < 0 && !used.contains(o.label) {
            label[o.group] = o.label
            used.insert(o.label)
        }
    }

    // MARK: Local search

    /// The change in score if unit `u` moved to group `b`, estimated in constant time: the
    /// compactness change is taken with both groups' centres where they are now (they shift
    /// little when one unit moves; `apply` then recomputes both groups exactly). Nil when the
    /// move would empty a group or put two pins together; connectivity is checked separately,
    /// only for moves worth making.
    func estimate(_ u: Int, to b: Int) -> Double? {
        let a = group[u]
        guard a != b, members[a].count > 1 else { return nil }
        if inst.pin[u] >= 0 && pinned[b] > 0 { return nil }
        let wu = inst.weight[u]
        let wa = w[a] - wu
        let wb = w[b] + wu
        let newSpread = sumSpread - wu * distance(u, centre(a)) + wu * distance(u, centre(b))
        let newBalance =
            sumBalance - balanceTerm(s[a], wi[a]) - balanceTerm(s[b], wi[b])
            + balanceTerm(s[a] - inst.imdSum[u], wi[a] - inst.imdWeight[u])
            + balanceTerm(s[b] + inst.imdSum[u], wi[b] + inst.imdWeight[u])
        let newPenalty = sumPenalty - penaltyTerm(w[a]) - penaltyTerm(w[b]) + penaltyTerm(wa) + penaltyTerm(wb)
        let newMoved = moved + stays(u, label[a]) - stays(u, label[b])
        return score(spread: newSpread, balance: newBalance, penalty: newPenalty, moved: newMoved) - score
    }

    /// Moves unit `u` to group `b`, updating every total exactly.
    mutating func apply(_ u: Int, to b: Int) {
        let a = group[u]
        sumBalance -= balanceTerm(s[a], wi[a]) + balanceTerm(s[b], wi[b])
        sumPenalty -= penaltyTerm(w[a]) + penaltyTerm(w[b])
        sumSpread -= spread[a] + spread[b]
        moved += stays(u, label[a]) - stays(u, label[b])
        unassign(u)
        assign(u, to: b)
        spread[a] = spreadOf(a)
        spread[b] = spreadOf(b)
        sumSpread += spread[a] + spread[b]
        sumBalance += balanceTerm(s[a], wi[a]) + balanceTerm(s[b], wi[b])
        sumPenalty += penaltyTerm(w[a]) + penaltyTerm(w[b])
    }

    /// A random boundary move: a unit and a neighbouring group.
    mutating func randomMove() -> (unit: Int, to: Int)? {
        let u = Int(rng.next() % UInt64(inst.count))
        let adj = inst.adjacency[u]
        guard !adj.isEmpty else { return nil }
        let v = adj[Int(rng.next() % UInt64(adj.count))]
        return group[v] == group[u] ? nil : (u, group[v])
    }

    /// Simulated annealing over boundary moves, then a greedy finish; keeps the best
    /// partition seen.
    mutating func anneal() {
        refresh()
        let steps = inst.effort * inst.count
        guard members.count > 1, steps > 0 else { return }
        // Starting temperature: half the mean size of a worsening move.
        var worse = 0.0
        var samples = 0
        for _ in 0..<Swift.min(400, steps) {
            guard let m = randomMove(), let delta = estimate(m.unit, to: m.to) else { continue }
            if delta > 0 {
                worse += delta
                samples += 1
            }
        }
        let t0 = samples > 0 ? 0.5 * worse / Double(samples) : 1e-3
        let cooling = pow(1e-3, 1 / Double(steps))
        var t = t0
        var best = group
        var bestScore = score
        let checkEvery = Swift.max(inst.count, 64)
        for step in 0..<steps {
            t *= cooling
            if let m = randomMove(), let delta = estimate(m.unit, to: m.to),
                delta <= 0 || rng.uniform() < exp(-delta / t), connected(group[m.unit], without: m.unit)
            {
                apply(m.unit, to: m.to)
            }
            if step % checkEvery == 0, score < bestScore - 1e-12 {
                best = group
                bestScore = score
            }
        }
        if score > bestScore { restore(best) }
        descend()
    }

    /// Greedy improvement until no single move helps.
    mutating func descend() {
        refresh()
        for _ in 0..<50 {
            var improved = false
            for u in 0..<inst.count {
                var seen: [Int] = []
                for v in inst.adjacency[u] where group[v] != group[u] && !seen.contains(group[v]) {
                    seen.append(group[v])
                    let a = group[u]
                    let b = group[v]
                    let before = score
                    if let delta = estimate(u, to: b), delta < -1e-9, connected(a, without: u) {
                        apply(u, to: b)
                        // The estimate holds the centres still; undo a move that did not really help.
                        if score < before - 1e-12 {
                            improved = true
                            break
                        }
                        apply(u, to: a)
                    }
                }
            }
            if !improved { break }
        }
    }

    mutating func restore(_ partition: [Int]) {
        for u in 0..<inst.count where group[u] >= 0 { unassign(u) }
        for u in 0..<inst.count { assign(u, to: partition[u]) }
        refresh()
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
        search.anneal()
        search.compact()
        search.matchLabels()
        search.refresh()
        return StartResult(
            partition: search.group, groups: search.members.count, penalty: search.penalty, score: search.score)
    }
}
