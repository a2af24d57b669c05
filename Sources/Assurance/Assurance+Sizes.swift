import ConsortCore

extension Report {
    /// How the size rules were applied when the list sizes are not current: with the published
    /// group totals, or without any; nil when the sizes are current.
    public var publishedTotalsNote: String? {
        guard !listSizes.isCurrent else { return nil }
        return groupsFromPublishedTotals > 0
            ? "Size rules used the published group totals for \(grouped(groupsFromPublishedTotals)) groups; "
                + "other groups are sized from the practice figures available."
            : "No published totals are loaded for the groups checked: size rules used the practice figures "
                + "available, so groups may be under- or over-counted."
    }

    /// What a reader must know about the list sizes behind the report, in sentences; empty when
    /// they are current.
    public var sizeWarnings: [String] { listSizes.warnings + (publishedTotalsNote.map { [$0] } ?? []) }
}

extension Assurance.Run {
    /// A group's registered patients for the size rules, and where the figure comes from: the
    /// sum of its practices' list sizes when all are current; otherwise the group's published
    /// total when the data has one newer than the practice figures; otherwise the sum of what
    /// there is, saying so.
    func size(of g: Int) -> (patients: Int, basis: String, fromPublished: Bool) {
        let group = c.groups[g]
        let members = group.members
        let dates = members.compactMap { c.practices[$0].listSizeOn }
        let gaps = members.filter { c.sizeIsStale($0) }
        let sum = patients(members)
        if gaps.isEmpty {
            let on = dates.max().map { " as at \($0.long)" } ?? ""
            return (sum, "sum of the practices' list sizes\(on)", false)
        }
        if let published = group.published,
            published.replaces(
                memberSizesOn: members.map { c.practices[$0].listSizeOn }, membershipsOn: c.membershipsOn)
        {
            return (published.patients, "published total as at \(published.on.long) (\(published.source))", true)
        }
        let missing = members.count - dates.count
        var parts: [String] = []
        if let oldest = dates.min(), gaps.count > missing {
            parts.append("\(gaps.count - missing) as at \(oldest.long)")
        }
        if missing > 0 { parts.append("\(missing) with no list size") }
        return (
            sum,
            "sum of the practices' list sizes, not current for \(gaps.count) of \(members.count) practices: "
                + parts.joined(separator: ", "), false
        )
    }

    /// Practices a level's checks could not use: members without a location (the split-group
    /// and cherry-picking checks cannot place them) and members with no registered patients.
    /// One advisory finding per group, so that nothing is left out silently.
    func dataGaps(_ level: Policy.Level, _ rules: Policy.LevelRules, _ groups: [Int]) -> [Finding] {
        let placing = rules.contiguity != nil || rules.cherryPicking != nil
        var out: [Finding] = []
        for g in groups {
            let members = c.groups[g].members
            let unplaced = placing ? members.filter { c.practices[$0].point == nil } : []
            let empty = members.filter { c.practices[$0].listSizeOn != nil && c.practices[$0].listSize == 0 }
            guard !unplaced.isEmpty || !empty.isEmpty else { continue }
            func list(_ ps: [Int]) -> String {
                ps.prefix(8).map { "\(c.practices[$0].name) (\(c.practices[$0].code))" }.joined(separator: ", ")
                    + (ps.count > 8 ? " and \(ps.count - 8) more" : "")
            }
            var sentences: [String] = []
            if !unplaced.isEmpty {
                sentences.append(
                    "\(unplaced.count) of its \(members.count) practices \(unplaced.count == 1 ? "has" : "have") no "
                        + "location in the data, so the split-group and cherry-picking checks could not place "
                        + "\(unplaced.count == 1 ? "it" : "them"): \(list(unplaced)).")
            }
            if !empty.isEmpty {
                sentences.append(
                    "\(empty.count) \(empty.count == 1 ? "practice has" : "practices have") no registered patients: "
                        + "\(list(empty)).")
            }
            out.append(
                Finding(
                    rule: .data, level: level, severity: .advisory, subject: ref(group: g),
                    organisations: [ref(group: g)] + (unplaced + empty).map { ref(practice: $0) },
                    figures: [
                        Figure("practices without a location", Double(unplaced.count), "practices"),
                        Figure("practices with no patients", Double(empty.count), "practices"),
                    ],
                    message: "\(c.groups[g].name) (\(c.groups[g].code)): " + sentences.joined(separator: " "),
                    source: nil))
        }
        return out
    }
}
