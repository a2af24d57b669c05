import ConsortCore
import Foundation

extension Assurance.Run {
    // MARK: Cherry-picking

    /// Population-weighted mean IMD score, Welch's t and the rest for a group against the
    /// practices around and among it that belong to other groups (see docs/assurance.md).
    func cherryPicking(_ level: Policy.Level, _ rule: Policy.CherryPickingRule, _ groups: [Int], capKm: Double)
        -> [Finding]
    {
        var out: [Finding] = []
        let cap = capKm * 1000
        let levelKinds = Set(groups.map { c.groups[$0].kind })
        for g in groups {
            let group = c.groups[g]
            let memberSet = Set(group.members)
            var neighbours = Set<Int>()
            for p in group.members {
                for q in graph.neighbours(of: p, cap: cap) where !memberSet.contains(q) { neighbours.insert(q) }
            }
            let inside = group.members.filter { c.practices[$0].imdScore != nil && c.practices[$0].listSize > 0 }
            let around = neighbours.filter { c.practices[$0].imdScore != nil && c.practices[$0].listSize > 0 }
                .sorted()
            guard inside.count >= 2, around.count >= 2 else { continue }
            let (groupMean, groupScores) = weightedMean(inside)
            let (aroundMean, aroundScores) = weightedMean(around)
            let gap = aroundMean - groupMean
            guard let t = Assurance.welchT(aroundScores, groupScores), t >= rule.minT else { continue }
            let severity: Policy.Severity
            if let blocking = rule.blockingGap, gap >= blocking {
                severity = .blocking
            } else if let advisory = rule.advisoryGap, gap >= advisory {
                severity = .advisory
            } else {
                continue
            }
            let drivers = around.filter { c.practices[$0].imdScore! > groupMean }
                .sorted { c.practices[$0].imdScore! > c.practices[$1].imdScore! }
            let driverText = drivers.prefix(5).map { p -> String in
                let home =
                    groupsOf[p].first { levelKinds.contains(c.groups[$0].kind) }.map { " in \(c.groups[$0].name)" }
                    ?? " in no group of this level"
                return
                    "\(c.practices[p].name) (\(c.practices[p].code), IMD "
                    + "\(svgNumber(c.practices[p].imdScore!)))\(home)"
            }.joined(separator: "; ")
            out.append(
                Finding(
                    rule: .cherryPicking, level: level, severity: severity, subject: ref(group: g),
                    organisations: [ref(group: g)] + drivers.prefix(20).map { ref(practice: $0) },
                    figures: [
                        Figure("group IMD", (groupMean * 10).rounded() / 10, "IMD points"),
                        Figure("neighbours IMD", (aroundMean * 10).rounded() / 10, "IMD points"),
                        Figure("gap", (gap * 10).rounded() / 10, "IMD points"),
                        Figure("t", (t * 100).rounded() / 100, "t"),
                        Figure("neighbouring practices", Double(around.count), "practices"),
                        Figure("more deprived neighbours", Double(drivers.count), "practices"),
                    ],
                    message:
                        "\(group.name) (\(group.code)) serves markedly less deprived patients (IMD 2019 score "
                        + "\(svgNumber(groupMean)), patient-weighted) than the \(around.count) practices "
                        + "around and among it that belong elsewhere (\(svgNumber(aroundMean))): a gap of "
                        + "\(svgNumber(gap)) points (Welch's t = \(svgNumber(t, digits: 2))). The most "
                        + "deprived neighbours left to others: \(driverText).",
                    source: rule.source,
                    drivers: drivers.prefix(20).map { ref(practice: $0) }))
        }
        return out
    }

    func weightedMean(_ practices: [Int]) -> (Double, [Double]) {
        var sum = 0.0
        var weight = 0.0
        var scores: [Double] = []
        for p in practices {
            let w = Double(c.practices[p].listSize)
            let x = c.practices[p].imdScore!
            sum += w * x
            weight += w
            scores.append(x)
        }
        return (sum / weight, scores)
    }

    // MARK: Overlaps

    func overlaps(_ rule: Policy.OverlapRule) -> [Finding] {
        var out: [Finding] = []
        let consortia = c.groups.indices.filter {
            c.groups[$0].kind == .consortium && !c.groups[$0].members.isEmpty
        }
        var consortiumMembers: [Int: Set<Int>] = [:]
        for g in consortia { consortiumMembers[g] = Set(c.groups[g].members) }
        for (g, group) in c.groups.enumerated()
        where (group.kind == .federation || group.kind == .network) && !group.members.isEmpty {
            let members = Set(group.members)
            guard let home = self.group(of: group.members[0], kind: .consortium),
                let homeSet = consortiumMembers[home]
            else { continue }
            let consortium = c.groups[home]
            if members == homeSet {
                out.append(
                    Finding(
                        rule: .overlap, level: .network, severity: rule.severity, subject: ref(group: g),
                        organisations: [ref(group: g), ref(group: home)],
                        figures: [Figure("practices", Double(members.count), "practices")],
                        message:
                            "\(group.name) (\(group.code)) has exactly the same member practices as the consortium "
                            + "\(consortium.name) (\(consortium.code)): the same GPs commission and provide, "
                            + "so conflicts of interest must be declared and managed at every decision.",
                        source: rule.source))
            } else if group.kind == .federation, members.isSubset(of: homeSet) {
                out.append(
                    Finding(
                        rule: .overlap, level: .network, severity: rule.severity, subject: ref(group: g),
                        organisations: [ref(group: g), ref(group: home)],
                        figures: [
                            Figure("practices", Double(members.count), "practices"),
                            Figure("consortium practices", Double(homeSet.count), "practices"),
                        ],
                        message:
                            "Every member of the federation \(group.name) (\(group.code)) is in the consortium "
                            + "\(consortium.name) (\(consortium.code)): when the federation bids for the "
                            + "consortium's contracts, its members' GPs are conflicted.",
                        source: rule.source))
            }
        }
        for p in c.practices.indices {
            let federations = groupsOf[p].filter {
                c.groups[$0].kind == .federation || c.groups[$0].kind == .network
            }
            guard federations.count > 1 else { continue }
            let names = federations.map { "\(c.groups[$0].name) (\(c.groups[$0].code))" }.joined(separator: ", ")
            out.append(
                Finding(
                    rule: .overlap, level: .network, severity: rule.severity, subject: ref(practice: p),
                    organisations: [ref(practice: p)] + federations.map { ref(group: $0) },
                    figures: [Figure("federations", Double(federations.count), "groups")],
                    message:
                        "\(c.practices[p].name) (\(c.practices[p].code)) belongs to \(federations.count) "
                        + "federations or networks (\(names)); its interests in each must be declared where "
                        + "they compete or contract with one another.",
                    source: rule.source))
        }
        return out
    }
}
