import Charts
import ConsortCore
import Foundation

extension RegistryView {
    /// A group's parent on the day (a `group_links` row).
    package struct Link: Decodable, Sendable {
        package let childCode: String
        package let parentCode: String

        package init(childCode: String, parentCode: String) {
            self.childCode = childCode
            self.parentCode = parentCode
        }
    }

    /// A practice's membership of a group on the day (a `memberships` row).
    package struct Member: Decodable, Sendable {
        package let practiceCode: String
        package let groupCode: String
        package let kind: String

        package init(practiceCode: String, groupCode: String, kind: GroupKind) {
            self.practiceCode = practiceCode
            self.groupCode = groupCode
            self.kind = kind.rawValue
        }
    }

    /// The registry at a date from its parts: the practices open on the day (with their list
    /// sizes), every group, and the links and memberships in force. Computes the groups' members,
    /// children and patients, the active groups of each kind, the search keys and orders, and
    /// the configuration the engines read. Pure: the loader reads the parts from
    /// the database, and tests build views from parts of their own.
    /// `membershipsOn` is the date of the snapshot the memberships come from (by default the
    /// latest snapshot, or the date if earlier).
    package static func assemble(
        date: Day, version: Int64, latestSnapshot: Day?, membershipsOn: Day? = nil, practices: [PracticeInfo],
        groups list: [GroupInfo], links: [Link], memberships: [Member]
    ) -> RegistryView {
        var practices = practices
        var index: [String: Int] = [:]
        for (i, p) in practices.enumerated() { index[p.code] = i }
        var groups: [String: GroupInfo] = [:]
        for g in list { groups[g.code] = g }
        for link in links {
            groups[link.childCode]?.parent = link.parentCode
            groups[link.parentCode]?.children.append(link.childCode)
        }
        for m in memberships {
            guard let i = index[m.practiceCode], let kind = GroupKind(rawValue: m.kind) else { continue }
            if kind == .federation {
                practices[i].federations.append(m.groupCode)
            } else {
                practices[i].groups[kind] = m.groupCode
            }
            groups[m.groupCode]?.members.append(i)
            groups[m.groupCode]?.patients += practices[i].listSize ?? 0
        }
        // Where members' sizes are missing or older than the memberships, a group's published
        // total newer than them stands in for the sum.
        let membershipsOn = min(membershipsOn ?? latestSnapshot ?? date, date)
        for (code, group) in groups {
            guard let published = group.published else { continue }
            let dates = group.members.map { practices[$0].listSize == nil ? nil : practices[$0].listSizeOn }
            if published.replaces(memberSizesOn: dates, membershipsOn: membershipsOn) {
                groups[code]?.patients = published.patients
                groups[code]?.patientsSource = "published total as at \(published.on.long), \(published.source)"
            }
        }
        var active: [GroupKind: [String]] = [:]
        for (code, group) in groups where !group.members.isEmpty { active[group.kind, default: []].append(code) }
        for kind in active.keys { active[kind]?.sort() }
        for code in groups.keys { groups[code]?.children.sort() }
        // Name, code, postcode without spaces, and the name of the practice's network (PCN).
        let searchKeys = practices.map { p in
            let network = p.groups[.network].flatMap { groups[$0]?.name } ?? ""
            let postcode = (p.postcode ?? "").replacingOccurrences(of: " ", with: "")
            return Array("\(p.name) \(p.code) \(postcode) \(network)".lowercased().utf8)
        }
        let unknownPostcode = "\u{10FFFF}"
        var total = practices.reduce(0) { $0 + ($1.listSize ?? 0) }
        var totalSource: String?
        let regions = (active[.region] ?? []).compactMap { groups[$0] }
        if !regions.isEmpty, regions.allSatisfy({ $0.patientsSource != nil }),
            regions.reduce(0, { $0 + $1.members.count }) == practices.count
        {
            total = regions.reduce(0) { $0 + $1.patients }
            let dates = Set(regions.compactMap { $0.published?.on.long }).sorted().joined(separator: ", ")
            totalSource = "the sum of the regions' published totals as at \(dates)"
        }
        var view = RegistryView(
            date: date, version: version, latestSnapshot: latestSnapshot, practices: practices, index: index,
            groups: groups, active: active, totalPatients: total,
            searchKeys: searchKeys, searchMasks: searchKeys.map(characterMask),
            points: practices.compactMap(\.gridPoint),
            nameRank: ranks(
                practices.indices.sorted {
                    (practices[$0].name, practices[$0].code) < (practices[$1].name, practices[$1].code)
                }),
            postcodeRank: ranks(
                practices.indices.sorted {
                    (practices[$0].postcode ?? unknownPostcode, practices[$0].code)
                        < (practices[$1].postcode ?? unknownPostcode, practices[$1].code)
                }),
            configuration: configuration(
                date: date, membershipsOn: membershipsOn, practices: practices, groups: groups))
        view.totalPatientsSource = totalSource
        return view
    }
}
