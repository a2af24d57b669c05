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
                weights: options.weights, fromCurrent: options.fromCurrent,
                onlyWhereRequired: options.fromCurrent && options.onlyWhereRequired == true, effort: options.effort)
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
