import ConsortCore
import Foundation

/// Reads a dataset directory in Consort's own layout (the shipped `data/` folder):
/// `regions.csv`, `stps.csv`, `ccgs.csv`, `pcns.csv` and `practices.csv`, described in
/// `data/README.md`. The directory's date comes from its `EXTRACT_DATE` file (one ISO date) or
/// from the caller.
public enum ConsortLayoutReader {
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

    /// The group files, largest level first: each file's kind, code, name and ONS columns, and the
    /// column naming its parent.
    public static let levels:
        [(file: String, kind: GroupKind, code: String, name: String, ons: String?, parent: String?)] = [
            ("regions.csv", .region, "region_code", "region_name", "ons_region_code", nil),
            ("stps.csv", .icb, "stp_code", "stp_name", "ons_stp_code", "region_code"),
            ("ccgs.csv", .consortium, "ccg_code", "ccg_name", "ons_ccg_code", "stp_code"),
            ("pcns.csv", .network, "pcn_code", "pcn_name", nil, "ccg_code"),
        ]

    public static func file(of kind: GroupKind) -> String {
        levels.first { $0.kind == kind }?.file ?? "practices.csv"
    }

    /// Reads the directory. Only `practices.csv` is required: a level that did not exist at the
    /// dataset's date (no STPs before 2016, no PCNs before 2019) is left out by leaving its file
    /// out, leaving it with a header and no rows, or leaving its column empty; the levels present
    /// are read and checked as usual. A group file's `list_size` is the group's published total.
    public static func read(directory: URL, date explicitDate: Day?) throws(ImportFailure) -> Snapshot {
        let practicesURL = directory.appendingPathComponent("practices.csv")
        guard FileManager.default.fileExists(atPath: practicesURL.path) else {
            throw ImportFailure(
                ImportIssue(
                    file: "practices.csv", line: 0, column: nil,
                    reason:
                        "is missing from \(directory.lastPathComponent)/; a Consort dataset directory holds "
                        + "practices.csv and, for each level in the data, \(levels.map(\.file).joined(separator: ", "))"
                ))
        }
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
        var log = IssueLog()
        var groups: [GroupRecord] = []
        var known: [GroupKind: [String: Int]] = [:]
        var files: [String] = []
        func checkKnown(_ code: String, _ kind: GroupKind, _ field: Field, _ log: inout IssueLog) {
            guard known[kind]?[code] == nil else { return }
            let missing = known[kind]?.isEmpty == false ? "" : " (the file is missing or has no rows)"
            log.add(
                field.file, field.record.line, field.name,
                "'\(code)' is not in \(file(of: kind))\(missing) (unknown group): add it there, correct the code, "
                    + "or leave the "
                    + "column empty when the level is not in the data"
            )
        }

        for level in levels {
            let url = directory.appendingPathComponent(level.file)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            files.append(level.file)
            let table = try Table.read(url)
            let parentKind = level.kind.parentKind
            let parentInData = parentKind.map { known[$0]?.isEmpty == false } ?? false
            var columns = [[level.code], [level.name]]
            if parentInData, let parent = level.parent { columns.append([parent]) }
            let idx = table.require(columns, log: &log)
            guard !idx.contains(-1) else { continue }
            let ons = level.ons.flatMap { table.index([$0]) } ?? -1
            let parentIndex = level.parent.flatMap { table.index([$0]) } ?? -1
            let size = table.index(["list_size"]) ?? -1
            var duplicates = DuplicateCheck()
            for row in table.rows {
                guard table.checkWidth(row, log: &log) else { continue }
                guard let value = table.field(row, idx[0]).code(&log, kind: level.kind),
                    duplicates.check(value, file: table.file, line: row.line, column: level.code, log: &log)
                else { continue }
                var record = GroupRecord(
                    kind: level.kind, code: value, name: table.field(row, idx[1]).required(&log),
                    onsCode: table.field(row, ons).text)
                record.patients = table.field(row, size).wholeNumber(
                    &log, required: false, range: Bounds.groupListSize)
                if let parentKind {
                    let field = table.field(row, parentIndex)
                    record.parent = field.code(&log, kind: parentKind, required: parentInData)
                    if let parent = record.parent { checkKnown(parent, parentKind, field, &log) }
                }
                known[level.kind, default: [:]][value] = row.line
                groups.append(record)
            }
        }
        let table = try Table.read(practicesURL)
        let idx = table.require([["practice_code"], ["practice_name"]], log: &log)
        try log.check()
        func column(_ name: String) -> Int { table.index([name]) ?? -1 }
        let optional = [
            "postcode", "latitude", "longitude", "easting", "northing", "coord_source", "list_size", "imd_2019_score",
            "imd_2019_decile", "rurality", "contract_type", "dispensing", "weighted_list_size",
        ].map(column)
        let levelColumns: [(GroupKind, String, Int)] = [
            (.region, "region_code", column("region_code")), (.icb, "stp_code", column("stp_code")),
            (.consortium, "ccg_code", column("ccg_code")), (.network, "pcn_code", column("pcn_code")),
        ]
        let kinds = levelColumns.map(\.0).filter { known[$0]?.isEmpty == false }
        // An STP/ICB or region column left empty on every row, with the level's file present,
        // follows each practice's CCG: its parent in ccgs.csv, and that one's in stps.csv.
        let derived = Set(
            levelColumns.filter { kind, _, i in
                (kind == .icb || kind == .region) && kinds.contains(kind)
                    && table.rows.allSatisfy { table.field($0, i).text == nil }
            }.map(\.0))
        let parents = Dictionary(groups.map { ($0.code, $0.parent) }, uniquingKeysWith: { first, _ in first })
        var practices: [PracticeRecord] = []
        practices.reserveCapacity(table.rows.count)
        var duplicates = DuplicateCheck()
        for row in table.rows {
            guard table.checkWidth(row, log: &log) else { continue }
            func f(_ i: Int) -> Field { table.field(row, optional[i]) }
            // Every field is checked even when the code is bad, so one pass reports all problems.
            let code = table.field(row, idx[0]).code(&log, kind: nil)
            var p = PracticeRecord(code: code ?? "", line: row.line)
            p.name = table.field(row, idx[1]).required(&log)
            p.postcode = f(0).text
            p.latitude = f(1).decimal(&log, range: 49...61)
            p.longitude = f(2).decimal(&log, range: -9...3)
            p.easting = f(3).wholeNumber(&log, required: false, range: Bounds.easting, what: "metres")
            p.northing = f(4).wholeNumber(&log, required: false, range: Bounds.northing, what: "metres")
            p.coordSource = f(5).text
            p.listSize = f(6).wholeNumber(&log, required: false, range: Bounds.practiceListSize)
            p.imdScore = f(7).decimal(&log, range: 0...100)
            p.imdDecile = f(8).wholeNumber(&log, required: false, range: 1...10, what: "deciles")
            p.rurality = f(9).text
            p.contractType = f(10).text
            p.dispensing = f(11).text
            p.weightedListSize = f(12).decimal(&log, range: Bounds.weightedListSize)
            var chain: [GroupKind: String] = [:]
            for (kind, name, i) in levelColumns.reversed() {
                let field = table.field(row, i)
                let inData = kinds.contains(kind)
                var code: String?
                if derived.contains(kind) {
                    let child = chain[kind == .icb ? .consortium : .icb]
                    code = child.flatMap { parents[$0] ?? nil }
                    if code == nil {
                        let below = file(of: kind == .icb ? .consortium : .icb)
                        let why = child.map { "\($0) has no parent in \(below)" } ?? "nothing one level down"
                        log.add(
                            table.file, row.line, name, "is empty, and \(why) to follow; give the code here or there")
                    }
                } else {
                    code = field.code(&log, kind: kind, required: inData && kind != .network)
                    if let code { checkKnown(code, kind, field, &log) }
                }
                chain[kind] = code
                if inData { p.memberships.append(MembershipClaim(kind: kind, code: code, column: name)) }
            }
            p.memberships.reverse()
            guard let code, duplicates.check(code, file: table.file, line: row.line, column: "practice_code", log: &log)
            else { continue }
            practices.append(p)
        }
        try log.check()
        return Snapshot(
            format: .consort, files: files + ["practices.csv"], date: date, isComplete: true,
            kinds: kinds, practices: practices, groups: groups)
    }
}
