import ConsortCore
import Foundation

extension Problem {
    /// The plan from the best start of each part.
    func finish(_ best: [StartResult], seconds: Double) -> Plan {
        let practices = input.practices
        // Groups as lists of practices.
        var groups: [[Int]] = []
        var groupOfUnit = Array(repeating: -1, count: units.count)
        for (i, result) in best.enumerated() {
            let base = groups.count
            for _ in 0..<result.groups { groups.append([]) }
            for (local, u) in instanceUnits[i].enumerated() {
                let g = base + result.partition[local]
                groupOfUnit[u] = g
                groups[g].append(contentsOf: units[u])
            }
        }
        var issues = self.issues
        // Units without a location: with most of their current group, or the lightest group of their area.
        for u in units.indices where !placed(u) {
            let area = unitArea[u]
            let current = units[u].compactMap { practices[$0].current }.first
            var best = -1
            var bestShare = -1
            var bestWeight = Int.max
            for (g, members) in groups.enumerated() where !members.isEmpty && practices[members[0]].area == area {
                let share = members.filter { current != nil && practices[$0].current == current }.count
                let weight = members.reduce(0) { $0 + practices[$1].listSize }
                if (share, -weight) > (bestShare, -bestWeight) {
                    best = g
                    bestShare = share
                    bestWeight = weight
                }
            }
            if best < 0 {
                groups.append([])
                best = groups.count - 1
            }
            groups[best].append(contentsOf: units[u])
            groupOfUnit[u] = best
            issues.append(
                .init(
                    kind: .unplaced, area: area, practices: units[u].map { practices[$0].code },
                    message:
                        "\(units[u].map { "\(practices[$0].name) (\(practices[$0].code))" }.joined(separator: ", ")) "
                        + "\(units[u].count == 1 ? "has" : "have") no known location and "
                        + "\(units[u].count == 1 ? "was" : "were") placed with "
                        + (bestShare > 0
                            ? "most of the practices of \(input.name(current!))." : "the smallest group nearby.")
                ))
        }
        // Codes: pins first, then the current group each continues, then new codes.
        var codes = Array(repeating: "", count: groups.count)
        var used = Set<String>(input.locked)
        for (g, members) in groups.enumerated() {
            if let pin = members.lazy.compactMap({ practices[$0].pin }).first, !used.contains(pin) {
                codes[g] = pin
                used.insert(pin)
            }
        }
        var overlaps: [(patients: Int, group: Int, code: String)] = []
        for (g, members) in groups.enumerated() where codes[g].isEmpty {
            var byCode: [String: Int] = [:]
            for p in members { if let c = practices[p].current { byCode[c, default: 0] += practices[p].listSize } }
            for (code, patients) in byCode { overlaps.append((patients, g, code)) }
        }
        overlaps.sort { ($0.patients, -$0.group, $1.code) > ($1.patients, -$1.group, $0.code) }
        for o in overlaps where codes[o.group].isEmpty && !used.contains(o.code) {
            codes[o.group] = o.code
            used.insert(o.code)
        }
        var newCount: [String: Int] = [:]
        let order = groups.indices.sorted {
            (practices[groups[$0][0]].area, groups[$0].map { practices[$0].code }.min()!) < (
                practices[groups[$1][0]].area, groups[$1].map { practices[$0].code }.min()!
            )
        }
        for g in order where codes[g].isEmpty {
            let area = practices[groups[g][0]].area
            var n = newCount[area, default: 0]
            var code: String
            repeat {
                n += 1
                code = "NEW-\(area.isEmpty ? "" : "\(area)-")\(n < 10 ? "0" : "")\(n)"
            } while used.contains(code)
            newCount[area] = n
            used.insert(code)
            codes[g] = code
        }
        // The assignment, locked groups included.
        var assignment = Array(repeating: "", count: practices.count)
        for (g, members) in groups.enumerated() { for p in members { assignment[p] = codes[g] } }
        var lockedGroups: [String: [Int]] = [:]
        for p in practices.indices where isLocked(p) {
            assignment[p] = practices[p].current!
            lockedGroups[practices[p].current!, default: []].append(p)
        }
        let currentNames = Dictionary(
            practices.compactMap { $0.current }.map { ($0, input.name($0)) }, uniquingKeysWith: { a, _ in a })
        var planGroups: [Plan.Group] = []
        func describe(_ code: String, _ members: [Int], locked: Bool) -> Plan.Group {
            let patients = members.reduce(0) { $0 + practices[$1].listSize }
            let stats = Planner.groupStats(members, input)
            let area = practices[members[0]].area
            let name =
                currentNames[code]
                ?? (code.hasPrefix("NEW-")
                    ? "New group \(code.split(separator: "-").last!) in \(input.name(area))" : code)
            return Plan.Group(
                code: code, name: name, area: area, practices: members.map { practices[$0].code }.sorted(),
                patients: patients,
                withinBand: Double(patients) >= minPatients && Double(patients) <= maxPatients,
                spreadKm: stats.spreadWeight > 0 ? stats.spread / stats.spreadWeight : nil, imdMean: stats.imdMean,
                locked: locked)
        }
        for (g, members) in groups.enumerated() where !members.isEmpty {
            planGroups.append(describe(codes[g], members, locked: false))
        }
        for (code, members) in lockedGroups { planGroups.append(describe(code, members, locked: true)) }
        planGroups.sort { ($0.area, $0.code) < ($1.area, $1.code) }
        // Groups still outside the band that no issue above explains.
        let explained = Set(issues.flatMap(\.practices))
        for group in planGroups
        where !group.withinBand && !group.locked && !group.practices.contains(where: explained.contains) {
            let below = Double(group.patients) < minPatients
            issues.append(
                .init(
                    kind: .outOfBand, area: group.area, practices: group.practices,
                    message:
                        "\(group.name) (\(group.code)) serves \(grouped(group.patients)) patients, "
                        + (below
                            ? "below the minimum of \(grouped(Int(minPatients)))"
                            : "above the maximum of \(grouped(Int(maxPatients)))")
                        + ": the search found no connected arrangement of \(input.name(group.area)) that keeps it "
                        + "within the band. Try a larger distance cap, or plan across a wider boundary."
                ))
        }
        issues.sort {
            ($0.area, $0.kind.rawValue, $0.practices.first ?? "") < (
                $1.area, $1.kind.rawValue, $1.practices.first ?? ""
            )
        }

        let current = practices.map(\.current)
        let metrics = Planner.measure(input, assignment: assignment, options: options, reference: current)
        let today = Planner.measure(input, assignment: current, options: options, reference: current)
        let moves = practices.indices.filter { practices[$0].current != assignment[$0] }.map {
            Plan.Move(
                practice: practices[$0].code, name: practices[$0].name, patients: practices[$0].listSize,
                from: practices[$0].current, to: assignment[$0])
        }
        return Plan(
            options: options, assignment: assignment, practiceCodes: practices.map(\.code), groups: planGroups,
            issues: issues,
            metrics: metrics, current: today, moves: moves, seconds: seconds)
    }
}
