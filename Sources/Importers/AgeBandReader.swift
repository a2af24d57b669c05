import ConsortCore

/// Reads the age-band files of NHS England's "Patients Registered at a GP Practice"
/// (`gp-reg-pat-prac-quin-age.csv`, `gp-reg-pat-prac-sing-age-regions.csv`): one block of rows
/// per organisation, for commissioning regions, ICBs, sub-ICB locations, PCNs and (in the
/// 5-year file) practices. Only each organisation's all-ages, all-sexes row is read: the
/// published total of registered patients of a region, ICB, sub-ICB location or PCN, and a
/// practice's list size. The pseudo-PCN `U` (practices in no PCN) is not a group and is left out.
public enum AgeBandReader {
    /// ORG_TYPE values as published, and the kind of group each names; `GP` rows are practices.
    static let types: [String: GroupKind] = [
        "COMM REGION": .region, "ICB": .icb, "STP": .icb, "SUB_ICB_LOCATION_CODE": .consortium,
        "SUB_ICB_LOCATION": .consortium, "CCG": .consortium, "PCN": .network,
    ]

    static func looksLikeAgeBands(_ header: Set<String>) -> Bool {
        header.contains("ORG_TYPE") && header.contains("ORG_CODE") && header.contains("NUMBER_OF_PATIENTS")
    }

    static func read(table: Table) throws(ImportFailure) -> Snapshot {
        var log = IssueLog()
        let idx = table.require(
            [["EXTRACT_DATE"], ["ORG_TYPE"], ["ORG_CODE"], ["SEX"], ["AGE_GROUP_5", "AGE"], ["NUMBER_OF_PATIENTS"]],
            log: &log)
        try log.check()
        var date = ExtractDate()
        var practices: [PracticeRecord] = []
        var groups: [GroupRecord] = []
        var seen: [String: Int] = [:]
        var unallocated = 0
        for row in table.rows {
            guard table.checkWidth(row, log: &log) else { continue }
            date.check(table.field(row, idx[0]), log: &log)
            guard table.field(row, idx[3]).text?.uppercased() == "ALL",
                table.field(row, idx[4]).text?.uppercased() == "ALL"
            else { continue }
            let typeField = table.field(row, idx[1])
            let type = typeField.text ?? ""
            let kind = types[type.uppercased()]
            guard kind != nil || type.uppercased() == "GP" else {
                log.add(
                    table.file, row.line, typeField.name,
                    "'\(type)' is not an organisation type of this publication (Comm Region, ICB, "
                        + "SUB_ICB_LOCATION_CODE, PCN or GP)")
                continue
            }
            let codeField = table.field(row, idx[2])
            let patients = table.field(row, idx[5]).wholeNumber(
                &log, range: kind == nil ? Bounds.practiceListSize : Bounds.groupListSize)
            if kind == .network, codeField.text == "U" {
                unallocated += 1
                continue
            }
            guard let code = codeField.code(&log, kind: kind) else { continue }
            if let first = seen[code] {
                log.add(
                    table.file, row.line, codeField.name,
                    "\(code) has a second all-ages row (first on line \(first)); each organisation has one")
                continue
            }
            seen[code] = row.line
            if let kind {
                groups.append(GroupRecord(kind: kind, code: code, patients: patients))
            } else {
                var p = PracticeRecord(code: code, line: row.line)
                p.listSize = patients
                practices.append(p)
            }
        }
        if seen.isEmpty && unallocated == 0 {
            log.add(table.file, 0, nil, "has no all-ages, all-sexes rows (SEX=ALL and AGE=ALL): nothing to read")
        }
        try log.check()
        return Snapshot(
            format: .ageBands, files: [table.file], date: date.value, isComplete: false, kinds: [],
            practices: practices, groups: groups)
    }
}
