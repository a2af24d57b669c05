import ConsortApp
import ConsortCore
import ConsortTestSupport
import Foundation
import Interop
import Testing
import Vapor

@Suite("Extended access on group pages")
struct AccessAppTests {
    @Test("A network's page gives its weekly extended-access minutes under each policy, from its members' lists; the table downloads as CSV")
    func networkRequirement() async throws {
        // WIDNES PCN (U79408) in the small fixture, straight from its CSV.
        let rows = try CSVReader.read(contentsOf: fixture("small").appendingPathComponent("practices.csv")).dropFirst().map(\.fields)
        let members = rows.filter { $0[9] == "U79408" }
        let registered = members.reduce(0) { $0 + Int($1[8])! }
        let weighted = members.reduce(0.0) { $0 + Double($1[18])! }
        #expect(registered == 68_107)
        // pcn-2019: 30 minutes per 1,000 registered, to the nearest quarter hour.
        let pcn = Int((Double(registered) * 30 / 1000 / 15).rounded()) * 15
        // enhanced-access-2022: 60 minutes per 1,000 weighted (adjusted), up to a whole minute.
        let enhanced = Int((weighted * 60 / 1000).rounded(.up))
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            let page = try await client.get("/groups/U79408?date=2022-01-01")
            #expect(page.body.contains("Extended access each week"))
            #expect(page.body.contains(grouped(pcn)), "\(pcn)")
            #expect(page.body.contains(grouped(enhanced)), "\(enhanced)")
            let csv = try await client.get("/groups/U79408.csv?date=2022-01-01&table=access")
            let table = try CSVReader.parse(csv.body).map(\.fields)
            #expect(table[0] == ["Policy", "Population", "Patients", "Minutes a week", "Hours a week", "Within", "GP cover", "Source"])
            let minutes = Dictionary(uniqueKeysWithValues: table.dropFirst().map { ($0[1], Int($0[3])!) })
            #expect(minutes["registered list"] == pcn)
            #expect(minutes["weighted list (adjusted)"] == enhanced)
            // Consortia have no such table.
            #expect(!(try await client.get("/groups/01F?date=2022-01-01").body.contains("Extended access each week")))
        }
    }
}
