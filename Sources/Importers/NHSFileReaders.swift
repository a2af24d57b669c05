import ConsortCore
import Foundation
import Interop

/// Reads NHS Digital's "Patients Registered at a GP Practice" totals file
/// (`gp-reg-pat-prac-all.csv`) in its CCG layout (to mid-2022) and its sub-ICB layout
/// (2025 onward), finding columns by name. Gives each practice's list size and consortium.
public enum TotalsReader {
    static func read(table: Table) throws(ImportFailure) -> Snapshot {
        var log = IssueLog()
        let idx = table.require(
            [
                ["EXTRACT_DATE"], ["CODE"], ["NUMBER_OF_PATIENTS"],
                ["CCG_CODE", "SUB_ICB_LOCATION_CODE"],
            ], log: &log)
        try log.check()
        let type = table.index(["TYPE"])
        let sex = table.index(["SEX"])
        let age = table.index(["AGE"])
        let postcode = table.index(["POSTCODE"])
        var date = ExtractDate()
        var duplicates = DuplicateCheck()
        var practices: [PracticeRecord] = []
        practices.reserveCapacity(table.rows.count)
        for row in table.rows {
            guard table.checkWidth(row, log: &log) else { continue }
            if let type, let value = table.field(row, type).text, value != "GP" {
                log.add(
                    table.file, row.line, "TYPE",
                    "'\(value)' is not GP; this importer reads the practice totals file, not the age-band files")
                continue
            }
            if let sex, let age, table.field(row, sex).text != "ALL" || table.field(row, age).text != "ALL" {
                log.add(
                    table.file, row.line, "SEX",
                    "the row is for one sex or age; the totals file has SEX=ALL and AGE=ALL on every row")
                continue
            }
            date.check(table.field(row, idx[0]), log: &log)
            // Every field of a row is checked, so that one pass reports all of a row's problems.
            let codeField = table.field(row, idx[1])
            let code = codeField.code(&log, kind: nil)
            let size = table.field(row, idx[2]).wholeNumber(&log, range: Bounds.practiceListSize)
            let ccg = table.field(row, idx[3])
            let consortium = ccg.code(&log, kind: .consortium)
            guard let code, duplicates.check(code, file: table.file, line: row.line, column: codeField.name, log: &log)
            else { continue }
            var p = PracticeRecord(code: code, line: row.line)
            p.listSize = size
            if let postcode { p.postcode = table.field(row, postcode).text }
            p.memberships = [MembershipClaim(kind: .consortium, code: consortium, column: ccg.name)]
            practices.append(p)
        }
        if table.rows.isEmpty { log.add(table.file, 0, nil, "has a header but no rows") }
        try log.check()
        return Snapshot(
            format: .totals, files: [table.file], date: date.value, isComplete: true,
            kinds: [.consortium], practices: practices, groups: [])
    }
}

/// Reads NHS Digital's practice → PCN → CCG/sub-ICB → STP/ICB → region map
/// (`gp-reg-pat-prac-map.csv`), 16-column CCG layout and 17-column sub-ICB layout. `PCN_CODE`
/// `U` ("Unallocated") means the practice is in no PCN.
public enum MapReader {
    static func read(table: Table) throws(ImportFailure) -> Snapshot {
        var log = IssueLog()
        let idx = table.require(
            [
                ["EXTRACT_DATE"], ["PRACTICE_CODE"], ["PRACTICE_NAME"], ["PRACTICE_POSTCODE"], ["PCN_CODE"],
                ["PCN_NAME"],
                ["CCG_CODE", "SUB_ICB_LOCATION_CODE"], ["CCG_NAME", "SUB_ICB_LOCATION_NAME"],
                ["STP_CODE", "ICB_CODE"], ["STP_NAME", "ICB_NAME"], ["COMM_REGION_CODE"], ["COMM_REGION_NAME"],
            ], log: &log)
        try log.check()
        let ons: [GroupKind: Int?] = [
            .consortium: table.index(["ONS_CCG_CODE", "ONS_SUB_ICB_LOCATION_CODE"]),
            .icb: table.index(["ONS_STP_CODE", "ONS_ICB_CODE"]),
            .region: table.index(["ONS_COMM_REGION_CODE"]),
        ]
        var date = ExtractDate()
        var duplicates = DuplicateCheck()
        var practices: [PracticeRecord] = []
        practices.reserveCapacity(table.rows.count)
        var groups: [String: GroupRecord] = [:]
        var order: [String] = []
        // A PCN's parent is the consortium holding most of its practices.
        var networkConsortia: [String: [String: Int]] = [:]

        for row in table.rows {
            guard table.checkWidth(row, log: &log) else { continue }
            date.check(table.field(row, idx[0]), log: &log)
            let codeField = table.field(row, idx[1])
            let practiceCode = codeField.code(&log, kind: nil)
            var p = PracticeRecord(code: practiceCode ?? "", line: row.line)
            p.name = table.field(row, idx[2]).required(&log)
            p.postcode = table.field(row, idx[3]).text

            var chain: [GroupKind: String] = [:]
            func setParent(_ child: String, _ parent: String) {
                if let existing = groups[child]?.parent, existing != parent {
                    log.add(
                        table.file, row.line, nil,
                        "\(child) is placed under \(parent) here but under \(existing) on an earlier line; a group has "
                            + "one parent at a date"
                    )
                }
                groups[child]?.parent = parent
            }
            let levels: [(GroupKind, Int, Int)] = [
                (.region, 10, 11), (.icb, 8, 9), (.consortium, 6, 7), (.network, 4, 5),
            ]
            for (kind, codeIndex, nameIndex) in levels {
                let field = table.field(row, idx[codeIndex])
                if kind == .network, field.text == "U" {
                    p.memberships.append(MembershipClaim(kind: kind, code: nil, column: field.name))
                    continue
                }
                let groupCode = field.code(&log, kind: kind)
                p.memberships.append(MembershipClaim(kind: kind, code: groupCode, column: field.name))
                guard let groupCode else { continue }
                chain[kind] = groupCode
                if groups[groupCode] == nil {
                    let onsCode = ons[kind].flatMap { $0 }.flatMap { table.field(row, $0).text }
                    groups[groupCode] = GroupRecord(
                        kind: kind, code: groupCode,
                        name: table.field(row, idx[nameIndex]).required(&log), onsCode: onsCode)
                    order.append(groupCode)
                } else if groups[groupCode]?.kind != kind {
                    log.add(
                        table.file, row.line, field.name,
                        "'\(groupCode)' is used as a \(kind.singular.lowercased()) here but as a "
                            + "\(groups[groupCode]!.kind.singular.lowercased()) earlier"
                    )
                }
            }
            if let region = chain[.region], let icb = chain[.icb] { setParent(icb, region) }
            if let icb = chain[.icb], let ccg = chain[.consortium] { setParent(ccg, icb) }
            if let ccg = chain[.consortium], let pcn = chain[.network] {
                networkConsortia[pcn, default: [:]][ccg, default: 0] += 1
            }
            guard let practiceCode,
                duplicates.check(practiceCode, file: table.file, line: row.line, column: codeField.name, log: &log)
            else { continue }
            practices.append(p)

        }
        for (pcn, counts) in networkConsortia {
            groups[pcn]?.parent = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
        }
        if table.rows.isEmpty { log.add(table.file, 0, nil, "has a header but no rows") }
        try log.check()
        return Snapshot(
            format: .map, files: [table.file], date: date.value, isComplete: true,
            kinds: GroupKind.nhsLevels, practices: practices, groups: order.compactMap { groups[$0] })
    }
}

/// Reads the ODS GP practices file (`epraccur.csv`): no header, 27 quoted fields. Keeps GP
/// practices in England (prescribing setting `4`, or `RO76` in the 2025/26 encoding) and gives
/// each its name, address, telephone, ODS open and close dates, status and parent consortium
/// with the date it joined it.
public enum EpraccurReader {
    public static let fieldCount = 27

    /// Whether the first record has the shape of an epraccur row.
    public static func looksLikeEpraccur(_ first: CSVRecord) -> Bool {
        first.fields.count == fieldCount && ODSCode.isPractice(first.fields[0])
            && first.fields[10].count == 8 && Int(first.fields[10]) != nil
    }

    public static func read(records: [CSVRecord], file: String) throws(ImportFailure) -> Snapshot {
        var log = IssueLog()
        var duplicates = DuplicateCheck()
        var practices: [PracticeRecord] = []
        var skipped: [String: Int] = [:]
        let header = (0..<fieldCount).map { "field \($0 + 1)" }
        let table = try Table(file: file, records: [CSVRecord(line: 0, fields: header)] + records)
        let names = [
            1: "field 1 (Organisation Code)", 11: "field 11 (Open Date)", 12: "field 12 (Close Date)",
            16: "field 16 (Join Provider/Purchaser Date)", 24: "field 24 (Provider/Purchaser)",
        ]
        func field(_ row: CSVRecord, _ number: Int) -> Field {
            Field(file: file, record: row, index: number - 1, name: names[number] ?? "field \(number)")
        }
        for row in records {
            guard table.checkWidth(row, log: &log) else { continue }
            let settings = (field(row, 26).text ?? "").split(separator: "|").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard settings.contains("4") || settings.contains("RO76") else {
                skipped["not a GP practice (prescribing setting other than GP practice)", default: 0] += 1
                continue
            }
            let rawCode = field(row, 1).text ?? ""
            let grouping = field(row, 3).text ?? ""
            if rawCode.hasPrefix("W") || grouping == "W00" || field(row, 4).text == "Q99" {
                skipped["practice in Wales", default: 0] += 1
                continue
            }
            guard let code = field(row, 1).code(&log, kind: nil),
                duplicates.check(code, file: file, line: row.line, column: names[1]!, log: &log)
            else { continue }
            var p = PracticeRecord(code: code, line: row.line)
            p.name = field(row, 2).required(&log)
            p.address = (5...9).compactMap { field(row, $0).text }.joined(separator: ", ")
            if p.address?.isEmpty == true { p.address = nil }
            p.postcode = field(row, 10).text
            p.openedOn = field(row, 11).date(&log)
            p.closedOn = field(row, 12).date(&log)
            p.phone = field(row, 18).text
            let status = field(row, 13).text ?? ""
            switch status {
            case "A", "ACTIVE": p.odsStatus = "active"
            case "C", "INACTIVE": p.odsStatus = "closed"
            case "D", "DORMANT": p.odsStatus = "dormant"
            case "P", "PROPOSED": p.odsStatus = "proposed"
            default:
                log.add(
                    file, row.line, "field 13 (Status Code)",
                    "'\(status)' is not a known status (A, C, D, P or ACTIVE, INACTIVE, DORMANT, PROPOSED)")
            }
            if p.closedOn == nil, p.odsStatus == "closed" {
                log.add(file, row.line, names[12]!, "is empty, but the status says the practice is closed")
            }
            if p.closedOn == nil, let parent = field(row, 24).text, p.odsStatus != "proposed" {
                if ODSCode.isConsortium(parent) {
                    p.memberships = [
                        MembershipClaim(
                            kind: .consortium, code: parent, from: field(row, 16).date(&log), column: names[24]!)
                    ]
                } else {
                    log.add(
                        file, row.line, names[24]!,
                        "'\(parent)' is not a valid consortium (CCG / sub-ICB) code: expected "
                            + "\(ODSCode.shape(for: .consortium))"
                    )
                }
            }
            practices.append(p)
        }
        if records.isEmpty { log.add(file, 0, nil, "is empty") }
        try log.check()
        return Snapshot(
            format: .epraccur, files: [file], date: nil, isComplete: false, kinds: [],
            practices: practices, groups: [], skipped: skipped)
    }
}

/// Reads any supported input, choosing the reader from what the file contains.
public enum SnapshotReader {
    /// Reads `url` (a file, or a directory in Consort's layout). `format` forces a layout;
    /// `date` gives the date of a Consort directory without an `EXTRACT_DATE` file.
    public static func read(_ url: URL, format: SourceFormat? = nil, date: Day? = nil) throws(ImportFailure) -> Snapshot
    {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ImportFailure(
                ImportIssue(
                    file: url.lastPathComponent, line: 0, column: nil, reason: "no such file or directory (\(url.path))"
                ))
        }
        if isDirectory.boolValue {
            if let format, format != .consort {
                throw ImportFailure(
                    ImportIssue(
                        file: url.lastPathComponent, line: 0, column: nil,
                        reason: "is a directory; only the consort format is a directory"))
            }
            return try ConsortLayoutReader.read(directory: url, date: date)
        }
        let records: [CSVRecord]
        do { records = try CSVReader.read(contentsOf: url) } catch let error as CSVError {
            throw ImportFailure(ImportIssue(file: error.file, line: error.line, column: nil, reason: error.reason))
        } catch {
            throw ImportFailure(ImportIssue(file: url.lastPathComponent, line: 0, column: nil, reason: "\(error)"))
        }
        let file = url.lastPathComponent
        guard let first = records.first else {
            throw ImportFailure(ImportIssue(file: file, line: 0, column: nil, reason: "the file is empty"))
        }
        let header = Set(first.fields.map { $0.uppercased() })
        let detected: SourceFormat?
        if header.contains("PRACTICE_CODE") && header.contains("PCN_CODE") {
            detected = .map
        } else if AgeBandReader.looksLikeAgeBands(header) {
            detected = .ageBands
        } else if header.contains("NUMBER_OF_PATIENTS") && header.contains("CODE") {
            detected = .totals
        } else if EpraccurReader.looksLikeEpraccur(first) {
            detected = .epraccur
        } else if header.contains("PRACTICE_CODE") && header.contains("LIST_SIZE") {
            detected = .consort
        } else {
            detected = nil
        }
        switch format ?? detected {
        case .map: return try MapReader.read(table: Table(file: file, records: records))
        case .totals: return try TotalsReader.read(table: Table(file: file, records: records))
        case .epraccur: return try EpraccurReader.read(records: records, file: file)
        case .ageBands: return try AgeBandReader.read(table: Table(file: file, records: records))
        case .consort:
            throw ImportFailure(
                ImportIssue(
                    file: file, line: 0, column: nil,
                    reason:
                        "looks like Consort's practices.csv; import the directory that holds it with the other four "
                        + "files"
                ))
        case nil:
            throw ImportFailure(
                ImportIssue(
                    file: file, line: 1, column: nil,
                    reason:
                        "is not a file Consort recognises: expected the NHS Digital totals file (header with CODE and "
                        + "NUMBER_OF_PATIENTS), an age-band file (ORG_TYPE, ORG_CODE), the map file (PRACTICE_CODE and "
                        + "PCN_CODE), an ODS epraccur file "
                        + "(27 quoted fields, no header) or a Consort dataset directory. Pass --format to "
                        + "choose one"
                ))
        }
    }
}
