import ConsortCore

extension Configuration {
    /// Only the practices with the given codes, with every group cut down to them (groups left
    /// empty are dropped).
    public func restricted(to codes: Set<String>) -> Configuration {
        var newIndex = Array(repeating: -1, count: practices.count)
        var kept: [Practice] = []
        for (i, practice) in practices.enumerated() where codes.contains(practice.code) {
            newIndex[i] = kept.count
            kept.append(practice)
        }
        let cut = groups.compactMap { group -> Group? in
            let members = group.members.compactMap { newIndex[$0] >= 0 ? newIndex[$0] : nil }
            // A group cut down is no longer the group its published total counted.
            return members.isEmpty
                ? nil
                : Group(
                    code: group.code, name: group.name, kind: group.kind, parent: group.parent, members: members,
                    published: members.count == group.members.count ? group.published : nil)
        }
        return Configuration(date: date, membershipsOn: membershipsOn, practices: kept, groups: cut)
    }

    /// This configuration with the plan adopted: the plan's practices leave their groups of
    /// `kind` and join the plan's groups (of that kind). Groups left empty are dropped.
    public func applying(_ plan: Plan, kind: GroupKind) -> Configuration {
        var index: [String: Int] = [:]
        for (i, practice) in practices.enumerated() { index[practice.code] = i }
        let planned = Set(plan.practiceCodes.compactMap { index[$0] })
        var out = groups.compactMap { group -> Group? in
            guard group.kind == kind else { return group }
            let members = group.members.filter { !planned.contains($0) }
            return members.isEmpty
                ? nil
                : Group(
                    code: group.code, name: group.name, kind: kind, parent: group.parent, members: members,
                    published: members.count == group.members.count ? group.published : nil)
        }
        let existing = Set(out.map(\.code))
        for group in plan.groups {
            let members = group.practices.compactMap { index[$0] }
            guard !members.isEmpty else { continue }
            // A continuing group keeps its parent; a plan group that reuses a code still in use
            // elsewhere (outside the planned area) is merged into it.
            if existing.contains(group.code),
                let g = out.firstIndex(where: { $0.code == group.code && $0.kind == kind })
            {
                let old = out[g]
                out[g] = Group(
                    code: old.code, name: old.name, kind: kind, parent: old.parent,
                    members: (old.members + members).sorted())
            } else {
                let parent = groups.first { $0.code == group.code && $0.kind == kind }?.parent
                out.append(
                    Group(code: group.code, name: group.name, kind: kind, parent: parent, members: members.sorted()))
            }
        }
        return Configuration(date: date, membershipsOn: membershipsOn, practices: practices, groups: out)
    }
}
