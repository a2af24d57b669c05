import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

/// The registry as FHIR R4 Organization resources, at two dates.
@Suite("FHIR Organization resources")
struct FHIRTests {
    struct Org: Decodable {
        struct Identifier: Decodable {
            let system: String
            let value: String
        }
        struct Reference: Decodable { let reference: String }
        struct Concept: Decodable {
            struct Coding: Decodable { let code: String }
            let coding: [Coding]?
            let text: String
        }
        struct Ext: Decodable {
            struct Period: Decodable {
                let start: String
                let end: String?
            }
            let url: String
            let valuePeriod: Period
        }
        let resourceType: String
        let id: String
        let name: String
        let active: Bool
        let identifier: [Identifier]?
        let type: [Concept]
        let partOf: Reference?
        let `extension`: [Ext]
    }

    struct Bundle: Decodable {
        struct Entry: Decodable { let resource: Org }
        struct Link: Decodable {
            let relation: String
            let url: String
        }
        let resourceType: String
        let type: String
        let total: Int
        let link: [Link]
        let entry: [Entry]?
    }

    @Test("Read by code and searched by type, name and partof, with the names and groups of the date asked")
    func twoDates() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let later = try smallSnapshot(date: "2023-01-01") { rows in
                if let i = rows.firstIndex(where: { $0[0] == "C84001" }) { rows[i][1] = "LARWOOD HEALTH PARTNERSHIP" }
                if let i = rows.firstIndex(where: { $0[0] == "C84008" }) { rows[i][9] = "U05001" }  // moves PCN
            }
            _ = try await importDataset(app, later)
            let client = TestClient(app: app)
            let then = try await client.get("/api/v1/fhir/Organization/C84008?date=2022-06-01")
            #expect(then.status == .ok)
            #expect(then.headers.contentType?.description.hasPrefix("application/fhir+json") == true)
            let before = try then.json(Org.self)
            #expect(before.resourceType == "Organization" && before.id == "C84008" && before.active)
            #expect(before.identifier?.first?.system == "https://fhir.nhs.uk/Id/ods-organization-code")
            #expect(before.identifier?.first?.value == "C84008")
            #expect(before.type.first?.coding?.first?.code == "76")
            #expect(before.partOf?.reference == "Organization/U82499")
            #expect(before.extension.first?.valuePeriod.start == "2022-01-01")
            let after = try await client.get("/api/v1/fhir/Organization/C84008?date=2023-06-01").json(Org.self)
            #expect(after.partOf?.reference == "Organization/U05001")

            let renamed = try await client.get("/api/v1/fhir/Organization/C84001?date=2023-06-01").json(Org.self)
            #expect(renamed.name == "LARWOOD HEALTH PARTNERSHIP")
            #expect(
                try await client.get("/api/v1/fhir/Organization/C84001?date=2022-06-01").json(Org.self).name
                    == "LARWOOD SURGERY")
            let found = try await client.get("/api/v1/fhir/Organization?name=larwood&type=76&date=2022-06-01")
                .json(Bundle.self)
            #expect(found.resourceType == "Bundle" && found.type == "searchset")
            #expect(found.entry?.map(\.resource.id) == ["C84001"])
            let none = try await client.get("/api/v1/fhir/Organization?name=partnership&date=2022-06-01")
                .json(Bundle.self)
            #expect(none.total == 0 && none.entry == nil)

            // A CCG, before and after sub-ICB locations replaced CCGs on 1 July 2022.
            let ccg = try await client.get("/api/v1/fhir/Organization/02Q?date=2022-06-01").json(Org.self)
            #expect(ccg.type.first?.coding?.first?.code == "98" && ccg.partOf?.reference == "Organization/QF7")
            let subICB = try await client.get("/api/v1/fhir/Organization/02Q?date=2023-06-01").json(Org.self)
            #expect(subICB.type.first?.coding?.first?.code == "319")

            let members = try await client.get(
                "/api/v1/fhir/Organization?partof=Organization/U05001&date=2023-06-01&_count=2"
            ).json(Bundle.self)
            #expect(members.total == 4 && members.entry?.count == 2)
            let next = try #require(members.link.first { $0.relation == "next" }?.url)
            let rest = try await client.get(next).json(Bundle.self)
            #expect(rest.entry?.count == 2 && rest.link.contains { $0.relation == "previous" })
            let earlier = try await client.get("/api/v1/fhir/Organization?partof=U05001&date=2022-06-01")
                .json(Bundle.self)
            #expect(earlier.total == 3)
            let pcns = try await client.get("/api/v1/fhir/Organization?type=272&date=2022-06-01").json(Bundle.self)
            #expect(pcns.total > 0 && pcns.entry?.allSatisfy { $0.resource.id.hasPrefix("U") } == true)

            let metadata = try await client.get("/api/v1/fhir/metadata")
            #expect(metadata.status == .ok && metadata.body.contains("\"CapabilityStatement\""))
            #expect(metadata.body.contains("\"fhirVersion\":\"4.0.1\"") && metadata.body.contains("\"partof\""))
            let missing = try await client.get("/api/v1/fhir/Organization/ZZZ999")
            #expect(missing.status == .notFound && missing.body.contains("\"OperationOutcome\""))
            let bad = try await client.get("/api/v1/fhir/Organization?_count=0")
            #expect(bad.status == .badRequest && bad.body.contains("_count"))
            let badType = try await client.get("/api/v1/fhir/Organization?type=hospital")
            #expect(badType.status == .badRequest && badType.body.contains("OperationOutcome"))
        }
    }
}
