import ConsortCore
import Foundation

/// Reads a dataset directory in Consort's own layout (the shipped `data/` folder):
/// `regions.csv`, `stps.csv`, `ccgs.csv`, `pcns.csv` and `practices.csv`, described in
/// `data/README.md`. The directory's date comes from its `EXTRACT_DATE` file (one ISO date) or
/// from the caller.
public enum ConsortLayoutReader {
    public static let fileNames = ["regions.csv", "stps.csv", "ccgs.csv", "pcns.csv", "practices.csv"]

    /// Whether `url` is a directory holding the layout's practice file.
    public static func looksLikeLayout(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent("practices.csv").path)
    }

    /// The date recorded in the directory's `EXTRACT_DATE` file, if it has one.
    public static func recordedDate(in directory: URL) throws(ImportFailure) -> Day? {
        let url = directory.appendingPathComponent("EXTRACT_DATE")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let day = Day(iso: trimmed) else {
            throw ImportFailure(
                ImportIssue(
                    file: "EXTRACT_DATE", line: 1, column: nil,
                    reason: "'\(trimmed)' is not a date in the form YYYY-MM-DD"))
        }
        return day
    }

    public static func read(directory: URL, date explicitDate: Day?) throws(ImportFailure) -> Snapshot {
        var log = IssueLog()
        for name in fileNames where !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path)
        {
            log.add(
                name, 0, nil,
                "is missing from \(directory.lastPathComponent)/; a Consort dataset directory holds "
                    + "\(fileNames.joined(separator: ", "))"
            )
        }
        try log.check()
        let recorded = try recordedDate(in: directory)
        guard let date = explicitDate ?? recorded else {
            throw ImportFailure(
                ImportIssue(
                    file: directory.lastPathComponent, line: 0, column: nil,
                    reason:
                        "the dataset's date is unknown: pass --date YYYY-MM-DD or add an EXTRACT_DATE file holding the "
                        + "date"
                ))
        }

        var groups: [GroupRecord] = []
        var known: [GroupKind: [String: Int]] = [:]

        func readGroups(
            _ fileName: String, kind: GroupKind, code: String, name: String, ons: String?,
            parent: (column: String, kind: GroupKind)?
        ) throws(ImportFailure) {
            let table = try Table.read(directory.appendingPathComponent(fileName))
            var columns = [[code], [name]]
            if let ons { columns.append([ons]) }
            if let parent { columns.append([parent.column]) }
            let idx = table.require(columns, log: &log)
            guard !idx.contains(-1) else { return }
            var duplicates = DuplicateCheck()
            for row in table.rows {
                guard table.checkWidth(row, log: &log) else { continue }
                let codeField = table.field(row, idx[0])
                guard let value = codeField.code(&log, kind: kind),
                    duplicates.check(value, file: table.file, line: row.line, column: code, log: &log)
                else { continue }
                var record = GroupRecord(kind: kind, code: value, name: table.field(row, idx[1]).required(&log))
                if ons != nil { record.onsCode = table.field(row, idx[2]).text }
                if let parent {
                    let parentField = table.field(row, idx[ons == nil ? 2 : 3])
                    if let parentCode = parentField.code(&log, kind: parent.kind) {
                        if known[parent.kind]?[parentCode] == nil {
                            log.add(
                                table.file, row.line, parent.column,
                                "'\(parentCode)' is not in \(parentFile(parent.kind)); every "
                                    + "\(kind.singular.lowercased()) must belong to a listed "
                                    + "\(parent.kind.singular.lowercased())"
                            )
                        }
                        record.parent = parentCode
                    }
                }
                known[kind, default: [:]][value] = row.line
                groups.append(record)
            }
        }
        func parentFile(_ kind: GroupKind) -> String {
            switch kind {
            case .region: return "regions.csv"
            case .icb: return "stps.csv"
            case .consortium: return "ccgs.csv"
            default: return "pcns.csv"
            }
        }

        try readGroups(
            "regions.csv", kind: .region, code: "region_code", name: "region_name", ons: "ons_region_code", parent: nil)
        try readGroups(
            "stps.csv", kind: .icb, code: "stp_code", name: "stp_name", ons: "ons_stp_code",
            parent: ("region_code", .region))
        try readGroups(
            "ccgs.csv", kind: .consortium, code: "ccg_code", name: "ccg_name", ons: "ons_ccg_code",
            parent: ("stp_code", .icb))
        try readGroups(
            "pcns.csv", kind: .network, code: "pcn_code", name: "pcn_name", ons: nil, parent: ("ccg_code", .consortium))

        let table = try Table.read(directory.appendingPathComponent("practices.csv"))
        let names = [
            "practice_code", "practice_name", "postcode", "latitude", "longitude", "easting", "northing",
            "coord_source", "list_size", "pcn_code", "ccg_code", "stp_code", "region_code", "imd_2019_score",
            "imd_2019_decile", "rurality", "contract_type", "dispensing", "weighted_list_size",
        ]
        let idx = table.require(names.map { [$0] }, log: &log)
        try log.check()
        var practices: [PracticeRecord] = []
        practices.reserveCapacity(table.rows.count)
        var duplicates = DuplicateCheck()
        for row in table.rows {
            guard table.checkWidth(row, log: &log) else { continue }
            func f(_ i: Int) -> Field { table.field(row, idx[i]) }
            // Every field is checked even when the code is bad, so one pass reports all problems.
            let code = f(0).code(&log, kind: nil)
            var p = PracticeRecord(code: code ?? "", line: row.line)
            p.name = f(1).required(&log)
            p.postcode = f(2).text
            p.latitude = f(3).decimal(&log, range: 49...61)
            p.longitude = f(4).decimal(&log, range: -9...3)
            p.easting = f(5).wholeNumber(&log, required: false, range: Bounds.easting, what: "metres")
            p.northing = f(6).wholeNumber(&log, required: false, range: Bounds.northing, what: "metres")
            p.coordSource = f(7).text
            p.listSize = f(8).wholeNumber(&log, range: Bounds.practiceListSize)
            p.imdScore = f(13).decimal(&log, range: 0...100)
            p.imdDecile = f(14).wholeNumber(&log, required: false, range: 1...10, what: "deciles")
            p.rurality = f(15).text
            p.contractType = f(16).text
            p.dispensing = f(17).text
            p.weightedListSize = f(18).decimal(&log, range: Bounds.weightedListSize)
            let levels: [(Int, GroupKind)] = [(12, .region), (11, .icb), (10, .consortium), (9, .network)]
            for (i, kind) in levels {
                let field = f(i)
                let code = field.code(&log, kind: kind, required: kind != .network)
                if let code, known[kind]?[code] == nil {
                    log.add(
                        table.file, row.line, field.name,
                        "'\(code)' is not in \(parentFile(kind)) (unknown group); add it there or correct the code")
                }
                p.memberships.append(MembershipClaim(kind: kind, code: code, column: field.name))
            }
            guard let code, duplicates.check(code, file: table.file, line: row.line, column: "practice_code", log: &log)
            else { continue }
            practices.append(p)
        }
        try log.check()
        return Snapshot(
            format: .consort, files: fileNames, date: date, isComplete: true,
            kinds: GroupKind.nhsLevels, practices: practices, groups: groups)
    }
}
