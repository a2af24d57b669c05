import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Importers
import Interop
import RegistryWeb
import Testing
import Vapor

/// NHS England's practice map in its 2026 layout (17 columns, sub-ICB locations under ICBs), for
/// every practice of the small fixture, with each sub-ICB location placed under `icbOf`.
func map2026(icbOf: [String: (code: String, ons: String, name: String)]) throws -> URL {
    var rows = try CSVReader.read(contentsOf: fixture("small").appendingPathComponent("practices.csv")).map(\.fields)
    rows.removeFirst()
    let header =
        "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,PCN_NAME,"
        + "ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,ONS_ICB_CODE,ICB_CODE,ICB_NAME,"
        + "ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME,SUPPLIER_NAME"
    let subICBs = ["01F": ("E38000068", "NHS Cheshire and Merseyside ICB - 01F"), "02Q": ("E38000008", "Bassetlaw")]
    var lines = [header]
    for row in rows {
        let (practice, name, postcode, pcn, subICB) = (row[0], row[1], row[2], row[9], row[10])
        guard let icb = icbOf[subICB], let sub = subICBs[subICB] else { continue }
        lines.append(
            [
                "GP_PRAC_PAT_LIST", "01Jul2026", practice, name, postcode, pcn.isEmpty ? "U" : pcn, "\(pcn) PCN",
                sub.0, subICB, sub.1, icb.ons, icb.code, icb.name, "E40000012", "Y63", "North East and Yorkshire",
                "TPP",
            ].joined(separator: ","))
    }
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("map-\(UUID().uuidString).csv")
    try (lines.joined(separator: "\r\n") + "\r\n").write(to: url, atomically: true, encoding: .utf8)
    return url
}

@Suite("The merged ICBs of 2026, with their history")
struct ICBMergerTests {
    @Test("A 2026 map that puts two ICBs' sub-ICB locations under a new ICB: the merger, its history on both pages")
    func merger() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let merged = (code: "D9M2X", ons: "E54000099", name: "NHS Merged Test Integrated Care Board")
            let file = try map2026(icbOf: ["01F": merged, "02Q": merged])
            let outcome = try await importDataset(app, file)
            let report = outcome.report
            #expect(report.groupsCreated.map(\.code) == ["D9M2X"])
            #expect(Set(report.groupsClosed.filter { $0.kind == .icb }.map(\.code)) == ["QF7", "QYG"])
            let formed = try #require(report.lineage.first { $0.created && $0.group.code == "D9M2X" })
            #expect(formed.parts.map(\.code) == ["QYG", "QF7"] && formed.parts.map(\.practices) == [14, 9])
            #expect(
                report.lineage.contains { !$0.created && $0.group.code == "QF7" && $0.parts.map(\.code) == ["D9M2X"] })
            #expect(report.text().contains("STP/ICB D9M2X NHS Merged Test Integrated Care Board ← from QYG"))

            let client = TestClient(app: app)
            let page = try await client.get("/groups/D9M2X?date=2026-07-01")
            #expect(page.status == .ok)
            let text = visibleText(page.body)
            #expect(text.contains("Formed on 1 July 2026 from Cheshire and Merseyside (QYG), 14 practices; "))
            #expect(text.contains("South Yorkshire and Bassetlaw (QF7), 9 practices"))
            #expect(text.contains("Practices from and to other groups"))
            #expect(text.contains("all 14") && text.contains("all 9"))
            let old = visibleText(try await client.get("/groups/QF7?date=2026-07-01").body)
            #expect(old.contains("This group closed on 1 July 2026."))
            #expect(old.contains("Its practices went on 1 July 2026 to NHS Merged Test Integrated Care Board (D9M2X)"))
            // Before the merger the old ICB is as it was, with its sub-ICB location inside it.
            let before = visibleText(try await client.get("/groups/QF7?date=2026-06-30").body)
            #expect(!before.contains("This group closed") && before.contains("NHS Bassetlaw CCG"))
            struct Detail: Decodable {
                struct Flow: Decodable {
                    let direction: String
                    let group: String
                    let practices: Int
                    let ofLeft: Int
                }
                let lineage: [Flow]
            }
            let api = try await client.get("/api/v1/groups/QF7?date=2026-07-01")
            let detail = try JSONDecoder().decode(Detail.self, from: Data(api.body.utf8))
            #expect(detail.lineage.map(\.direction) == ["into"] && detail.lineage.first?.group == "D9M2X")
            #expect(detail.lineage.first?.practices == 9 && detail.lineage.first?.ofLeft == 9)
            let csv = try await client.get("/groups/D9M2X.csv?date=2026-07-01&table=lineage")
            #expect(try CSVReader.parse(csv.body).count == 3)
        }
    }

    @Test(
        "Part of an ICB moving to another is a move, not a merger: the ICB that takes them shows where they came from")
    func partMove() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let cheshire = (code: "QYG", ons: "E54000008", name: "NHS Cheshire and Merseyside Integrated Care Board")
            let yorkshire = (code: "QF7", ons: "E54000061", name: "NHS South Yorkshire Integrated Care Board")
            _ = try await importDataset(app, try map2026(icbOf: ["01F": cheshire, "02Q": yorkshire]))
            let outcome = try await importDataset(app, try map2026(icbOf: ["01F": cheshire, "02Q": cheshire]))
            #expect(outcome.report.lineage.map(\.group.code) == ["QF7"])  // closed: all its practices left
            let page = visibleText(try await TestClient(app: app).get("/groups/QYG?date=2026-07-01").body)
            #expect(!page.contains("Formed on"))
            #expect(page.contains("came from"))
        }
    }
}
