import ConsortCore
import Foundation

extension Assurance {
    /// Areas the practices lie in, for the coterminosity rules: each practice's area code by its
    /// location (see `AreaIndex` in Charts), the areas' names, and what they are.
    public struct Areas: Sendable {
        /// "local authority districts (December 2021, ONS)".
        public let label: String
        /// The area of each practice, by practice code; a practice without one is not placed.
        public let of: [String: String]
        public let names: [String: String]

        public init(label: String, of: [String: String], names: [String: String]) {
            self.label = label
            self.of = of
            self.names = names
        }
    }
}

extension Assurance.Run {
    // MARK: Coterminosity

    /// Every area whose practices fall in more than one of the level's groups, with the practices
    /// and patients in each (most patients outside the largest part first).
    func coterminosity(_ level: Policy.Level, _ rule: Policy.CoterminosityRule, _ groups: [Int]) -> [Finding] {
        guard let areas else { return [] }
        let kinds = Set(groups.map { c.groups[$0].kind })
        var out: [Finding] = []
        for kind in kinds.sorted() {
            let report = Coterminosity.check(c, kind: kind) { areas.of[c.practices[$0].code] }
            let byCode = Dictionary(groups.map { (c.groups[$0].code, $0) }, uniquingKeysWith: { a, _ in a })
            for split in report.splits {
                let name = areas.names[split.area] ?? split.area
                let parts = split.parts.compactMap { part in byCode[part.group].map { (part, $0) } }
                let outside = split.patients - (split.parts.first?.patients ?? 0)
                let list = parts.prefix(6).map { part, g in
                    "\(c.groups[g].name) (\(c.groups[g].code)) \(grouped(part.practices)) "
                        + "practice\(part.practices == 1 ? "" : "s"), \(grouped(part.patients)) patients"
                }
                out.append(
                    Finding(
                        rule: .coterminosity, level: level, severity: rule.severity,
                        subject: OrganisationRef(code: split.area, name: name, kind: "district"),
                        organisations: parts.map { ref(group: $0.1) },
                        figures: [
                            Figure("groups", Double(split.parts.count), level.plural),
                            Figure("practices", Double(split.practices), "practices"),
                            Figure("patients outside the largest part", Double(outside), "patients"),
                        ],
                        message:
                            "\(name) (\(split.area)): its \(grouped(split.practices)) practices "
                            + "(\(grouped(split.patients)) patients) are in \(split.parts.count) \(level.plural): "
                            + list.joined(separator: "; ")
                            + (parts.count > 6 ? " and \(parts.count - 6) more" : "")
                            + "; each local authority should work with one.",
                        source: rule.source))
            }
        }
        return out
    }
}
