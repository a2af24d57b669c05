import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Importers
import Interop
import Testing
import Vapor

/// A copy of the small fixture with `practices.csv` rows edited, dated `date`.
func smallSnapshot(date: String, _ edit: (inout [[String]]) -> Void) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("consort-app-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for name in ["regions.csv", "stps.csv", "ccgs.csv", "pcns.csv"] {
        try FileManager.default.copyItem(
            at: fixture("small").appendingPathComponent(name), to: dir.appendingPathComponent(name))
    }
    try date.write(to: dir.appendingPathComponent("EXTRACT_DATE"), atomically: true, encoding: .utf8)
    var rows = try CSVReader.read(contentsOf: fixture("small").appendingPathComponent("practices.csv")).map(\.fields)
    let header = rows.removeFirst()
    edit(&rows)
    try CSVWriter.document(header: header, rows: rows).write(
        to: dir.appendingPathComponent("practices.csv"), atomically: true, encoding: .utf8)
    return dir
}

/// Row counts of every registry table, and the audit head: "the database exactly as before".
func fingerprint(_ app: Application) async throws -> [String] {
    var out: [String] = []
    for table in [
        "practices", "organisations", "group_links", "memberships", "list_sizes", "imports", "audit_entries",
        "registry_state",
    ] {
        struct N: Decodable { let n: Int }
        let count = try await app.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first(decoding: N.self)
        out.append("\(table)=\(count?.n ?? -1)")
    }
    struct Head: Decodable {
        let seq: Int
        let hash: String
    }
    let head = try await app.sql.raw("SELECT seq, hash FROM audit_head").first(decoding: Head.self)
    struct State: Decodable {
        let version: Int
        let latest_snapshot: String?
    }
    let state = try await app.sql.raw("SELECT version, latest_snapshot FROM registry_state").first(decoding: State.self)
    out.append("head=\(head?.seq ?? -1):\(head?.hash ?? "")")
    out.append("state=\(state?.version ?? -1):\(state?.latest_snapshot ?? "")")
    return out
}

@Suite("Importing into the database")
struct ImportTests {
    @Test("A newer snapshot keeps history: each date shows the registry as it was")
    func history() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let newer = try smallSnapshot(date: "2022-04-01") { rows in
                rows.removeAll { $0[0] == "C84001" }  // closes
                if let i = rows.firstIndex(where: { $0[0] == "C84008" }) { rows[i][9] = "U05001" }  // moves PCN
                if let i = rows.firstIndex(where: { $0[0] == "N81011" }) { rows[i][8] = "20000" }  // grows
            }
            let outcome = try await importDataset(app, newer)
            #expect(outcome.report.closed.map(\.code) == ["C84001"])
            #expect(outcome.report.moved.map(\.code) == ["C84008"])
            #expect(outcome.report.listSizeChanges.map(\.code) == ["N81011"])
            let client = TestClient(app: app)
            let march = try await client.get("/api/v1/practices/C84008?date=2022-03-31")
            #expect(march.body.contains("\"network\"") || march.body.contains("U82499"))
            struct P: Decodable {
                struct G: Decodable { let code: String }
                let groups: [G]
                let listSize: Int?
                let openAtDate: Bool
                struct M: Decodable {
                    let group: String
                    let to: String?
                }
                let memberships: [M]
            }
            let before = try march.json(P.self)
            #expect(before.groups.map(\.code).contains("U82499"))
            let after = try await client.get("/api/v1/practices/C84008?date=2022-04-01").json(P.self)
            #expect(after.groups.map(\.code).contains("U05001"))
            #expect(after.memberships.contains { $0.group == "U82499" && $0.to == "2022-04-01" })
            let grown = try await client.get("/api/v1/practices/N81011?date=2022-05-01").json(P.self)
            #expect(grown.listSize == 20000)
            let old = try await client.get("/api/v1/practices/N81011?date=2022-02-01").json(P.self)
            #expect(old.listSize == 15008)
            let closed = try await client.get("/api/v1/practices/C84001?date=2022-05-01").json(P.self)
            #expect(!closed.openAtDate)
            #expect(try await client.get("/api/v1/practices/C84001?date=2022-03-01").json(P.self).openAtDate)
            #expect(try await client.get("/practices?date=2022-05-01").body.contains("<strong>22</strong> practices"))
            #expect(try await client.get("/practices?date=2022-03-01").body.contains("<strong>23</strong> practices"))
            let imports = try await client.get("/imports")
            #expect(imports.body.contains("Consort dataset directory"))
            let report = try await client.get("/imports/2")
            #expect(report.body.contains("C84001"))
        }
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let name: String
        let edit: @Sendable (inout [[String]]) -> Void
        let column: String?
        var testDescription: String { name }
    }

    static let bad: [Bad] = [
        .init(name: "bad code", edit: { $0[3][0] = "C8400" }, column: "practice_code"),
        .init(name: "non-numeric size", edit: { $0[3][8] = "12k" }, column: "list_size"),
        .init(name: "duplicate practice", edit: { $0.append($0[3]) }, column: "practice_code"),
        .init(name: "unknown group", edit: { $0[3][9] = "U99999" }, column: "pcn_code"),
    ]

    @Test(
        """
        Malformed input is refused with file, line and column, and the database is exactly as before
        """, arguments: bad)
    func malformed(_ bad: Bad) async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let before = try await fingerprint(app)
            let dir = try smallSnapshot(date: "2022-04-01") { rows in
                rows[0][8] = "99999"  // a change that would be written if the file were accepted
                bad.edit(&rows)
            }
            do {
                try await importDataset(app, dir)
                Issue.record("import accepted")
            } catch let failure as ImportFailure {
                #expect(failure.issues.first?.file == "practices.csv")
                #expect(failure.issues.first?.column == bad.column)
                #expect((failure.issues.first?.line ?? 0) >= 2)
            }
            #expect(try await fingerprint(app) == before)
        }
    }

    @Test("A failure while writing rolls back every row already written")
    func rollback() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let before = try await fingerprint(app)
            // Sabotage the last write of an import (the registry version) after everything else has been written.
            try await app.sql.raw("DELETE FROM audit_head").run()
            let newer = try smallSnapshot(date: "2022-04-01") { rows in rows.removeFirst() }
            await #expect(throws: (any Error).self) { try await importDataset(app, newer) }
            try await app.sql.raw(
                """
                INSERT INTO audit_head (id, seq, hash) VALUES (1, 1, \
                \(bind: String(before.first { $0.hasPrefix("head=") }!.split(separator: ":")[1])))
                """
            ).run()
            #expect(try await fingerprint(app) == before)
        }
    }
}
