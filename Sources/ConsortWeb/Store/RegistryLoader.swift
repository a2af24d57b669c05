import Charts
import ConsortCore
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Reading the registry at a date from the database.
extension RegistryView {
    package static func load(date: Day, version: Int64, latestSnapshot: Day?, on db: any SQLDatabase) async throws
        -> RegistryView
    {
        let d = date.iso
        let practiceRows = try await db.raw(
            """
            SELECT * FROM practices WHERE known_from <= \(bind: d) AND (closed_on IS NULL OR closed_on > \(bind: d)) \
            ORDER BY code
            """
        ).all(decoding: PracticeRow.self, with: snakeCaseRows)
        let names = try await namesAt(d, on: db)
        var practices: [PracticeInfo] = []
        practices.reserveCapacity(practiceRows.count)
        var index: [String: Int] = [:]
        for row in practiceRows {
            index[row.code] = practices.count
            practices.append(
                PracticeInfo(
                    code: row.code, name: names[row.code] ?? row.name, postcode: row.postcode, latitude: row.latitude,
                    longitude: row.longitude,
                    easting: row.easting, northing: row.northing, imdScore: row.imdScore, imdDecile: row.imdDecile,
                    rurality: row.rurality, contractType: row.contractType, dispensing: row.dispensing,
                    address: row.address,
                    phone: row.phone, odsStatus: row.odsStatus,
                    knownFrom: try day(row.knownFrom, "practices.known_from"),
                    closedOn: try row.closedOn.map { try day($0, "practices.closed_on") }))
        }

        struct Size: Decodable {
            package let practiceCode: String
            package let onDate: String
            package let patients: Int
            package let weightedPatients: Double?
        }
        let sizes = try await db.raw(
            """
            SELECT l.practice_code, l.on_date, l.patients, l.weighted_patients FROM list_sizes l
            WHERE l.on_date = (SELECT MAX(m.on_date) FROM list_sizes m WHERE m.practice_code = l.practice_code AND \
            m.on_date <= \(bind: d))
            """
        ).all(decoding: Size.self, with: snakeCaseRows)
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
            groups[row.code] = GroupInfo(
                code: row.code, kind: kind, name: names[row.code] ?? row.name, onsCode: row.onsCode,
                legalForm: row.legalForm.flatMap(LegalForm.init(rawValue:)),
                description: row.description, validFrom: try day(row.validFrom, "organisations.valid_from"),
                validTo: try row.validTo.map { try day($0, "organisations.valid_to") }, source: row.source,
                createdBy: row.createdBy)
        }
        struct GroupSize: Decodable {
            let groupCode: String
            let onDate: String
            let patients: Int
            let source: String
        }
        let groupSizes = try await db.raw(
            """
            SELECT g.group_code, g.on_date, g.patients, g.source FROM group_sizes g
            WHERE g.on_date = (SELECT MAX(m.on_date) FROM group_sizes m WHERE m.group_code = g.group_code AND \
            m.on_date <= \(bind: d))
            """
        ).all(decoding: GroupSize.self, with: snakeCaseRows)
        for size in groupSizes {
            guard let on = Day(iso: size.onDate), Bounds.groupListSize.contains(size.patients) else { continue }
            groups[size.groupCode]?.published = .init(patients: size.patients, on: on, source: size.source)
        }
        let links = try await db.raw(
            """
            SELECT child_code, parent_code FROM group_links
            WHERE valid_from <= \(bind: d) AND (valid_to IS NULL OR valid_to > \(bind: d))
            """
        ).all(decoding: Link.self, with: snakeCaseRows)
        let memberships = try await db.raw(
            """
            SELECT practice_code, group_code, kind FROM memberships
            WHERE valid_from <= \(bind: d) AND (valid_to IS NULL OR valid_to > \(bind: d))
            ORDER BY practice_code
            """
        ).all(decoding: Member.self, with: snakeCaseRows)
        // The memberships at the date come from the latest complete snapshot on or before it:
        // list sizes older than that snapshot are stale.
        struct Snapshot: Decodable { let on: String? }
        let snapshot = try await db.raw(
            """
            SELECT MAX(extract_date) AS "on" FROM imports
            WHERE format IN ('consort', 'map', 'totals') AND extract_date <= \(bind: d)
            """
        ).first(decoding: Snapshot.self)
        return assemble(
            date: date, version: version, latestSnapshot: latestSnapshot,
            membershipsOn: snapshot?.on.flatMap(Day.init(iso:)), practices: practices,
            groups: Array(groups.values), links: links, memberships: memberships)
    }
}

/// A `former_names` row: a name a practice or group carried until `validTo`.
package struct FormerNameRow: Decodable, Sendable {
    package let code: String
    package let name: String
    package let validTo: String
}

extension RegistryView {
    /// The names practices and groups had at a date, where it differs from their current name:
    /// for each code, the former name whose period holds the date (the earliest one ending
    /// after it).
    package static func namesAt(_ date: String, on db: any SQLDatabase) async throws -> [String: String] {
        let rows = try await db.raw(
            "SELECT code, name, valid_to FROM former_names WHERE valid_to > \(bind: date) ORDER BY code, valid_to"
        ).all(decoding: FormerNameRow.self, with: snakeCaseRows)
        var names: [String: String] = [:]
        for row in rows where names[row.code] == nil { names[row.code] = row.name }
        return names
    }
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

    package struct Version: Decodable {
        package let version: Int64
        package let latestSnapshot: String?

        package init(version: Int64, latestSnapshot: String?) {
            self.version = version
            self.latestSnapshot = latestSnapshot
        }
    }

    package func view(at date: Day, on db: any SQLDatabase) async throws -> RegistryView {
        let now = DispatchTime.now().uptimeNanoseconds
        let interval = checkInterval
        var known = state.withLockedValue { s in
            s.checked.flatMap { now &- $0.at < interval ? ($0.version, $0.latest) : nil }
        }
        if known == nil {
            let row =
                try await db.raw("SELECT version, latest_snapshot FROM registry_state WHERE id = 1")
                .first(decoding: Version.self, with: snakeCaseRows) ?? Version(version: 0, latestSnapshot: nil)
            let latest = row.latestSnapshot.flatMap(Day.init(iso:))
            known = (row.version, latest)
            state.withLockedValue { $0.checked = (now, row.version, latest) }
        }
        let (version, latest) = known!
        let capacity = self.capacity
        let task: Task<RegistryView, any Error> = state.withLockedValue { s in
            if let entry = s.entries[date], entry.version == version { return entry.task }
            let task = Task {
                try await RegistryView.load(date: date, version: version, latestSnapshot: latest, on: db)
            }
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
