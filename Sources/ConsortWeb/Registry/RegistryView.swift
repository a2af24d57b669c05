import Charts
import ConsortCore
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// A practice as the registry holds it at a date.
package struct PracticeInfo: Sendable {
    package let code: String
    package let name: String
    package let postcode: String?
    package let latitude: Double?
    package let longitude: Double?
    package let easting: Int?
    package let northing: Int?
    package let imdScore: Double?
    package let imdDecile: Int?
    package let rurality: String?
    package let contractType: String?
    package let dispensing: String?
    package let address: String?
    package let phone: String?
    package let odsStatus: String?
    package let knownFrom: Day
    package let closedOn: Day?
    package var listSize: Int?
    package var listSizeOn: Day?
    package var weightedListSize: Double?
    /// The practice's NHS groups at the date, by kind.
    package var groups: [GroupKind: String] = [:]
    package var federations: [String] = []

    package var gridPoint: GridPoint? {
        guard let easting, let northing else { return nil }
        return GridPoint(easting: Double(easting), northing: Double(northing))
    }

    package init(code: String, name: String, postcode: String?, latitude: Double?, longitude: Double?, easting: Int?, northing: Int?, imdScore: Double?, imdDecile: Int?, rurality: String?, contractType: String?, dispensing: String?, address: String?, phone: String?, odsStatus: String?, knownFrom: Day, closedOn: Day?, listSize: Int? = nil, listSizeOn: Day? = nil, weightedListSize: Double? = nil, groups: [GroupKind: String] = [:], federations: [String] = []) {
        self.code = code
        self.name = name
        self.postcode = postcode
        self.latitude = latitude
        self.longitude = longitude
        self.easting = easting
        self.northing = northing
        self.imdScore = imdScore
        self.imdDecile = imdDecile
        self.rurality = rurality
        self.contractType = contractType
        self.dispensing = dispensing
        self.address = address
        self.phone = phone
        self.odsStatus = odsStatus
        self.knownFrom = knownFrom
        self.closedOn = closedOn
        self.listSize = listSize
        self.listSizeOn = listSizeOn
        self.weightedListSize = weightedListSize
        self.groups = groups
        self.federations = federations
    }
}

/// A group as the registry holds it at a date, with its members then.
package struct GroupInfo: Sendable {
    package let code: String
    package let kind: GroupKind
    package let name: String
    package let onsCode: String?
    package let legalForm: LegalForm?
    package let description: String?
    package let validFrom: Day
    package let validTo: Day?
    package let source: String
    package let createdBy: String?
    package var parent: String?
    package var children: [String] = []
    /// Indexes into `RegistryView.practices`.
    package var members: [Int] = []
    package var patients = 0

    package func isOpen(at day: Day) -> Bool { validFrom <= day && (validTo.map { $0 > day } ?? true) }

    package init(code: String, kind: GroupKind, name: String, onsCode: String?, legalForm: LegalForm?, description: String?, validFrom: Day, validTo: Day?, source: String, createdBy: String?, parent: String? = nil, children: [String] = [], members: [Int] = [], patients: Int = 0) {
        self.code = code
        self.kind = kind
        self.name = name
        self.onsCode = onsCode
        self.legalForm = legalForm
        self.description = description
        self.validFrom = validFrom
        self.validTo = validTo
        self.source = source
        self.createdBy = createdBy
        self.parent = parent
        self.children = children
        self.members = members
        self.patients = patients
    }
}

/// Everything the registry pages show, computed once for a date and a registry version and
/// then shared, read-only, by every request for that date.
package struct RegistryView: Sendable {
    package let date: Day
    package let version: Int64
    package let latestSnapshot: Day?
    /// Practices open at the date, in code order.
    package let practices: [PracticeInfo]
    package let index: [String: Int]
    /// Every group ever recorded, with members at the date.
    package let groups: [String: GroupInfo]
    /// Codes of groups with members at the date, by kind, in code order.
    package let active: [GroupKind: [String]]
    package let totalPatients: Int
    /// A silhouette of England from every practice's location, for small maps.
    package let silhouette: Silhouette
    /// Per practice: lower-case name, code and postcode without spaces, as bytes, for search.
    package let searchKeys: [[UInt8]]
    /// Per practice: which letters and digits its search key holds, to skip most practices at once.
    package let searchMasks: [UInt64]
    /// Every open practice's location, for the grey context of maps.
    package let points: [GridPoint]
    /// Per practice: its position when all practices are sorted by name, and by postcode.
    package let nameRank: [Int32]
    package let postcodeRank: [Int32]
    /// The practices and groups at the date as the pure engines take them (assurance, finance),
    /// built once with the view rather than on every request that needs it.
    package let configuration: Configuration

    package func practice(_ code: String) -> PracticeInfo? { index[code].map { practices[$0] } }

    package func members(of group: GroupInfo) -> [PracticeInfo] { group.members.map { practices[$0] } }

    /// The chain of parents of a group, nearest first.
    package func ancestors(of code: String) -> [GroupInfo] {
        var out: [GroupInfo] = []
        var next = groups[code]?.parent
        while let c = next, let g = groups[c], out.count < 6 {
            out.append(g)
            next = g.parent
        }
        return out
    }

    package static func load(date: Day, version: Int64, latestSnapshot: Day?, on db: any SQLDatabase) async throws -> RegistryView {
        let d = date.iso
        let practiceRows = try await db.raw("""
            SELECT * FROM practices WHERE known_from <= \(bind: d) AND (closed_on IS NULL OR closed_on > \(bind: d)) ORDER BY code
            """).all(decoding: PracticeRow.self, with: snakeCaseRows)
        var practices: [PracticeInfo] = []
        practices.reserveCapacity(practiceRows.count)
        var index: [String: Int] = [:]
        for row in practiceRows {
            index[row.code] = practices.count
            practices.append(PracticeInfo(
                code: row.code, name: row.name, postcode: row.postcode, latitude: row.latitude, longitude: row.longitude,
                easting: row.easting, northing: row.northing, imdScore: row.imdScore, imdDecile: row.imdDecile,
                rurality: row.rurality, contractType: row.contractType, dispensing: row.dispensing, address: row.address,
                phone: row.phone, odsStatus: row.odsStatus, knownFrom: try day(row.knownFrom, "practices.known_from"),
                closedOn: try row.closedOn.map { try day($0, "practices.closed_on") }))
        }

        struct Size: Decodable { package let practiceCode: String; package let onDate: String; package let patients: Int; package let weightedPatients: Double? }
        let sizes = try await db.raw("""
            SELECT l.practice_code, l.on_date, l.patients, l.weighted_patients FROM list_sizes l
            WHERE l.on_date = (SELECT MAX(m.on_date) FROM list_sizes m WHERE m.practice_code = l.practice_code AND m.on_date <= \(bind: d))
            """).all(decoding: Size.self, with: snakeCaseRows)
        for s in sizes {
            guard let i = index[s.practiceCode] else { continue }
            // Sizes outside the bounds (stored before imports checked them) count as unknown,
            // so that no total can overflow.
            guard Bounds.practiceListSize.contains(s.patients) else { continue }
            practices[i].listSize = s.patients
            practices[i].listSizeOn = Day(iso: s.onDate)
            practices[i].weightedListSize = Bounds.checked(s.weightedPatients, Bounds.weightedListSize)
        }

        var groups: [String: GroupInfo] = [:]
        for row in try await db.raw("SELECT * FROM organisations").all(decoding: GroupRow.self, with: snakeCaseRows) {
            guard let kind = GroupKind(rawValue: row.kind) else { continue }
            groups[row.code] = GroupInfo(code: row.code, kind: kind, name: row.name, onsCode: row.onsCode,
                                         legalForm: row.legalForm.flatMap(LegalForm.init(rawValue:)),
                                         description: row.description, validFrom: try day(row.validFrom, "organisations.valid_from"),
                                         validTo: try row.validTo.map { try day($0, "organisations.valid_to") }, source: row.source,
                                         createdBy: row.createdBy)
        }
        struct Link: Decodable { package let childCode: String; package let parentCode: String }
        for link in try await db.raw("""
            SELECT child_code, parent_code FROM group_links
            WHERE valid_from <= \(bind: d) AND (valid_to IS NULL OR valid_to > \(bind: d))
            """).all(decoding: Link.self, with: snakeCaseRows) {
            groups[link.childCode]?.parent = link.parentCode
            groups[link.parentCode]?.children.append(link.childCode)
        }
        struct Member: Decodable { package let practiceCode: String; package let groupCode: String; package let kind: String }
        for m in try await db.raw("""
            SELECT practice_code, group_code, kind FROM memberships
            WHERE valid_from <= \(bind: d) AND (valid_to IS NULL OR valid_to > \(bind: d))
            ORDER BY practice_code
            """).all(decoding: Member.self, with: snakeCaseRows) {
            guard let i = index[m.practiceCode], let kind = GroupKind(rawValue: m.kind) else { continue }
            if kind == .federation { practices[i].federations.append(m.groupCode) } else { practices[i].groups[kind] = m.groupCode }
            groups[m.groupCode]?.members.append(i)
            groups[m.groupCode]?.patients += practices[i].listSize ?? 0
        }
        var active: [GroupKind: [String]] = [:]
        for (code, group) in groups where !group.members.isEmpty { active[group.kind, default: []].append(code) }
        for kind in active.keys { active[kind]?.sort() }
        for code in groups.keys { groups[code]?.children.sort() }
        let silhouette = Silhouette(points: practices.compactMap(\.gridPoint))
        let searchKeys = practices.map { p in
            Array("\(p.name) \(p.code) \((p.postcode ?? "").replacingOccurrences(of: " ", with: ""))".lowercased().utf8)
        }
        return RegistryView(date: date, version: version, latestSnapshot: latestSnapshot, practices: practices, index: index,
                            groups: groups, active: active, totalPatients: practices.reduce(0) { $0 + ($1.listSize ?? 0) },
                            silhouette: silhouette, searchKeys: searchKeys, searchMasks: searchKeys.map(characterMask),
                            points: practices.compactMap(\.gridPoint),
                            nameRank: ranks(practices.indices.sorted { (practices[$0].name, practices[$0].code) < (practices[$1].name, practices[$1].code) }),
                            postcodeRank: ranks(practices.indices.sorted {
                                (practices[$0].postcode ?? "\u{10FFFF}", practices[$0].code) < (practices[$1].postcode ?? "\u{10FFFF}", practices[$1].code)
                            }),
                            configuration: configuration(date: date, practices: practices, groups: groups))
    }

    package init(date: Day, version: Int64, latestSnapshot: Day?, practices: [PracticeInfo], index: [String: Int], groups: [String: GroupInfo], active: [GroupKind: [String]], totalPatients: Int, silhouette: Silhouette, searchKeys: [[UInt8]], searchMasks: [UInt64], points: [GridPoint], nameRank: [Int32], postcodeRank: [Int32], configuration: Configuration) {
        self.date = date
        self.version = version
        self.latestSnapshot = latestSnapshot
        self.practices = practices
        self.index = index
        self.groups = groups
        self.active = active
        self.totalPatients = totalPatients
        self.silhouette = silhouette
        self.searchKeys = searchKeys
        self.searchMasks = searchMasks
        self.points = points
        self.nameRank = nameRank
        self.postcodeRank = postcodeRank
        self.configuration = configuration
    }
}

/// One bit for each letter and digit that occurs in `bytes` (lower-case ASCII).
package func characterMask(_ bytes: [UInt8]) -> UInt64 {
    var mask: UInt64 = 0
    for b in bytes {
        if b >= 97 && b <= 122 { mask |= 1 << UInt64(b - 97) } else if b >= 48 && b <= 57 { mask |= 1 << UInt64(26 + b - 48) }
    }
    return mask
}

/// Turns an order of indices into each index's rank.
private func ranks(_ order: [Int]) -> [Int32] {
    var rank = [Int32](repeating: 0, count: order.count)
    for (position, i) in order.enumerated() { rank[i] = Int32(position) }
    return rank
}

/// Keeps the registry views of recently asked-for dates, for the registry version they were
/// built from. The version (one indexed row) is read again when the last reading is older than
/// `checkInterval`, so a change made through another application instance is seen within that
/// interval; a change made through this instance clears the cache at once.
package final class RegistryCache: Sendable {
    private struct Entry {
        package let version: Int64
        package let task: Task<RegistryView, any Error>
    }

    private struct State {
        package var entries: [Day: Entry] = [:]
        package var order: [Day] = []
        package var checked: (at: UInt64, version: Int64, latest: Day?)?
    }

    private let state = NIOLockedValueBox(State())
    private let capacity: Int
    private let checkInterval: UInt64

    package init(capacity: Int = 8, checkInterval: TimeInterval) {
        self.capacity = capacity
        self.checkInterval = UInt64(max(checkInterval, 0) * 1_000_000_000)
    }

    package struct Version: Decodable { package let version: Int64; package let latestSnapshot: String? 

package init(version: Int64, latestSnapshot: String?) {
    self.version = version
    self.latestSnapshot = latestSnapshot
}}

    package func view(at date: Day, on db: any SQLDatabase) async throws -> RegistryView {
        let now = DispatchTime.now().uptimeNanoseconds
        let interval = checkInterval
        var known = state.withLockedValue { s in s.checked.flatMap { now &- $0.at < interval ? ($0.version, $0.latest) : nil } }
        if known == nil {
            let row = try await db.raw("SELECT version, latest_snapshot FROM registry_state WHERE id = 1")
                .first(decoding: Version.self, with: snakeCaseRows) ?? Version(version: 0, latestSnapshot: nil)
            let latest = row.latestSnapshot.flatMap(Day.init(iso:))
            known = (row.version, latest)
            state.withLockedValue { $0.checked = (now, row.version, latest) }
        }
        let (version, latest) = known!
        let capacity = self.capacity
        let task: Task<RegistryView, any Error> = state.withLockedValue { s in
            if let entry = s.entries[date], entry.version == version { return entry.task }
            let task = Task { try await RegistryView.load(date: date, version: version, latestSnapshot: latest, on: db) }
            s.entries[date] = Entry(version: version, task: task)
            s.order.removeAll { $0 == date }
            s.order.append(date)
            if s.order.count > capacity { s.entries[s.order.removeFirst()] = nil }
            return task
        }
        do {
            return try await task.value
        } catch {
            state.withLockedValue { s in if s.entries[date]?.version == version { s.entries[date] = nil } }
            throw error
        }
    }

    package func clear() { state.withLockedValue { $0 = State() } }
}

extension RegistryView {
    /// The practices and groups at a date, for the pure engines.
    package static func configuration(date: Day, practices: [PracticeInfo], groups: [String: GroupInfo]) -> Configuration {
        let practices = practices.map { p in
            Configuration.Practice(code: p.code, name: p.name, point: p.easting.flatMap { e in p.northing.map { (x: e, y: $0) } },
                                   listSize: p.listSize ?? 0, imdScore: p.imdScore, imdDecile: p.imdDecile)
        }
        let groups = groups.values.filter { !$0.members.isEmpty }.sorted { $0.code < $1.code }.map { g in
            Configuration.Group(code: g.code, name: g.name, kind: g.kind, parent: g.parent, members: g.members)
        }
        return Configuration(date: date, practices: practices, groups: groups)
    }
}
