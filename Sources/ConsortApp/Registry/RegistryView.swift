import Charts
import ConsortCore
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// A practice as the registry holds it at a date.
struct PracticeInfo: Sendable {
    let code: String
    let name: String
    let postcode: String?
    let latitude: Double?
    let longitude: Double?
    let easting: Int?
    let northing: Int?
    let imdScore: Double?
    let imdDecile: Int?
    let rurality: String?
    let contractType: String?
    let dispensing: String?
    let address: String?
    let phone: String?
    let odsStatus: String?
    let knownFrom: Day
    let closedOn: Day?
    var listSize: Int?
    var listSizeOn: Day?
    var weightedListSize: Double?
    /// The practice's NHS groups at the date, by kind.
    var groups: [GroupKind: String] = [:]
    var federations: [String] = []

    var gridPoint: GridPoint? {
        guard let easting, let northing else { return nil }
        return GridPoint(easting: Double(easting), northing: Double(northing))
    }
}

/// A group as the registry holds it at a date, with its members then.
struct GroupInfo: Sendable {
    let code: String
    let kind: GroupKind
    let name: String
    let onsCode: String?
    let legalForm: LegalForm?
    let description: String?
    let validFrom: Day
    let validTo: Day?
    let source: String
    let createdBy: String?
    var parent: String?
    var children: [String] = []
    /// Indexes into `RegistryView.practices`.
    var members: [Int] = []
    var patients = 0

    func isOpen(at day: Day) -> Bool { validFrom <= day && (validTo.map { $0 > day } ?? true) }
}

/// Everything the registry pages show, computed once for a date and a registry version and
/// then shared, read-only, by every request for that date.
struct RegistryView: Sendable {
    let date: Day
    let version: Int64
    let latestSnapshot: Day?
    /// Practices open at the date, in code order.
    let practices: [PracticeInfo]
    let index: [String: Int]
    /// Every group ever recorded, with members at the date.
    let groups: [String: GroupInfo]
    /// Codes of groups with members at the date, by kind, in code order.
    let active: [GroupKind: [String]]
    let totalPatients: Int
    /// A silhouette of England from every practice's location, for small maps.
    let silhouette: Silhouette
    /// Per practice: lower-case name, code and postcode without spaces, as bytes, for search.
    let searchKeys: [[UInt8]]
    /// Per practice: which letters and digits its search key holds, to skip most practices at once.
    let searchMasks: [UInt64]
    /// Every open practice's location, for the grey context of maps.
    let points: [GridPoint]
    /// Per practice: its position when all practices are sorted by name, and by postcode.
    let nameRank: [Int32]
    let postcodeRank: [Int32]
    /// The practices and groups at the date as the pure engines take them (assurance, finance),
    /// built once with the view rather than on every request that needs it.
    let configuration: Configuration

    func practice(_ code: String) -> PracticeInfo? { index[code].map { practices[$0] } }

    func members(of group: GroupInfo) -> [PracticeInfo] { group.members.map { practices[$0] } }

    /// The chain of parents of a group, nearest first.
    func ancestors(of code: String) -> [GroupInfo] {
        var out: [GroupInfo] = []
        var next = groups[code]?.parent
        while let c = next, let g = groups[c], out.count < 6 {
            out.append(g)
            next = g.parent
        }
        return out
    }

    static func load(date: Day, version: Int64, latestSnapshot: Day?, on db: any SQLDatabase) async throws -> RegistryView {
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

        struct Size: Decodable { let practiceCode: String; let onDate: String; let patients: Int; let weightedPatients: Double? }
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
        struct Link: Decodable { let childCode: String; let parentCode: String }
        for link in try await db.raw("""
            SELECT child_code, parent_code FROM group_links
            WHERE valid_from <= \(bind: d) AND (valid_to IS NULL OR valid_to > \(bind: d))
            """).all(decoding: Link.self, with: snakeCaseRows) {
            groups[link.childCode]?.parent = link.parentCode
            groups[link.parentCode]?.children.append(link.childCode)
        }
        struct Member: Decodable { let practiceCode: String; let groupCode: String; let kind: String }
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
}

/// One bit for each letter and digit that occurs in `bytes` (lower-case ASCII).
func characterMask(_ bytes: [UInt8]) -> UInt64 {
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
final class RegistryCache: Sendable {
    private struct Entry {
        let version: Int64
        let task: Task<RegistryView, any Error>
    }

    private struct State {
        var entries: [Day: Entry] = [:]
        var order: [Day] = []
        var checked: (at: UInt64, version: Int64, latest: Day?)?
    }

    private let state = NIOLockedValueBox(State())
    private let capacity: Int
    private let checkInterval: UInt64

    init(capacity: Int = 8, checkInterval: TimeInterval) {
        self.capacity = capacity
        self.checkInterval = UInt64(max(checkInterval, 0) * 1_000_000_000)
    }

    struct Version: Decodable { let version: Int64; let latestSnapshot: String? }

    func view(at date: Day, on db: any SQLDatabase) async throws -> RegistryView {
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

    func clear() { state.withLockedValue { $0 = State() } }
}

extension RegistryView {
    /// The practices and groups at a date, for the pure engines.
    static func configuration(date: Day, practices: [PracticeInfo], groups: [String: GroupInfo]) -> Configuration {
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
