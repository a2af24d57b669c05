import ConsortCore
import Foundation

extension Search {
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

    /// Today's groups, each cut to its largest connected part (kept whole for fewest changes),
    /// grown over the rest.
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
            // Fewest changes keeps a group whole even where its practices are not joined in the
            // graph (networks interleaved in a town): only the size limits move practices.
            let largest =
                inst.onlyWhereRequired
                ? units
                : parts(units) { set.contains($0) }.max { ($0.count, -$0.min()!) < ($1.count, -$1.min()!) }!
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
        if !inst.onlyWhereRequired { splitForAdvice() }
    }

    /// Splits groups above the advised maximum in two where that scores better than keeping
    /// them (the advice against the moves it costs); annealing cannot create groups, so this is
    /// where a group too large for the advice, but within the limits, can be divided.
    mutating func splitForAdvice() {
        guard inst.preferredMax.isFinite, inst.weights.preference > 0 else { return }
        var tried = Set<Int>()
        while let g = members.indices.first(where: {
            !tried.contains($0) && w[$0] > inst.preferredMax && members[$0].count > 1
                && w[$0] >= 2 * Swift.max(inst.minPatients, inst.preferredMin)
        }) {
            tried.insert(g)
            setScales(groups: members.filter { !$0.isEmpty }.count)
            refresh()
            let before = score
            let groupsBefore = members.count
            split(g)
            guard members.count > groupsBefore else { continue }
            let h = members.count - 1
            tried.insert(h)
            setScales(groups: members.filter { !$0.isEmpty }.count)
            refresh()
            if score >= before {
                for u in members[h] {
                    unassign(u)
                    assign(u, to: g)
                }
                compact()
            } else {
                // Each half may still be above the advice: try them again.
                tried.remove(g)
                tried.remove(h)
            }
        }
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
}
