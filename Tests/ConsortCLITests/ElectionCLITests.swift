import ConsortApp
import ConsortTestSupport
import Foundation
import Testing

@Suite("consort election count", .serialized)
struct ElectionCLITests {
    @Test("A BLT file counted by both methods, as text and JSON; a malformed file exits 2 naming the line")
    func count() throws {
        let cli = CLI(environment: ["CONSORT_LOG_LEVEL": "error"])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("consort-\(UUID().uuidString).blt")
        defer { try? FileManager.default.removeItem(at: file) }
        try "3 1\n8 1 0\n7 2 0\n5 3 2 0\n0\n\"Ann\" \"Bob\" \"Cy\" \"Chair\"\n".write(
            to: file, atomically: true, encoding: .utf8)
        let json = try cli.run(["election", "count", file.path, "--method", "scottish", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        struct Out: Decodable {
            struct Stage: Decodable { let action: String }
            let elected: [String]
            let stages: [Stage]
        }
        let out = try JSONDecoder().decode(Out.self, from: Data(json.stdout.utf8))
        #expect(out.elected == ["Bob"])
        #expect(out.stages.map(\.action) == ["First preferences", "Exclusion of Cy"], "Bob reaches the quota of 11")
        let meek = try cli.run(["election", "count", file.path, "--method", "meek"])
        #expect(meek.status == 0 && meek.stdout.contains("Elected, in order: Bob"))
        try "3 1\n8 1 0\n7 4 0\n0\n\"Ann\" \"Bob\" \"Cy\" \"Chair\"\n".write(
            to: file, atomically: true, encoding: .utf8)
        let bad = try cli.run(["election", "count", file.path, "--method", "meek"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("line 3: '4' is not a candidate"), "\(bad.stderr)")
        let method = try cli.run(["election", "count", file.path, "--method", "borda"])
        #expect(method.status != 0 && method.stderr.contains("borda"))
    }
}
