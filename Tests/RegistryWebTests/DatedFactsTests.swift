import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Importers
import Testing
import Vapor

/// List sizes, group totals and names as dated facts in the database.
@Suite("Dated facts: list sizes, published group totals, names")
struct DatedFactsTests {
    @Test(
        """
        A snapshot without list sizes leaves the old sizes flagged as stale with their date, published group totals \
        stand in for the groups' sizes, and an age-band file adds newer totals
        """
    )
    func staleSizes() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let later = try smallSnapshot(date: "2023-01-01") { rows in
                for i in rows.indices { rows[i][8] = "" }
            }
            let outcome = try await importDataset(app, later)
            #expect(outcome.report.listSizesRecorded == 0)
            let client = TestClient(app: app)
            let home = try await client.get("/?date=2023-01-01").body
            #expect(home.contains("These patient figures are not current."))
            #expect(
                home.contains(
                    "23 of 23 practices have list sizes older than the memberships of 1 January 2023: as at "
                        + "1 January 2022 at the oldest"))
            // Every region has a newer published total: England's figure is their sum, and says so.
            #expect(
                home.contains(
                    "Registered patients above: the sum of the regions&#39; published totals as at 1 January 2023."))
            // The PCN's total from pcns.csv of 2023 (38,476) stands in for its practices' 2022 sizes.
            let group = try await client.get("/groups/U05001?date=2023-01-01").body
            #expect(group.contains("published total as at 1 January 2023, Consort dataset, pcns.csv"))
            #expect(group.contains("38,476"))
            let current = try await client.get("/?date=2022-06-01").body
            #expect(
                !current.contains("not current")
                    && current.contains("registered patients (list sizes as at 1 January 2022)"))

            let ageBands = FileManager.default.temporaryDirectory.appendingPathComponent(
                "gp-reg-pat-prac-quin-age-\(UUID().uuidString).csv")
            try """
            PUBLICATION,EXTRACT_DATE,ORG_TYPE,ORG_CODE,ONS_CODE,POSTCODE,SEX,AGE_GROUP_5,NUMBER_OF_PATIENTS\r
            GP_PRAC_PAT_LIST,2023-02-01,PCN,U05001,,,ALL,ALL,40123\r
            GP_PRAC_PAT_LIST,2023-02-01,PCN,U05001,,,FEMALE,0_4,900\r
            GP_PRAC_PAT_LIST,2023-02-01,PCN,U,,,ALL,ALL,7000\r
            GP_PRAC_PAT_LIST,2023-02-01,PCN,U99999,,,ALL,ALL,7000\r
            GP_PRAC_PAT_LIST,2023-02-01,GP,C84001,,S81 0HH,ALL,ALL,31999\r

            """.write(to: ageBands, atomically: true, encoding: .utf8)
            let bands = try await importDataset(app, ageBands)
            #expect(bands.report.groupTotalsRecorded == 1 && bands.report.listSizesRecorded == 1)
            #expect(
                bands.report.notes.contains { $0.contains("1 group totals are for groups the registry does not know") })
            let newer = try await client.get("/groups/U05001?date=2023-03-01").body
            #expect(newer.contains("40,123") && newer.contains("published total as at 1 February 2023"))
            // Importing the same file again changes nothing.
            #expect(try await importDataset(app, ageBands).report.isEmpty)
            // The assurance report says the same, in JSON.
            struct R: Decodable {
                struct S: Decodable {
                    let stale: Int
                    let missing: Int
                }
                let listSizes: S
                let groupsFromPublishedTotals: Int
            }
            let json = try await client.get("/api/v1/assurance?policy=pcn-2019&date=2023-03-01").json(R.self)
            #expect(json.listSizes.stale == 22 && json.listSizes.missing == 0)
            #expect(json.groupsFromPublishedTotals > 0)
        }
    }

    @Test("Names have history: pages and search at a date use that date's names; the page lists earlier names")
    func names() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let renamed = try smallSnapshot(date: "2023-01-01") { rows in
                if let i = rows.firstIndex(where: { $0[0] == "C84001" }) { rows[i][1] = "LARWOOD HEALTH PARTNERSHIP" }
                if let i = rows.firstIndex(where: { $0[0] == "C84008" }) { rows[i][1] = rows[i][1].lowercased() }
                if let i = rows.firstIndex(where: { $0[0] == "N81011" }) { rows[i][7] = "ONS Postcode Directory 2023" }
            }
            let report = try await importDataset(app, renamed).report
            #expect(report.practicesRenamed?.map(\.code) == ["C84001"])
            #expect(report.caseOnlyRenames == 1 && report.coordinateSourceOnly == 1 && report.detailsUpdated == 0)
            #expect(report.text().contains("Names changed only in letter case (updated, not listed): 1"))
            let client = TestClient(app: app)
            let then = try await client.get("/practices?q=larwood+surgery&date=2022-06-01").body
            #expect(then.contains("C84001"))
            let now = try await client.get("/practices?q=larwood+surgery&date=2023-06-01").body
            #expect(!now.contains("C84001"))
            #expect(try await client.get("/practices?q=partnership&date=2023-06-01").body.contains("C84001"))
            let page = try await client.get("/practices/C84001?date=2022-06-01").body
            #expect(page.contains("<h1>LARWOOD SURGERY"))
            #expect(page.contains("Earlier names") && page.contains("LARWOOD SURGERY (until 1 January 2023)"))
            struct P: Decodable { let name: String }
            #expect(
                try await client.get("/api/v1/practices/C84001?date=2022-06-01").json(P.self).name == "LARWOOD SURGERY")
            #expect(
                try await client.get("/api/v1/practices/C84001?date=2023-06-01").json(P.self).name
                    == "LARWOOD HEALTH PARTNERSHIP")
        }
    }
}
