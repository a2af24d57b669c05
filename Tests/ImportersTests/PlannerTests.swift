import ConsortCore
import Foundation
import Importers
import Testing

@Suite("Planning an import")
struct PlannerTests {
    let options = ImportOptions(today: today)

    func first() throws -> Snapshot { try SnapshotReader.read(small) }

    @Test("Into an empty registry every practice, group and membership is new")
    func initial() throws {
        let snapshot = try first()
        let plan = try ImportPlanner.plan(snapshot, against: RegistryState(), options: options)
        #expect(plan.newPractices.count == 23)
        #expect(plan.newPractices.allSatisfy { $0.knownFrom == d2022 })
        #expect(plan.newGroups.count == 2 + 2 + 2 + 5)
        #expect(plan.membershipStarts.count == 23 * 4)
        #expect(plan.membershipEnds.isEmpty && plan.closures.isEmpty)
        #expect(plan.listSizes.count == 23)
        #expect(plan.listSizes.reduce(0) { $0 + $1.patients } == 256_882)
        #expect(plan.report.opened.count == 23)
        #expect(plan.report.moved.isEmpty)
        #expect(plan.snapshotDate == d2022)
        #expect(plan.groupLinks.count == 2 + 2 + 5)
    }

    @Test("The same snapshot again changes nothing")
    func idempotent() throws {
        let snapshot = try first()
        let plan = try ImportPlanner.plan(snapshot, against: state(after: snapshot), options: options)
        #expect(plan.report.isEmpty)
        #expect(plan.membershipStarts.isEmpty && plan.newPractices.isEmpty && plan.listSizes.isEmpty)
    }

    @Test("A newer snapshot: openings, closures, moves and large list-size changes, dated")
    func newer() throws {
        let before = try first()
        let closedCode = before.practices[0].code
        let movedCode = before.practices[1].code
        let grownCode = before.practices[2].code
        let newer = try SnapshotReader.read(
            smallVariant(date: "2022-04-01") { rows in
                let template = rows[3]
                rows.removeFirst()  // closes
                let moved = rows[0][Col.pcn]
                rows[0][Col.pcn] = moved == "U10748" ? "U82499" : "U10748"  // moves between PCNs of 02Q
                rows[1][Col.listSize] = String(Int(rows[1][Col.listSize])! * 13 / 10)  // +30%
                var opened = template
                opened[Col.code] = "Y99001"
                opened[Col.name] = "NEW TEST PRACTICE"
                rows.append(opened)
            })
        let plan = try ImportPlanner.plan(newer, against: state(after: before), options: options)
        let april = Day(iso: "2022-04-01")!
        #expect(plan.report.closed.map(\.code) == [closedCode])
        #expect(plan.closures.first?.on == april)
        #expect(plan.report.opened.map(\.code) == ["Y99001"])
        #expect(plan.report.moved.map(\.code) == [movedCode])
        #expect(plan.report.moved.first?.kind == .network)
        #expect(plan.report.moved.first?.on == april)
        #expect(plan.membershipEnds.map { "\($0.practice) \($0.kind) \($0.on)" } == ["\(movedCode) network 2022-04-01"])
        #expect(plan.report.listSizeChanges.map(\.code) == [grownCode])
        #expect(abs((plan.report.listSizeChanges.first?.percent ?? 0) - 30) < 0.1)
        #expect(plan.report.listSizesRecorded == 23)
        #expect(plan.snapshotDate == april)
    }

    @Test("The report counts practices that moved, not membership rows")
    func movesCountPractices() throws {
        let before = try first()
        let dir = smallVariant(date: "2022-04-01") { rows in
            // C84001 leaves Bassetlaw for Halton: a new PCN, CCG, STP and region at once.
            guard let i = rows.firstIndex(where: { $0[Col.code] == "C84001" }) else { return }
            rows[i][Col.pcn] = "U09643"
            rows[i][Col.ccg] = "01F"
            rows[i][Col.stp] = "QYG"
            rows[i][Col.region] = "Y62"
        }
        let plan = try ImportPlanner.plan(try SnapshotReader.read(dir), against: state(after: before), options: options)
        #expect(plan.report.moved.count == 4 && Set(plan.report.moved.map(\.code)) == ["C84001"])
        #expect(plan.report.movedCount == "1 (4 membership changes)")
        #expect(plan.report.text().contains("Practices moved between groups: 1 (4 membership changes)"))
        #expect(plan.report.contributions.contains("1 practice moved"))
    }

    @Test("A group left without practices in a complete snapshot closes")
    func emptyGroupCloses() throws {
        let before = try first()
        let newer = try SnapshotReader.read(
            smallVariant(date: "2022-04-01") { rows in
                for i in rows.indices where rows[i][Col.pcn] == "U10748" { rows[i][Col.pcn] = "U82499" }
            })
        let plan = try ImportPlanner.plan(newer, against: state(after: before), options: options)
        #expect(plan.report.groupsClosed.map(\.code) == ["U10748"])
    }

    @Test("An older map or dataset snapshot is refused; an older totals file adds list-size history only")
    func older() throws {
        let before = try first()
        let older = try SnapshotReader.read(smallVariant(date: "2021-07-01") { _ in })
        #expect(
            issues { try ImportPlanner.plan(older, against: state(after: before), options: options) }.first?.reason
                .contains("earlier than the registry's latest snapshot") == true)

        let totals = try SnapshotReader.read(
            write(
                """
                PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS
                GP_PRAC_PAT_LIST,01JUL2021,GP,99Z,E38000001,\(before.practices[0].code),X,ALL,ALL,1000
                GP_PRAC_PAT_LIST,01JUL2021,GP,99Z,E38000001,Z99999,X,ALL,ALL,1000

                """, to: "totals.csv"))
        let plan = try ImportPlanner.plan(totals, against: state(after: before), options: options)
        #expect(plan.listSizes.map(\.practice) == [before.practices[0].code])
        #expect(plan.membershipStarts.isEmpty && plan.closures.isEmpty && plan.newPractices.isEmpty)
        #expect(plan.snapshotDate == nil)
        #expect(plan.report.notes.contains { $0.contains("only list sizes and group totals were recorded") })
    }

    @Test("A file that would close most practices is refused unless marked partial")
    func massClosure() throws {
        let state = state(after: try SnapshotReader.read(root.appendingPathComponent("data")))
        let sample = try SnapshotReader.read(formats.appendingPathComponent("gp-reg-pat-prac-map-2024.csv"))
        let refused = issues { try ImportPlanner.plan(sample, against: state, options: options) }
        #expect(refused.first?.reason.contains("--partial") == true)
        var partial = options
        partial.partial = true
        let plan = try ImportPlanner.plan(sample, against: state, options: partial)
        #expect(plan.closures.isEmpty)
        #expect(plan.report.notes.contains { $0.contains("partial") })
        // Practices in the July 2026 sample that were in the January 2022 snapshot and changed PCN are moves.
        #expect(plan.report.moved.allSatisfy { $0.on.iso == "2026-07-01" })
    }

    @Test("Totals and epraccur files may only name consortia the registry knows")
    func unknownGroup() throws {
        let before = try first()
        let totals = try SnapshotReader.read(
            write(
                """
                PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS
                GP_PRAC_PAT_LIST,01APR2022,GP,99Z,E38000001,\(before.practices[0].code),X,ALL,ALL,1000

                """, to: "totals.csv"))
        var partial = options
        partial.partial = true
        let found = issues { try ImportPlanner.plan(totals, against: state(after: before), options: partial) }
        #expect(found.count == 1)
        #expect(found.first?.line == 2)
        #expect(found.first?.column == "CCG_CODE")
        #expect(found.first?.reason.contains("unknown group") == true)
    }

    @Test("A practice moving consortium in a totals file follows its consortium's STP and region")
    func derivedParents() throws {
        let before = try first()
        let code = before.practices.first { $0.memberships.contains { $0.code == "02Q" } }!.code
        let totals = try SnapshotReader.read(
            write(
                """
                PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS
                GP_PRAC_PAT_LIST,01APR2022,GP,01F,E38000001,\(code),X,ALL,ALL,1000

                """, to: "totals.csv"))
        var partial = options
        partial.partial = true
        let plan = try ImportPlanner.plan(totals, against: state(after: before), options: partial)
        let kinds = Set(plan.report.moved.map(\.kind))
        #expect(kinds == [.consortium, .icb, .region])
        #expect(plan.membershipStarts.contains { $0.kind == .icb && $0.group == "QYG" })
        #expect(plan.membershipStarts.contains { $0.kind == .region && $0.group == "Y62" })
    }

    @Test("epraccur closes practices on their ODS close date and opens new ones on their open date")
    func epraccur() throws {
        let before = try first()
        let code = before.practices[0].code
        var values = [
            1: "Y99002", 2: "BRAND NEW SURGERY", 3: "Y63", 11: "20230601", 13: "ACTIVE", 24: "02Q", 16: "20230601",
            26: "RO76",
        ]
        func row() -> String { (1...27).map { "\"\(values[$0] ?? "")\"" }.joined(separator: ",") }
        let newRow = row()
        values = [
            1: code, 2: "CLOSING SURGERY", 3: "Y63", 11: "19740401", 12: "20230331", 13: "INACTIVE", 24: "02Q",
            26: "RO76",
        ]
        let closeRow = row()
        values = [1: "Y99003", 2: "LONG GONE", 11: "19740401", 12: "20010331", 13: "C", 24: "02Q", 26: "4"]
        let goneRow = row()
        let s = try SnapshotReader.read(
            write([newRow, closeRow, goneRow].joined(separator: "\r\n") + "\r\n", to: "epraccur.csv"))
        let plan = try ImportPlanner.plan(s, against: state(after: before), options: options)
        #expect(plan.closures.map(\.code) == [code])
        #expect(plan.closures.first?.on.iso == "2023-03-31")
        #expect(plan.newPractices.map(\.record.code) == ["Y99002"])
        #expect(plan.newPractices.first?.knownFrom.iso == "2023-06-01")
        #expect(plan.membershipStarts.contains { $0.practice == "Y99002" && $0.kind == .icb && $0.group == "QF7" })
        #expect(plan.report.notes.contains { $0.contains("1 closed or proposed practices") })
        #expect(plan.snapshotDate == nil)
    }
}
