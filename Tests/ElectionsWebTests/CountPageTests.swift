import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import Testing
import Vapor

@Suite("Elections: the count page", .serialized)
struct CountPageTests {
    static let file = """
        4 2
        20 1 2 3 0
        6 1 3 0
        10 2 0
        9 3 4 0
        5 4 3 0
        0
        "Ann" "Bob" "Cy" "Di" "Board election"
        """

    @Test("Staff count a pasted ballot file: the result, the sheet by stage, CSV and JSON; a bad file names its line")
    func count() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "pm-a", .practiceManager, scope: "N81011")
            try await makeUser(app, "citizen", .public)
            let client = TestClient(app: app)
            try await client.signIn("pm-a", testPassword)
            let form = try await client.get("/elections/count")
            #expect(form.status == .ok && form.body.contains("Count an election by single transferable vote"))
            let counted = try await client.post(
                "/elections/count", form: [("method", "scottish"), ("ballots", Self.file)])
            #expect(counted.status == .ok)
            #expect(counted.body.contains("Elected, in order: </strong>Ann, Bob"))
            #expect(counted.body.contains("0.34615") && counted.body.contains("16.92300"))
            #expect(counted.body.contains("rule 52"))
            let csv = try await client.post(
                "/elections/count", form: [("method", "scottish"), ("ballots", Self.file), ("download", "csv")])
            let rows = try CSVReader.parse(csv.body).map(\.fields)
            #expect(rows.first == ["Candidate", "Stage 1", "Stage 2", "Stage 3", "Stage 4"])
            #expect(rows[2] == ["Bob (elected)", "10.00000", "16.92300", "16.92300", "16.92300"])
            let json = try await client.post(
                "/elections/count", form: [("method", "meek"), ("ballots", Self.file), ("download", "json")])
            struct Out: Decodable { let elected: [String] }
            #expect(try JSONDecoder().decode(Out.self, from: Data(json.body.utf8)).elected == ["Ann", "Bob"])
            let bad = try await client.post(
                "/elections/count", form: [("method", "scottish"), ("ballots", "2 1\n1 3 0\n0\n\"A\" \"B\" \"T\"")])
            #expect(bad.status == .badRequest && bad.body.contains("line 2: &#39;3&#39; is not a candidate"))
            let none = try await client.post("/elections/count", form: [("method", "borda"), ("ballots", "")])
            #expect(none.status == .badRequest && none.body.contains("Choose how to count"))
            #expect(none.body.contains("Paste the ballot file"))
            // The public role and the signed-out are refused.
            let citizen = TestClient(app: app)
            try await citizen.signIn("citizen", testPassword)
            #expect(try await citizen.get("/elections/count").status == .forbidden)
            #expect(try await TestClient(app: app).get("/elections/count").status == .seeOther)
        }
    }
}
