import ConsortCore
import Foundation
import Importers
import Testing

@Suite("Reading NHS files")
struct ReaderTests {
    @Test("The shipped dataset reads whole: the published totals of data/README.md")
    func shipped() throws {
        let snapshot = try SnapshotReader.read(root.appendingPathComponent("data"))
        #expect(snapshot.format == .consort)
        #expect(snapshot.date == d2022)
        #expect(snapshot.practices.count == 6_527)
        #expect(snapshot.practices.reduce(0) { $0 + ($1.listSize ?? 0) } == 61_469_262)
        #expect(
            snapshot.practices.filter { p in p.memberships.contains { $0.kind == .network && $0.code == nil } }.count
                == 68)
        #expect(snapshot.practices.filter { $0.imdScore != nil }.count == 6_509)
        let kinds = Dictionary(grouping: snapshot.groups, by: \.kind).mapValues(\.count)
        #expect(kinds == [.region: 7, .icb: 42, .consortium: 106, .network: 1_254])
        let a81001 = try #require(snapshot.practices.first { $0.code == "A81001" })
        #expect(a81001.name == "THE DENSHAM SURGERY")
        #expect(a81001.listSize == 4036)
        #expect(a81001.easting == 444136)
        #expect(a81001.memberships.first { $0.kind == .network }?.code == "U89141")
    }

    @Test("Totals file, CCG layout of January 2021")
    func totalsCCG() throws {
        let s = try SnapshotReader.read(formats.appendingPathComponent("gp-reg-pat-prac-all.csv"))
        #expect(s.format == .totals)
        #expect(s.date?.iso == "2021-01-01")
        #expect(s.practices.count == 150)
        let first = try #require(s.practices.first)
        #expect(first.code == "A84002")
        #expect(first.line == 2)
        #expect(first.listSize == 5903)
        #expect(first.postcode == "NE65 7UW")
        #expect(first.memberships == [MembershipClaim(kind: .consortium, code: "00L", column: "CCG_CODE")])
    }

    @Test("Totals file, sub-ICB layout with ISO dates (April 2025)")
    func totalsSubICB() throws {
        let s = try SnapshotReader.read(formats.appendingPathComponent("gp-reg-pat-prac-all-2024.csv"))
        #expect(s.date?.iso == "2025-04-01")
        let first = try #require(s.practices.first)
        #expect(first.code == "A81001")
        #expect(first.listSize == 3904)
        #expect(first.memberships.first?.code == "16C")
        #expect(first.memberships.first?.column == "SUB_ICB_LOCATION_CODE")
    }

    @Test("Map file, CCG/STP layout: unallocated practices and quoted names")
    func mapCCG() throws {
        let s = try SnapshotReader.read(formats.appendingPathComponent("gp-reg-pat-prac-map.csv"))
        #expect(s.format == .map)
        #expect(s.date == d2022)
        #expect(s.practices.count == 260)
        let unallocated = s.practices.filter { p in p.memberships.contains { $0.kind == .network && $0.code == nil } }
        #expect(unallocated.map(\.line) == [227, 239])
        #expect(s.groups.contains { $0.name == "BIRTLEY, OXFORD TERR & RAWLING RD PCN" })
        let stockton = try #require(s.groups.first { $0.code == "U89141" })
        #expect(stockton.kind == .network)
        #expect(stockton.parent == "16C")
        #expect(s.groups.first { $0.code == "16C" }?.parent == "QHM")
        #expect(s.groups.first { $0.code == "QHM" }?.parent == "Y63")
        #expect(s.groups.first { $0.code == "Y63" }?.onsCode == "E40000009")
    }

    @Test("Map file, sub-ICB/ICB layout of July 2026")
    func mapSubICB() throws {
        let s = try SnapshotReader.read(formats.appendingPathComponent("gp-reg-pat-prac-map-2024.csv"))
        #expect(s.date?.iso == "2026-07-01")
        #expect(s.practices.count == 345)
        #expect(s.groups.first { $0.code == "16C" }?.name == "NHS North East and North Cumbria ICB - 16C")
        #expect(s.groups.first { $0.code == "Y63" }?.onsCode == "E40000012")
        #expect(s.groups.contains { $0.name == "FULWELL MEDICAL CENTRE," } == false)
        #expect(s.practices.contains { $0.name == "FULWELL MEDICAL CENTRE," })
    }

    @Test("ODS epraccur, 2023 encoding: GP practices only, close dates, status")
    func epraccur2023() throws {
        let s = try SnapshotReader.read(formats.appendingPathComponent("epraccur.csv"))
        #expect(s.format == .epraccur)
        #expect(s.date == nil)
        #expect(!s.isComplete)
        let closed = try #require(s.practices.first { $0.code == "A81003" })
        #expect(closed.closedOn?.iso == "2017-10-31")
        #expect(closed.odsStatus == "closed")
        #expect(closed.memberships.isEmpty)
        let open = try #require(s.practices.first { $0.code == "A81001" })
        #expect(open.address == "THE HEALTH CENTRE, LAWSON STREET, STOCKTON-ON-TEES, CLEVELAND")
        #expect(open.phone == "01642 672351")
        #expect(open.openedOn?.iso == "1974-04-01")
        #expect(
            open.memberships == [
                MembershipClaim(
                    kind: .consortium, code: "16C", from: Day(iso: "2020-04-01"),
                    column: "field 24 (Provider/Purchaser)")
            ])
        #expect(s.practices.count + s.skipped.values.reduce(0, +) == 150)
    }

    @Test("ODS epraccur, 2025/26 encoding: role codes and word statuses")
    func epraccur2026() throws {
        let s = try SnapshotReader.read(formats.appendingPathComponent("epraccur-2026.csv"))
        let closed = try #require(s.practices.first { $0.code == "A81003" })
        #expect(closed.odsStatus == "closed")
        #expect(s.practices.first { $0.code == "A81001" }?.odsStatus == "active")
        #expect(s.practices.allSatisfy { ODSCode.isPractice($0.code) })
        #expect(s.practices.count + s.skipped.values.reduce(0, +) == 150)
    }
}

@Suite("Malformed input")
struct MalformedTests {
    let totalsHeader = "PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\n"
    func row(_ code: String, _ n: String, date: String = "01JAN2022", ccg: String = "16C") -> String {
        "GP_PRAC_PAT_LIST,\(date),GP,\(ccg),E38000247,\(code),TS18 1HU,ALL,ALL,\(n)\n"
    }

    @Test("A missing column is named, with the columns found")
    func missingColumn() {
        let url = write(
            "PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,CODE,POSTCODE,SEX,AGE\n"
                + "GP_PRAC_PAT_LIST,01JAN2022,GP,16C,A81001,TS18 1HU,ALL,ALL\n",
            to: "gp-reg-pat-prac-all.csv")
        let found = issues { try SnapshotReader.read(url, format: .totals) }
        #expect(found.count == 1)
        #expect(found.first?.file == "gp-reg-pat-prac-all.csv")
        #expect(found.first?.line == 1)
        #expect(found.first?.column == "NUMBER_OF_PATIENTS")
        #expect(found.first?.reason.contains("missing") == true)
    }

    @Test("A bad practice code is reported at its line and column")
    func badCode() {
        let url = write(totalsHeader + row("A81001", "10") + row("A8100", "12"), to: "totals.csv")
        let found = issues { try SnapshotReader.read(url) }
        #expect(found.map(\.line) == [3])
        #expect(found.first?.column == "CODE")
        #expect(found.first?.reason.contains("'A8100' is not a valid practice code") == true)
    }

    @Test("A list size that is not a whole number is reported", arguments: ["12a", "-4", "1,204", "3.5", ""])
    func nonNumeric(value: String) {
        let url = write(totalsHeader + row("A81001", value), to: "totals.csv")
        let found = issues { try SnapshotReader.read(url) }
        #expect(found.count == 1)
        #expect(found.first?.line == 2)
        #expect(found.first?.column == (value == "1,204" ? nil : "NUMBER_OF_PATIENTS"))
    }

    @Test("A practice listed twice is reported with both lines")
    func duplicate() {
        let url = write(
            totalsHeader + row("A81001", "10") + row("A81002", "10") + row("A81001", "11"), to: "totals.csv")
        let found = issues { try SnapshotReader.read(url) }
        #expect(found.count == 1)
        #expect(found.first?.line == 4)
        #expect(found.first?.reason == "A81001 appears twice (first on line 2); each code may appear once")
    }

    @Test("Rows describing different dates are refused")
    func mixedDates() {
        let url = write(totalsHeader + row("A81001", "10") + row("A81002", "10", date: "01FEB2022"), to: "totals.csv")
        let found = issues { try SnapshotReader.read(url) }
        #expect(found.first?.line == 3)
        #expect(found.first?.column == "EXTRACT_DATE")
    }

    @Test("A row with the wrong number of fields is refused rather than guessed at")
    func width() {
        let url = write(
            totalsHeader + "GP_PRAC_PAT_LIST,01JAN2022,GP,16C,E38000247,A81001,TS18, 1HU,ALL,ALL,5\n", to: "totals.csv")
        let found = issues { try SnapshotReader.read(url) }
        #expect(found.first?.line == 2)
        #expect(found.first?.reason.contains("11 fields but the header has 10") == true)
    }

    @Test("Every problem in a file is listed, not just the first")
    func many() {
        let url = write(totalsHeader + row("A8100", "x") + row("B1", "1") + row("A81003", "y"), to: "totals.csv")
        let found = issues { try SnapshotReader.read(url) }
        #expect(found.count == 4)
    }

    @Test("A practice in a group the dataset does not list is an unknown group")
    func unknownGroupInLayout() {
        let dir = smallVariant { rows in rows[0][Col.ccg] = "99Z" }
        let found = issues { try SnapshotReader.read(dir) }
        #expect(found.count == 1)
        #expect(found.first?.file == "practices.csv")
        #expect(found.first?.line == 2)
        #expect(found.first?.column == "ccg_code")
        #expect(found.first?.reason.contains("unknown group") == true)
    }

    @Test("A level's file may be left out only when no practice names a group of it; practices.csv is required")
    func missingFile() throws {
        let dir = smallVariant { _ in }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("pcns.csv"))
        let found = issues { try SnapshotReader.read(dir) }
        #expect(found.first?.file == "practices.csv")
        #expect(found.first?.column == "pcn_code")
        #expect(found.first?.reason.contains("not in pcns.csv (the file is missing or has no rows)") == true)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("practices.csv"))
        #expect(issues { try SnapshotReader.read(dir) }.first?.file == "practices.csv")
    }

    @Test("Files that are not NHS files, empty files and broken quoting are refused")
    func unrecognised() {
        #expect(
            issues { try SnapshotReader.read(write("name,age\nx,1\n", to: "people.csv")) }.first?.reason.contains(
                "not a file Consort recognises") == true)
        #expect(issues { try SnapshotReader.read(write("", to: "empty.csv")) }.first?.reason.contains("empty") == true)
        let quoted = issues {
            try SnapshotReader.read(write(totalsHeader + "GP_PRAC_PAT_LIST,\"01JAN2022,GP\n", to: "q.csv"))
        }
        #expect(quoted.first?.line == 2)
        #expect(
            issues { try SnapshotReader.read(URL(fileURLWithPath: "/nonexistent/file.csv")) }.first?.reason.contains(
                "no such file") == true)
    }

    @Test("An epraccur row cut short is reported")
    func epraccurShort() {
        let values = [1: "A81001", 2: "X", 11: "19740401", 13: "A", 26: "4"]
        let full = (1...27).map { "\"\(values[$0] ?? "")\"" }.joined(separator: ",")
        let short = (1...20).map { _ in "\"\"" }.joined(separator: ",")
        let url = write(full + "\r\n" + short + "\r\n", to: "epraccur.csv")
        let found = issues { try SnapshotReader.read(url) }
        #expect(found.first?.line == 2)
        #expect(found.first?.reason.contains("20 fields but the header has 27") == true)
    }

    @Test("NHS England's age-band files as published: each organisation's all-ages total; the pseudo-PCN U left out")
    func ageBands() throws {
        let quin = try SnapshotReader.read(formats.appendingPathComponent("gp-reg-pat-prac-quin-age.csv"))
        #expect(quin.format == .ageBands && quin.date == Day(year: 2026, month: 7, day: 1))
        #expect(!quin.isComplete && quin.kinds.isEmpty)
        #expect(quin.groups.map(\.code) == ["Y56", "D7T5G", "00L"])
        #expect(quin.groups.map(\.kind) == [.region, .icb, .consortium])
        #expect(quin.groups.map(\.patients) == [10_991_417, 2_013_778, 345_013])
        #expect(quin.practices.map(\.code) == ["A81001"] && quin.practices.first?.listSize == 3733)
        let single = try SnapshotReader.read(formats.appendingPathComponent("gp-reg-pat-prac-sing-age-regions.csv"))
        #expect(single.date == Day(year: 2026, month: 8, day: 1) && single.practices.isEmpty)
        #expect(single.groups.last?.code == "U24190" && single.groups.last?.kind == .network)
        #expect(single.groups.last?.patients == 89_899)
        let bad = write(
            "PUBLICATION,EXTRACT_DATE,ORG_TYPE,ORG_CODE,ONS_CODE,SEX,AGE,NUMBER_OF_PATIENTS\n"
                + "GP_PRAC_PAT_LIST,2026-08-01,Hospital,RX1,,ALL,ALL,5\n", to: "sing-age.csv")
        let found = issues { try SnapshotReader.read(bad) }
        #expect(found.first?.line == 2 && found.first?.column == "ORG_TYPE")
    }

    @Test("STP/ICB and region columns left empty follow each practice's CCG through ccgs.csv and stps.csv")
    func derivedLevels() throws {
        let full = try SnapshotReader.read(small)
        let dir = smallVariant { rows in
            for i in rows.indices {
                rows[i][Col.stp] = ""
                rows[i][Col.region] = ""
            }
        }
        let derived = try SnapshotReader.read(dir)
        #expect(derived.kinds == full.kinds)
        #expect(derived.practices.map(\.memberships) == full.practices.map(\.memberships))
        // Without stps.csv, the CCGs' STP codes point at nothing: refused, naming the file.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("stps.csv"))
        let found = issues { try SnapshotReader.read(dir) }
        #expect(found.first?.file == "ccgs.csv" && found.first?.column == "stp_code")
        #expect(found.first?.reason.contains("not in stps.csv (the file is missing or has no rows)") == true)
    }
}
