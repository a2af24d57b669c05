import ConsortCore
import Foundation

extension Search {
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
        let newPreference =
            sumPreference - preferenceTerm(w[a]) - preferenceTerm(w[b]) + preferenceTerm(wa) + preferenceTerm(wb)
        let newMoved = moved + stays(u, label[a]) - stays(u, label[b])
        var newSplit = split
        if !inst.district.isEmpty {
            for d in inst.district[u] { newSplit += outside(d.id, moving: d.count, from: a, to: b) - outside(d.id) }
        }
        return score(
            spread: newSpread, balance: newBalance, penalty: newPenalty, preference: newPreference, moved: newMoved,
            split: newSplit)
            - score
    }

    /// Moves unit `u` to group `b`, updating every total exactly.
    mutating func apply(_ u: Int, to b: Int) {
        let a = group[u]
        sumBalance -= balanceTerm(s[a], wi[a]) + balanceTerm(s[b], wi[b])
        sumPenalty -= penaltyTerm(w[a]) + penaltyTerm(w[b])
        sumPreference -= preferenceTerm(w[a]) + preferenceTerm(w[b])
        sumSpread -= spread[a] + spread[b]
        moved += stays(u, label[a]) - stays(u, label[b])
        let districts = inst.district.isEmpty ? [] : inst.district[u]
        for d in districts { split -= outside(d.id) }
        unassign(u)
        assign(u, to: b)
        for d in districts { split += outside(d.id) }
        spread[a] = spreadOf(a)
        spread[b] = spreadOf(b)
        sumSpread += spread[a] + spread[b]
        sumBalance += balanceTerm(s[a], wi[a]) + balanceTerm(s[b], wi[b])
        sumPenalty += penaltyTerm(w[a]) + penaltyTerm(w[b])
        sumPreference += preferenceTerm(w[a]) + preferenceTerm(w[b])
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

    /// Puts back every practice the search moved whose return breaks no size limit it did not
    /// already break (the total excess over the limits does not grow) and leaves both groups
    /// connected: what remains moved is what meeting the limits needed.
    mutating func undoNeedlessMoves() {
        refresh()
        for _ in 0..<inst.count {
            var undone = false
            for u in 0..<inst.count {
                guard let home = inst.current[u].max(by: { ($0.count, -$0.label) < ($1.count, -$1.label) })?.label,
                    label[group[u]] != home, let b = label.indices.first(where: { label[$0] == home }),
                    !members[b].isEmpty, members[group[u]].count > 1,
                    inst.adjacency[u].contains(where: { group[$0] == b }),
                    inst.pin[u] < 0 || pinned[b] == 0
                else { continue }
                let a = group[u]
                let before = penalty
                guard connected(a, without: u) else { continue }
                apply(u, to: b)
                if penalty > before + 1e-9 {
                    apply(u, to: a)
                } else {
                    undone = true
                }
            }
            if !undone { break }
        }
        refresh()
    }
}
