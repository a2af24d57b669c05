import ConsortApp
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import Testing
import Vapor

@Suite("Assurance pages and API")
struct AssuranceAppTests {
    @Test("The assurance page shows the verdict, the findings by rule with links, a map, CSV and JSON")
    func page() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            let page = try await client.get("/assurance?policy=gp-consortia-2010&date=2022-01-01")
            #expect(page.status == .ok)
            // Halton (135,183) and Bassetlaw (121,699) are inside 100,000-750,000 but under the advised 150,000.
            #expect(
                page.body.contains(
                    "Would be authorised under GP-led commissioning consortia (2010) on 1 January 2022 (for the levels "
                        + "in the data; the locality level is not in the data)."
                )
            )
            #expect(
                page.body.contains(
                    "NHS Halton CCG (01F) serves 135,183 registered patients, below the advised minimum of 150,000"))
            #expect(page.body.contains("href=\"/groups/01F?date=2022-01-01\""))
            #expect(page.body.contains("id=\"findings-map\""))
            // The five PCNs are all at least 30,000; three are above the advised 50,000.
            let pcn = try await client.get("/assurance?policy=pcn-2019&date=2022-01-01")
            #expect(pcn.body.contains("0 blocking findings and 3 advisory findings"))
            let csv = try await client.get("/assurance.csv?policy=pcn-2019&date=2022-01-01&severity=advisory")
            let rows = try CSVReader.parse(csv.body).dropFirst()
            #expect(Set(rows.map { $0.fields[3] }) == ["RUNCORN PCN", "WIDNES PCN", "RETFORD AND VILLAGES PCN"])
            #expect(rows.allSatisfy { $0.fields[0] == "advisory" })
            let levels = try await client.get("/assurance.csv?policy=pcn-2019&date=2022-01-01&table=levels")
            #expect(try CSVReader.parse(levels.body).map { $0.fields[0] } == ["Level", "Network"])
            let filtered = try await client.get("/assurance?policy=pcn-2019&date=2022-01-01&rule=size&q=widnes")
            #expect(filtered.body.contains("Showing 1 of"))
            struct Report: Decodable {
                let policy: String
                let findings: [F]
                struct F: Decodable {
                    let rule: String
                    let severity: String
                }
            }
            let json = try await client.get("/api/v1/assurance?policy=pcn-2019&date=2022-01-01").json(Report.self)
            #expect(json.policy == "pcn-2019")
            #expect(json.findings.contains { $0.rule == "size" && $0.severity == "advisory" })
        }
    }

    @Test("Unknown policies and bad filters are refused with the parameter named")
    func badInput() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            let unknown = try await client.get("/assurance?policy=nhs-2099")
            #expect(unknown.status == .badRequest)
            #expect(unknown.body.contains("policy=nhs-2099"))
            #expect(try await client.get("/assurance?severity=fatal").status == .badRequest)
            #expect(try await client.get("/api/v1/policies/nhs-2099").status == .notFound)
            #expect(try await client.get("/policies/nhs-2099").status == .notFound)
        }
    }

    @Test("Policy pages list every rule with its source")
    func policies() async throws {
        try await withTestApp { app in
            let client = TestClient(app: app)
            let list = try await client.get("/policies")
            for name in ["gp-consortia-2010", "ccg-2013", "pcn-2019", "enhanced-access-2022"] {
                #expect(list.body.contains(name))
            }
            let detail = try await client.get("/policies/enhanced-access-2022")
            #expect(detail.body.contains("60 minutes per 1,000 adjusted patients a week"))
            #expect(detail.body.contains("Mon-Fri 18:30-20:00"))
            #expect(detail.body.contains("Network Contract DES 2022/23"))
            let api = try await client.get("/api/v1/policies/pcn-2019")
            #expect(api.body.contains("\"minutesPer1000\":30"))
        }
    }
}
