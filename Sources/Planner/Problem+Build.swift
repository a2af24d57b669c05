import ConsortCore
import Foundation

/// The input cut into units (atoms and pins kept whole), areas and connected parts, ready to
/// search; and the search results put back together as a plan.
struct Problem {
    let input: PlanInput
    let options: PlanOptions
    /// For each practice, its unit, or -1 for a practice of a locked group.
    var unitOf: [Int]
    var units: [[Int]] = []
    var unitArea: [String] = []
    var instances: [Instance] = []
    /// For each instance, its units (local index → unit).
    var instanceUnits: [[Int]] = []
    var issues: [Plan.Issue] = []
    var labels: [String] = []
    var pins: [String] = []
    let minPatients: Double
    let maxPatients: Double

    init(_ input: PlanInput, options: PlanOptions) {
        self.input = input
        self.options = options
        minPatients = Double(options.minPatients ?? 0)
        maxPatients = options.maxPatients.map(Double.init) ?? .infinity
        let practices = input.practices
        unitOf = Array(repeating: -1, count: practices.count)

        // Units: practices joined by atom and by pin, within their area.
        var parent = Array(practices.indices)
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        var firstWith: [String: Int] = [:]
        for (p, practice) in practices.enumerated() where !isLocked(p) {
            for key in [
                practice.atom.map { "a\u{1}\(practice.area)\u{1}\($0)" },
                practice.pin.map { "p\u{1}\(practice.area)\u{1}\($0)" },
            ].compactMap({ $0 }) {
                if let q = firstWith[key] { parent[find(p)] = find(q) } else { firstWith[key] = p }
            }
        }
        var unitOfRoot: [Int: Int] = [:]
        for p in practices.indices where !isLocked(p) {
            let root = find(p)
            if let u = unitOfRoot[root] {
                units[u].append(p)
                unitOf[p] = u
            } else {
                unitOfRoot[root] = units.count
                unitOf[p] = units.count
                units.append([p])
                unitArea.append(practices[p].area)
            }
        }

        // Unit adjacency in the neighbourhood graph, inside areas.
        let cap = options.capKm * 1000
        var adjacency = Array(repeating: Set<Int>(), count: units.count)
        for (u, members) in units.enumerated() {
            for p in members {
                for q in input.graph.neighbours(of: p, cap: cap) {
                    let v = unitOf[q]
                    if v >= 0, v != u, unitArea[v] == unitArea[u] { adjacency[u].insert(v) }
                }
            }
        }

        // Connected parts of each area, largest area first for a balanced load.
        var labelID: [String: Int] = [:]
        var pinID: [String: Int] = [:]
        var seen = Array(repeating: false, count: units.count)
        var parts: [[Int]] = []
        for start in units.indices where !seen[start] && placed(start) {
            seen[start] = true
            var part = [start]
            var head = 0
            while head < part.count {
                let a = part[head]
                head += 1
                for b in adjacency[a].sorted() where !seen[b] {
                    seen[b] = true
                    part.append(b)
                }
            }
            parts.append(part.sorted())
        }
        let areaParts = Dictionary(grouping: parts.indices, by: { unitArea[parts[$0][0]] })
        for part in parts {
            let area = unitArea[part[0]]
            let patients = part.reduce(0) { $0 + patientsOf($1) }
            let practiceCodes = part.flatMap { units[$0] }.sorted().map { practices[$0].code }
            let where_ = input.name(area)
            // Name the place by its largest practice.
            let largest = part.flatMap { units[$0] }.max {
                (practices[$0].listSize, -$0) < (practices[$1].listSize, -$1)
            }!
            let around = "\(practices[largest].name) (\(practices[largest].code))"
            let isolatedPart = (areaParts[area]?.count ?? 1) > 1
            if Double(patients) < minPatients {
                if isolatedPart {
                    issues.append(
                        .init(
                            kind: .isolated, area: area, practices: practiceCodes,
                            message: isolatedMessage(
                                practices: practiceCodes.count, around: around, patients: patients, in: where_,
                                capKm: options.capKm, minPatients: minPatients)
                        ))
                } else {
                    issues.append(
                        .init(
                            kind: .sizeMismatch, area: area, practices: practiceCodes,
                            message:
                                "\(where_) has only \(grouped(patients)) patients, fewer than the minimum of "
                                + "\(grouped(Int(minPatients))) for one group."
                        ))
                }
            } else if maxPatients.isFinite, minPatients > 0 {
                let low = Int((Double(patients) / maxPatients).rounded(.up))
                let high = Int((Double(patients) / minPatients).rounded(.down))
                if low > high {
                    let place =
                        isolatedPart
                        ? "The part of \(where_) around \(around), cut off from the rest by more than "
                            + "\(svgNumber(options.capKm)) km,"
                        : where_
                    issues.append(
                        .init(
                            kind: .sizeMismatch, area: area, practices: practiceCodes,
                            message:
                                "\(place) has \(grouped(patients)) patients: \(high) group\(high == 1 ? "" : "s") "
                                + "would exceed \(grouped(Int(maxPatients))) each and \(low) would fall below "
                                + "\(grouped(Int(minPatients))), so no whole number of groups fits the band."
                        ))
                }
            }
            for u in part where Double(patientsOf(u)) > maxPatients {
                let codes = units[u].map { practices[$0].code }
                let what =
                    units[u].count == 1
                    ? "\(practices[units[u][0]].name) (\(codes[0])) alone serves"
                    : "The \(units[u].count) practices that must stay together around \(practices[units[u][0]].code) "
                        + "serve"
                issues.append(
                    .init(
                        kind: .atomTooLarge, area: area, practices: codes,
                        message:
                            "\(what) \(grouped(patientsOf(u))) patients, above the maximum of "
                            + "\(grouped(Int(maxPatients))) for a group."
                    ))
            }
            // The part as an instance.
            var local: [Int: Int] = [:]
            for (i, u) in part.enumerated() { local[u] = i }
            var districtID: [String: Int] = [:]
            var inst = Instance(
                weight: [], x: [], y: [], imdSum: [], imdWeight: [], practiceCount: [], current: [], pin: [],
                adjacency: [], minPatients: minPatients, maxPatients: maxPatients,
                preferredMin: Double(options.preferredMin ?? 0),
                preferredMax: options.preferredMax.map(Double.init) ?? .infinity,
                target: Double(options.targetPatients),
                weights: options.weights, fromCurrent: options.fromCurrent, effort: options.effort)
            for u in part {
                var w = 0.0
                var sx = 0.0
                var sy = 0.0
                var s = 0.0
                var wi = 0.0
                var current: [Int: Int] = [:]
                var districts: [Int: Int] = [:]
                var pin = -1
                for p in units[u] {
                    let practice = practices[p]
                    let weight = Double(Swift.max(practice.listSize, 1))
                    w += weight
                    if let point = practice.point {
                        sx += weight * Double(point.x) / 1000
                        sy += weight * Double(point.y) / 1000
                    }
                    if let score = practice.imdScore {
                        s += score * weight
                        wi += weight
                    }
                    if let code = practice.current {
                        if labelID[code] == nil {
                            labelID[code] = labels.count
                            labels.append(code)
                        }
                        current[labelID[code]!, default: 0] += 1
                    }
                    if let code = practice.district {
                        if districtID[code] == nil { districtID[code] = districtID.count }
                        districts[districtID[code]!, default: 0] += 1
                    }
                    if let code = practice.pin {
                        if pinID[code] == nil {
                            pinID[code] = pins.count
                            pins.append(code)
                        }
                        pin = pinID[code]!
                    }
                }
                let placedWeight = units[u].reduce(0.0) {
                    $0 + (practices[$1].point == nil ? 0 : Double(Swift.max(practices[$1].listSize, 1)))
                }
                inst.weight.append(w)
                inst.x.append(sx / placedWeight)
                inst.y.append(sy / placedWeight)
                inst.imdSum.append(s)
                inst.imdWeight.append(wi)
                inst.practiceCount.append(units[u].count)
                inst.current.append(current.sorted { $0.key < $1.key }.map { (label: $0.key, count: $0.value) })
                inst.pin.append(pin)
                inst.district.append(districts.sorted { $0.key < $1.key }.map { (id: $0.key, count: $0.value) })
                inst.adjacency.append(adjacency[u].compactMap { local[$0] }.sorted())
            }
            inst.districtCount = districtID.count
            if districtID.isEmpty { inst.district = [] }
            instances.append(inst)
            instanceUnits.append(part)
        }
        // Bigger parts first so the two cores finish together.
        let order = instances.indices.sorted { (instances[$0].count, -$0) > (instances[$1].count, -$1) }
        instances = order.map { instances[$0] }
        instanceUnits = order.map { instanceUnits[$0] }
    }

    func isLocked(_ p: Int) -> Bool { input.practices[p].current.map { input.locked.contains($0) } ?? false }
    func placed(_ u: Int) -> Bool { units[u].contains { input.practices[$0].point != nil } }
    func patientsOf(_ u: Int) -> Int { units[u].reduce(0) { $0 + input.practices[$1].listSize } }

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

/// Why an isolated part of an area forms an undersized group of its own.
private func isolatedMessage(
    practices count: Int, around: String, patients: Int, in place: String, capKm: Double, minPatients: Double
) -> String {
    let one = count == 1
    return "\(one ? around : "\(count) practices around \(around)") (\(grouped(patients)) patients) "
        + "\(one ? "is" : "are") more than \(svgNumber(capKm)) km from every other practice in \(place), so "
        + "\(one ? "it" : "they") cannot join a group of at least \(grouped(Int(minPatients))) patients; "
        + "\(one ? "it forms" : "they form") an undersized group of \(one ? "its" : "their") own."
}
