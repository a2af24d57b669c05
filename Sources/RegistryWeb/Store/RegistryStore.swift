import ConsortCore
import ConsortWeb
import Fluent
import Foundation
import Importers
import SQLKit

/// Reads the registry for imports and writes import plans, each import in one transaction.
public enum RegistryStore {
    /// The outcome of an import.
    public struct Outcome: Sendable {
        public let report: ChangeReport
        /// The `imports` row id, nil for a dry run.
        public let importID: Int64?

        package init(report: ChangeReport, importID: Int64?) {
            self.report = report
            self.importID = importID
        }
    }

    /// Imports a snapshot: loads the registry inside a write transaction, plans the changes,
    /// writes them with an audit entry, and bumps the registry version, or with `dryRun`
    /// rolls everything back and only reports.
    public static func importSnapshot(
        _ snapshot: Snapshot, options: ImportOptions, actor: String,
        dryRun: Bool = false, on database: any Database
    ) async throws -> Outcome {
        struct DryRun: Error { package let report: ChangeReport }
        do {
            return try await Store.write(database) { db in
                // Lock the registry row first: concurrent imports (or two instances loading the
                // data at first start) run one after the other, each seeing the other's result.
                try await db.raw("UPDATE registry_state SET version = version WHERE id = 1").run()
                let state = try await loadState(db)
                let plan = try ImportPlanner.plan(snapshot, against: state, options: options)
                // A file that changes nothing leaves no trace: no import row, no audit entry.
                if plan.report.isEmpty { return Outcome(report: plan.report, importID: nil) }
                let id = try await apply(plan, snapshot: snapshot, actor: AuditLog.Actor(description: actor), on: db)
                if dryRun { throw DryRun(report: plan.report) }
                return Outcome(report: plan.report, importID: id)
            }
        } catch let dry as DryRun {
            return Outcome(report: dry.report, importID: nil)
        }
    }

    /// Whether the registry holds no practices yet.
    public static func isEmpty(_ database: any Database) async throws -> Bool {
        struct Count: Decodable { package let n: Int }
        let n =
            try await Store.sql(database).raw("SELECT COUNT(*) AS n FROM practices").first(decoding: Count.self)?.n ?? 0
        return n == 0
    }

    package static func loadState(_ db: any SQLDatabase) async throws -> RegistryState {
        var state = RegistryState()
        struct Meta: Decodable { package let latestSnapshot: String? }
        if let meta = try await db.raw("SELECT latest_snapshot FROM registry_state WHERE id = 1").first(
            decoding: Meta.self, with: snakeCaseRows),
            let latest = meta.latestSnapshot
        {
            state.latestSnapshot = try day(latest, "registry_state.latest_snapshot")
        }
        let practices = try await db.raw("SELECT * FROM practices").all(decoding: PracticeRow.self, with: snakeCaseRows)
        for row in practices {
            state.practices[row.code] = .init(
                record: row.record, knownFrom: try day(row.knownFrom, "practices.known_from (\(row.code))"),
                closedOn: try row.closedOn.map { try day($0, "practices.closed_on (\(row.code))") })
        }
        let groups = try await db.raw("SELECT * FROM organisations").all(decoding: GroupRow.self, with: snakeCaseRows)
        for row in groups {
            guard let kind = GroupKind(rawValue: row.kind) else { continue }
            state.groups[row.code] = .init(
                kind: kind, code: row.code, name: row.name, onsCode: row.onsCode,
                validFrom: try day(row.validFrom, "organisations.valid_from"),
                validTo: try row.validTo.map { try day($0, "organisations.valid_to") })
        }
        let links = try await db.raw(
            "SELECT child_code, parent_code, valid_from, valid_to FROM group_links WHERE valid_to IS NULL"
        )
        .all(decoding: LinkRow.self, with: snakeCaseRows)
        for link in links { state.groups[link.childCode]?.parent = link.parentCode }
        let memberships = try await db.raw(
            """
            SELECT id, practice_code, group_code, kind, valid_from, valid_to, source FROM memberships
            WHERE valid_to IS NULL AND kind <> 'federation'
            """
        ).all(decoding: MembershipRow.self, with: snakeCaseRows)
        for m in memberships {
            guard let kind = GroupKind(rawValue: m.kind) else { continue }
            state.memberships[m.practiceCode, default: [:]][kind] = .init(
                group: m.groupCode, from: try day(m.validFrom, "memberships.valid_from"))
        }
        let sizes = try await db.raw(
            "SELECT practice_code, on_date, patients, weighted_patients FROM list_sizes ORDER BY on_date"
        )
        .all(decoding: ListSizeRow.self, with: snakeCaseRows)
        for s in sizes {
            state.listSizes[s.practiceCode, default: []].append(
                .init(
                    on: try day(s.onDate, "list_sizes.on_date"), patients: s.patients,
                    weighted: s.weightedPatients))
        }
        struct GroupSize: Decodable {
            let groupCode: String
            let onDate: String
            let patients: Int
        }
        let groupSizes = try await db.raw("SELECT group_code, on_date, patients FROM group_sizes")
            .all(decoding: GroupSize.self, with: snakeCaseRows)
        for size in groupSizes {
            state.groupSizes[size.groupCode, default: [:]][try day(size.onDate, "group_sizes.on_date")] = size.patients
        }
        return state
    }

    /// Writes a plan. Must run inside a write transaction.
    package static func apply(_ plan: ImportPlan, snapshot: Snapshot, actor: AuditLog.Actor, on db: any SQLDatabase)
        async throws -> Int64
    {
        // Groups first: memberships refer to them.
        try await Store.insert(
            into: "organisations",
            columns: ["code", "kind", "name", "ons_code", "valid_from", "source"],
            rows: plan.newGroups.map { [$0.code, $0.kind.rawValue, $0.name, $0.onsCode, $0.validFrom.iso, "nhs"] },
            on: db)
        for group in plan.updatedGroups {
            try await db.raw(
                "UPDATE organisations SET name = \(bind: group.name), ons_code = \(bind: group.onsCode) WHERE code = "
                    + "\(bind: group.code)"
            ).run()
        }
        for code in plan.reopenedGroups {
            try await db.raw("UPDATE organisations SET valid_to = NULL WHERE code = \(bind: code)").run()
        }
        for link in plan.groupLinks {
            try await db.raw(
                "UPDATE group_links SET valid_to = \(bind: link.from.iso) WHERE child_code = \(bind: link.child) AND "
                    + "valid_to IS NULL"
            ).run()
        }
        try await Store.insert(
            into: "group_links", columns: ["child_code", "parent_code", "valid_from"],
            rows: plan.groupLinks.compactMap { link in link.parent.map { [link.child, $0, link.from.iso] } },
            on: db)

        try await Store.insert(
            into: "practices", columns: PracticeRow.columns,
            rows: plan.newPractices.map {
                PracticeRow(record: $0.record, knownFrom: $0.knownFrom, closedOn: nil).values
            },
            on: db)
        for record in plan.updatedPractices {
            let row = PracticeRow(record: record, knownFrom: Day(ordinal: 0), closedOn: nil)
            try await db.raw(
                """
                UPDATE practices SET name = \(bind: row.name), postcode = \(bind: row.postcode), latitude = \
                \(bind: row.latitude),
                longitude = \(bind: row.longitude), easting = \(bind: row.easting), northing = \(bind: row.northing),
                coord_source = \(bind: row.coordSource), imd_score = \(bind: row.imdScore), imd_decile = \
                \(bind: row.imdDecile),
                rurality = \(bind: row.rurality), contract_type = \(bind: row.contractType), dispensing = \
                \(bind: row.dispensing),
                address = \(bind: row.address), phone = \(bind: row.phone), ods_opened_on = \(bind: row.odsOpenedOn),
                ods_closed_on = \(bind: row.odsClosedOn), ods_status = \(bind: row.odsStatus)
                WHERE code = \(bind: row.code)
                """
            ).run()
        }
        for (code, _) in plan.reopenings {
            try await db.raw("UPDATE practices SET closed_on = NULL WHERE code = \(bind: code)").run()
        }
        for end in plan.membershipEnds {
            try await db.raw(
                """
                UPDATE memberships SET valid_to = \(bind: end.on.iso)
                WHERE practice_code = \(bind: end.practice) AND kind = \(bind: end.kind.rawValue) AND valid_to IS NULL
                """
            ).run()
        }
        for (code, on) in plan.closures {
            try await db.raw("UPDATE practices SET closed_on = \(bind: on.iso) WHERE code = \(bind: code)").run()
            // A closed practice leaves every group, federations included.
            try await db.raw(
                """
                UPDATE memberships SET valid_to = \(bind: on.iso)
                WHERE practice_code = \(bind: code) AND (valid_to IS NULL OR valid_to > \(bind: on.iso))
                """
            ).run()
        }
        // A membership corrected on the day it began never held: remove it rather than keep an empty period.
        try await db.raw("DELETE FROM memberships WHERE valid_to IS NOT NULL AND valid_to <= valid_from").run()
        try await db.raw("DELETE FROM group_links WHERE valid_to IS NOT NULL AND valid_to <= valid_from").run()

        let source = snapshot.format.rawValue
        try await Store.insert(
            into: "memberships", columns: ["practice_code", "group_code", "kind", "valid_from", "source"],
            rows: plan.membershipStarts.map { [$0.practice, $0.group, $0.kind.rawValue, $0.from.iso, source] },
            on: db)
        for (code, on) in plan.groupClosures {
            try await db.raw("UPDATE organisations SET valid_to = \(bind: on.iso) WHERE code = \(bind: code)").run()
            try await db.raw(
                "UPDATE group_links SET valid_to = \(bind: on.iso) WHERE child_code = \(bind: code) AND valid_to IS "
                    + "NULL"
            ).run()
        }

        if !plan.listSizes.isEmpty {
            let dates = Set(plan.listSizes.map(\.on))
            for date in dates {
                let codes = plan.listSizes.filter { $0.on == date }.map(\.practice)
                var start = 0
                while start < codes.count {
                    let chunk = Array(codes[start..<min(start + 10_000, codes.count)])
                    try await db.raw(
                        "DELETE FROM list_sizes WHERE on_date = \(bind: date.iso) AND practice_code IN "
                            + "(\(binds: chunk))"
                    ).run()
                    start += chunk.count
                }
            }
            try await Store.insert(
                into: "list_sizes", columns: ["practice_code", "on_date", "patients", "weighted_patients"],
                rows: plan.listSizes.map { [$0.practice, $0.on.iso, $0.patients, $0.weighted] }, on: db)
        }

        for date in Set(plan.groupSizes.map(\.on)) {
            let codes = plan.groupSizes.filter { $0.on == date }.map(\.group)
            try await db.raw(
                "DELETE FROM group_sizes WHERE on_date = \(bind: date.iso) AND group_code IN (\(binds: codes))"
            ).run()
        }
        try await Store.insert(
            into: "group_sizes", columns: ["group_code", "on_date", "patients", "source"],
            rows: plan.groupSizes.map { [$0.group, $0.on.iso, $0.patients, $0.source] }, on: db)
        try await Store.insert(
            into: "former_names", columns: ["code", "name", "valid_to"],
            rows: plan.formerNames.map { [$0.code, $0.name, $0.validTo.iso] }, on: db)

        struct Summary: Encodable {
            package let format: String, files: [String], date: String?, practicesInFile: Int
            package let opened: Int, reopened: Int, closed: Int, moved: Int, largeListSizeChanges: Int,
                listSizesRecorded: Int
            package let detailsUpdated: Int, groupsCreated: Int, groupsRenamed: Int, groupsClosed: Int
            package let practicesRenamed: Int, groupTotalsRecorded: Int
        }
        let r = plan.report
        let summary = Summary(
            format: r.format.rawValue, files: r.files, date: r.date?.iso, practicesInFile: r.practicesInFile,
            opened: r.opened.count, reopened: r.reopened.count, closed: r.closed.count,
            moved: Set(r.moved.map(\.code)).count,
            largeListSizeChanges: r.listSizeChanges.count, listSizesRecorded: r.listSizesRecorded,
            detailsUpdated: r.detailsUpdated, groupsCreated: r.groupsCreated.count,
            groupsRenamed: r.groupsRenamed.count, groupsClosed: r.groupsClosed.count,
            practicesRenamed: r.practicesRenamed?.count ?? 0, groupTotalsRecorded: r.groupTotalsRecorded ?? 0)
        let now = Date()
        struct ID: Decodable { package let id: Int64 }
        let inserted = try await db.raw(
            """
            INSERT INTO imports (format, files, extract_date, imported_at, actor, report)
            VALUES (\(bind: r.format.rawValue), \(bind: r.files.joined(separator: ", ")), \(bind: r.date?.iso),
                    \(bind: AuditChain.timestamp(now)), \(bind: actor.description), \(bind: try AuditLog.json(r)))
            RETURNING id
            """
        ).first(decoding: ID.self)
        let importID = inserted?.id ?? 0
        try await AuditLog.append(
            on: db, actor: actor, action: "registry.import", entity: "import", entityID: String(importID),
            after: summary, now: now)
        try await RegistryVersion.bump(db, latestSnapshot: plan.snapshotDate)
        return importID
    }

}
