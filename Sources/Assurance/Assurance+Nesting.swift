import ConsortCore
import Foundation

extension Assurance.Run {
    // MARK: Nesting

    /// Groups of the level spanning several groups of `rule.inside`, and groups of `rule.whole`
    /// divided between the level's groups (or partly outside them).
    func nesting(_ level: Policy.Level, _ rule: Policy.NestingRule, _ groups: [Int]) -> [Finding] {
        var out: [Finding] = []
        func names(_ gs: [Int]) -> String {
            gs.prefix(6).map { "\(c.groups[$0].name) (\(c.groups[$0].code))" }.joined(separator: ", ")
                + (gs.count > 6 ? " and \(gs.count - 6) more" : "")
        }
        // "STPs / ICBs" stays as it is; "Networks (PCNs)" becomes "networks (PCNs)".
        func words(_ kind: GroupKind) -> String {
            let plural = kind.plural
            guard let second = plural.dropFirst().first, !second.isUppercase else { return plural }
            return plural.prefix(1).lowercased() + plural.dropFirst()
        }
        if let kind = rule.inside {
            for g in groups {
                let parents = Set(c.groups[g].members.compactMap { group(of: $0, kind: kind) }).sorted {
                    c.groups[$0].code < c.groups[$1].code
                }
                guard parents.count > 1 else { continue }
                out.append(
                    Finding(
                        rule: .nesting, level: level, severity: rule.severity, subject: ref(group: g),
                        organisations: [ref(group: g)] + parents.map { ref(group: $0) },
                        figures: [Figure("groups", Double(parents.count), words(kind))],
                        message:
                            "\(c.groups[g].name) (\(c.groups[g].code)) has practices in \(parents.count) "
                            + "\(words(kind)): \(names(parents)); a \(level.rawValue) should lie inside one.",
                        source: rule.source))
            }
        }
        if let kind = rule.whole {
            var holder: [Int: Int] = [:]
            for g in groups { for p in c.groups[g].members where holder[p] == nil { holder[p] = g } }
            for (w, whole) in c.groups.enumerated() where whole.kind == kind {
                let holders = Set(whole.members.compactMap { holder[$0] }).sorted {
                    c.groups[$0].code < c.groups[$1].code
                }
                let outside = whole.members.filter { holder[$0] == nil }.count
                guard !holders.isEmpty, holders.count > 1 || outside > 0 else { continue }
                out.append(
                    Finding(
                        rule: .nesting, level: level, severity: rule.severity, subject: ref(group: w),
                        organisations: [ref(group: w)] + holders.map { ref(group: $0) },
                        figures: [
                            Figure("groups", Double(holders.count), level.plural),
                            Figure("practices outside them", Double(outside), "practices"),
                        ],
                        message:
                            "\(whole.name) (\(whole.code)) is divided: its practices are in \(holders.count) "
                            + "\(level.plural) (\(names(holders)))"
                            + (outside > 0 ? " and \(outside) \(outside == 1 ? "is" : "are") in none" : "")
                            + "; \(level.plural) are made of whole \(words(kind)).",
                        source: rule.source))
            }
        }
        return out
    }
}
