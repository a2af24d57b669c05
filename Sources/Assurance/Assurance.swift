import ConsortCore
import Foundation

/// Checks a configuration of practices and groups against a policy: coverage and exclusivity,
/// size, contiguity and enclaves, cherry-picking, and overlaps between federations and
/// consortia. Pure: the same configuration and policy always give the same report.
/// The rules and measures are set out in docs/assurance.md.
public enum Assurance {
    /// - Parameter graph: the practices' neighbourhood graph, if already built (it is the
    ///   slowest part to build and is the same for every policy).
    ///   - areas: where each practice lies, for the coterminosity rules (local authority
    ///     districts); without it those rules do not run and the report says so.
    public static func check(
        _ configuration: Configuration, policy: Policy, graph: NeighbourhoodGraph? = nil, areas: Areas? = nil
    ) -> Report {
        let run = Run(configuration, policy: policy, graph: graph ?? configuration.graph(), areas: areas)
        return run.report()
    }

    /// Whether any level of the policy needs the practices' areas (a coterminosity rule).
    public static func needsAreas(_ policy: Policy) -> Bool { policy.levels.contains { $0.coterminosity != nil } }

    /// The distance cap used where a level sets no contiguity rule: 15 km.
    public static let defaultCapKm = 15.0

    struct Run {
        let c: Configuration
        let policy: Policy
        let graph: NeighbourhoodGraph
        let areas: Areas?
        /// For each practice, the indices of the groups it belongs to.
        let groupsOf: [[Int]]

        init(_ c: Configuration, policy: Policy, graph: NeighbourhoodGraph, areas: Areas? = nil) {
            self.c = c
            self.policy = policy
            self.graph = graph
            self.areas = areas
            var groupsOf = Array(repeating: [Int](), count: c.practices.count)
            for (g, group) in c.groups.enumerated() { for p in group.members { groupsOf[p].append(g) } }
            self.groupsOf = groupsOf
        }

        func ref(practice p: Int) -> OrganisationRef {
            OrganisationRef(code: c.practices[p].code, name: c.practices[p].name, kind: "practice")
        }

        func ref(group g: Int) -> OrganisationRef {
            OrganisationRef(code: c.groups[g].code, name: c.groups[g].name, kind: c.groups[g].kind.rawValue)
        }

        func patients(_ members: [Int]) -> Int { members.reduce(0) { $0 + c.practices[$1].listSize } }

        /// The group of a kind a practice belongs to (the first, if several).
        func group(of p: Int, kind: GroupKind) -> Int? { groupsOf[p].first { c.groups[$0].kind == kind } }

        func report() -> Report {
            var findings: [Finding] = []
            var summaries: [Report.LevelSummary] = []
            var fromPublished = 0
            // The kinds the data holds at the date: a level none of whose kinds is in the data
            // (no PCNs before 2019) is reported as absent, not as every practice uncovered.
            let present = Set(c.groups.filter { !$0.members.isEmpty }.map(\.kind))
            for rules in policy.levels {
                let groups = c.groups.indices.filter {
                    rules.kinds.contains(c.groups[$0].kind) && !c.groups[$0].members.isEmpty
                }
                let inData = rules.kinds.contains { present.contains($0) }
                var level: [Finding] = []
                if let rule = rules.coverage, rule.kinds.contains(where: { present.contains($0) }) {
                    level += coverage(rules.level, rule)
                }
                if let rule = rules.size {
                    let checked = size(rules.level, rule, groups)
                    level += checked.findings
                    fromPublished += checked.fromPublished
                }
                if let rule = rules.contiguity { level += contiguity(rules.level, rule, groups) }
                if let rule = rules.nesting { level += nesting(rules.level, rule, groups) }
                if let rule = rules.coterminosity { level += coterminosity(rules.level, rule, groups) }
                if let rule = rules.cherryPicking {
                    level += cherryPicking(
                        rules.level, rule, groups, capKm: rules.contiguity?.maxLinkKm ?? Assurance.defaultCapKm)
                }
                level += dataGaps(rules.level, rules, groups)
                findings += level
                summaries.append(
                    .init(
                        level: rules.level, kinds: rules.kinds, inData: inData, groups: groups.count,
                        practices: Set(groups.flatMap { c.groups[$0].members }).count,
                        blocking: level.filter { $0.severity == .blocking }.count,
                        advisory: level.filter { $0.severity == .advisory }.count,
                        splitAreas: rules.coterminosity != nil && areas != nil
                            ? level.filter { $0.rule == .coterminosity }.count : nil))
            }
            if let rule = policy.overlaps { findings += overlaps(rule) }
            // Blocking first, then by rule, then by subject.
            let ruleOrder = Finding.Rule.allCases
            findings.sort {
                if $0.severity != $1.severity { return $0.severity < $1.severity }
                if $0.rule != $1.rule { return ruleOrder.firstIndex(of: $0.rule)! < ruleOrder.firstIndex(of: $1.rule)! }
                return $0.subject.code < $1.subject.code
            }
            var report = Report(
                policy: policy.name, policyVersion: policy.version, policyTitle: policy.title, date: c.date,
                practices: c.practices.count, patients: c.practices.reduce(0) { $0 + $1.listSize },
                listSizes: c.sizeStatus(), groupsFromPublishedTotals: fromPublished, levels: summaries,
                findings: findings)
            if Assurance.needsAreas(policy) {
                if let areas {
                    let placed = c.practices.filter { areas.of[$0.code] != nil }.count
                    let missing = c.practices.count - placed
                    report.areasNote =
                        "Local authorities: practices placed in \(areas.label) by their locations"
                        + (missing > 0 ? "; \(grouped(missing)) without a location in one were not placed." : ".")
                } else {
                    report.areasNote =
                        "Local authorities were not checked: no district boundaries were available (the data "
                        + "directory's geo/local_authority_districts_2021.geojson)."
                }
            }
            return report
        }

        // MARK: Coverage and exclusivity

        func coverage(_ level: Policy.Level, _ rule: Policy.CoverageRule) -> [Finding] {
            var out: [Finding] = []
            let kindNames = rule.kinds.map(\.abbreviation).joined(separator: " or ")
            // The area a gap is reported in: the group one level up (a PCN gap in its CCG, a CCG gap in its ICB).
            let areaKind: GroupKind = rule.kinds.contains(.consortium) ? .icb : .consortium
            var uncovered: [String: (area: Int?, practices: [Int])] = [:]
            for p in c.practices.indices {
                let memberships = groupsOf[p].filter { rule.kinds.contains(c.groups[$0].kind) }
                if rule.required && memberships.isEmpty {
                    let area = group(of: p, kind: areaKind)
                    let key = area.map { c.groups[$0].code } ?? ""
                    uncovered[key, default: (area, [])].practices.append(p)
                }
                if rule.exclusive && memberships.count > 1 {
                    let names = memberships.map { "\(c.groups[$0].name) (\(c.groups[$0].code))" }.joined(
                        separator: " and ")
                    out.append(
                        Finding(
                            rule: .exclusivity, level: level, severity: rule.severity, subject: ref(practice: p),
                            organisations: [ref(practice: p)] + memberships.map { ref(group: $0) },
                            figures: [Figure("groups", Double(memberships.count), "groups")],
                            message:
                                "\(c.practices[p].name) (\(c.practices[p].code)) is in \(memberships.count) groups of "
                                + "the same level at once: \(names). A practice may belong to only one "
                                + "\(kindNames).",
                            source: rule.source))
                }
            }
            for (_, gap) in uncovered.sorted(by: { $0.key < $1.key }) {
                let practices = gap.practices
                let area = gap.area
                let areaTotal = area.map { c.groups[$0].members.count }
                let subject =
                    area.map { ref(group: $0) } ?? OrganisationRef(code: "ENG", name: "England", kind: "country")
                let count = practices.count
                let list = practices.prefix(8).map { "\(c.practices[$0].name) (\(c.practices[$0].code))" }.joined(
                    separator: ", ")
                let more = count > 8 ? " and \(count - 8) more" : ""
                let ofTotal = areaTotal.map { " of its \($0)" } ?? ""
                out.append(
                    Finding(
                        rule: .coverage, level: level, severity: rule.severity, subject: subject,
                        organisations: [subject] + practices.map { ref(practice: $0) },
                        figures: [
                            Figure("practices", Double(count), "practices"),
                            Figure("patients", Double(patients(practices)), "patients"),
                        ]
                            + (areaTotal.map { [Figure("practices in area", Double($0), "practices")] } ?? []),
                        message:
                            "Coverage is incomplete in \(subject.name): \(count)\(ofTotal) "
                            + "practice\(count == 1 ? "" : "s") (\(grouped(patients(practices))) patients) "
                            + "\(count == 1 ? "is" : "are") in no \(kindNames): \(list)\(more).",
                        source: rule.source))
            }
            return out
        }

        // MARK: Size

        func size(_ level: Policy.Level, _ rule: Policy.SizeRule, _ groups: [Int])
            -> (findings: [Finding], fromPublished: Int)
        {
            var out: [Finding] = []
            var fromPublished = 0
            for g in groups {
                let (n, basis, published) = size(of: g)
                if published { fromPublished += 1 }
                let name = "\(c.groups[g].name) (\(c.groups[g].code))"
                func finding(_ severity: Policy.Severity, _ bound: Int, below: Bool, source: String?) -> Finding {
                    let cite = policy.citation(source).map { " (\(shortCitation($0)))" } ?? ""
                    let band =
                        severity == .blocking
                        ? (below ? "the minimum" : "the maximum")
                        : (below ? "the advised minimum" : "the advised maximum")
                    return Finding(
                        rule: .size, level: level, severity: severity, subject: ref(group: g),
                        organisations: [ref(group: g)],
                        figures: [
                            Figure("patients", Double(n), "patients"),
                            Figure(below ? "minimum" : "maximum", Double(bound), "patients"),
                            Figure("practices", Double(c.groups[g].members.count), "practices"),
                        ],
                        message:
                            "\(name) serves \(grouped(n)) registered patients, \(below ? "below" : "above") \(band) of "
                            + "\(grouped(bound))\(cite). Size: \(basis).",
                        source: source, basis: basis)
                }
                if let min = rule.min, n < min {
                    out.append(finding(.blocking, min, below: true, source: rule.source))
                } else if let max = rule.max, n > max {
                    out.append(finding(.blocking, max, below: false, source: rule.source))
                } else if let min = rule.advisoryMin, n < min {
                    out.append(finding(.advisory, min, below: true, source: rule.advisorySource))
                } else if let max = rule.advisoryMax, n > max {
                    out.append(finding(.advisory, max, below: false, source: rule.advisorySource))
                }
            }
            return (out, fromPublished)
        }

        // MARK: Contiguity and enclaves

        func contiguity(_ level: Policy.Level, _ rule: Policy.ContiguityRule, _ groups: [Int]) -> [Finding] {
            var out: [Finding] = []
            let cap = rule.maxLinkKm * 1000
            let levelKinds = Set(groups.map { c.groups[$0].kind })
            for g in groups {
                let group = c.groups[g]
                let placed = group.members.filter { c.practices[$0].point != nil }
                let parts = graph.fragments(of: placed, cap: cap)
                if parts.count > 1 {
                    let main = parts[0]
                    let others = parts.dropFirst().flatMap { $0 }
                    let gap = parts.dropFirst().map { minimumDistance(main, $0) }.max() ?? 0
                    let list = others.prefix(8).map { "\(c.practices[$0].name) (\(c.practices[$0].code))" }.joined(
                        separator: ", ")
                    out.append(
                        Finding(
                            rule: .contiguity, level: level, severity: rule.severity, subject: ref(group: g),
                            organisations: [ref(group: g)] + others.map { ref(practice: $0) },
                            figures: [
                                Figure("parts", Double(parts.count), "parts"),
                                Figure("gap", (gap / 100).rounded() / 10, "km"),
                                Figure("practices outside the largest part", Double(others.count), "practices"),
                                Figure("limit", rule.maxLinkKm, "km"),
                            ],
                            message:
                                "\(group.name) (\(group.code)) is split into \(parts.count) parts: \(others.count) of "
                                + "its \(placed.count) practices \(others.count == 1 ? "lies" : "lie") more than "
                                + "\(svgNumber(rule.maxLinkKm)) km from the rest (up to "
                                + "\(svgNumber(gap / 1000)) km away): "
                                + "\(list)\(others.count > 8 ? " and more" : "").",
                            source: rule.source))
                }
                guard rule.enclaves, !placed.isEmpty else { continue }
                let memberSet = Set(group.members)
                var around = Set<Int>()
                var open = false
                for p in placed {
                    if graph.touchesOutside(p, cap: cap) {
                        open = true
                        break
                    }
                    for q in graph.neighbours(of: p, cap: cap) where !memberSet.contains(q) {
                        if let other = groupsOf[q].first(where: { levelKinds.contains(c.groups[$0].kind) && $0 != g }) {
                            around.insert(other)
                        } else {
                            open = true  // a neighbour in no group of this level: not enclosed
                        }
                    }
                    if open || around.count > 1 { break }
                }
                if !open, around.count == 1, let host = around.first {
                    out.append(
                        Finding(
                            rule: .enclave, level: level, severity: rule.severity, subject: ref(group: g),
                            organisations: [ref(group: g), ref(group: host)],
                            figures: [Figure("practices", Double(group.members.count), "practices")],
                            message:
                                "\(group.name) (\(group.code)) is an enclave: every practice around it belongs to "
                                + "\(c.groups[host].name) (\(c.groups[host].code)).",
                            source: rule.source))
                }
            }
            return out
        }

        func minimumDistance(_ a: [Int], _ b: [Int]) -> Double {
            var best = Double.infinity
            for p in a {
                guard let pa = c.practices[p].point else { continue }
                for q in b {
                    guard let pb = c.practices[q].point else { continue }
                    let dx = Double(pa.x - pb.x)
                    let dy = Double(pa.y - pb.y)
                    best = min(best, (dx * dx + dy * dy).squareRoot())
                }
            }
            return best.isFinite ? best : 0
        }
    }

    /// Welch's t statistic for the difference of the means of two samples (a − b); nil when
    /// either sample has fewer than two values or both have no spread.
    public static func welchT(_ a: [Double], _ b: [Double]) -> Double? {
        guard a.count >= 2, b.count >= 2 else { return nil }
        func meanVar(_ x: [Double]) -> (Double, Double) {
            let m = x.reduce(0, +) / Double(x.count)
            let v = x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
            return (m, v)
        }
        let (ma, va) = meanVar(a)
        let (mb, vb) = meanVar(b)
        let se = (va / Double(a.count) + vb / Double(b.count)).squareRoot()
        guard se > 0 else { return nil }
        return (ma - mb) / se
    }
}
