import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import ElectionsWeb
import Foundation
import SQLKit
import Testing
import Vapor

/// FED-0001 (N81011 and N81019) with GPs in the people directory: three partners at N81011, two
/// salaried GPs at N81019, a nurse and a practice manager at N81011 (not GPs). GP 1 and GP 2 have
/// accounts; the federation's manager runs polls.
struct EngagementWorld {
    let app: Application
    let admin: TestClient
    let fed: TestClient
    let gp1: TestClient
    let gp2: TestClient
    let pm: TestClient
    /// Directory ids: gps[0…4], then the nurse, then the practice manager.
    let gps: [Int64]
    let nurse: Int64
    let manager: Int64

    static func make(_ app: Application, _ admin: TestClient) async throws -> EngagementWorld {
        var ids: [Int64] = []
        let people: [(String, String, String, String)] = [
            ("Engagement GP 1 (demo)", "7100001", "N81011", "gp-partner"),
            ("Engagement GP 2 (demo)", "7100002", "N81011", "gp-partner"),
            ("Engagement GP 3 (demo)", "7100003", "N81011", "gp-partner"),
            ("Engagement GP 4 (demo)", "7100004", "N81019", "salaried-gp"),
            ("Engagement GP 5 (demo)", "7100005", "N81019", "salaried-gp"),
            ("Engagement nurse (demo)", "", "N81011", "nurse"),
            ("Engagement practice manager (demo)", "", "N81011", "practice-manager"),
        ]
        for (name, gmc, practice, role) in people {
            var form = [("name", name), ("organisation", practice), ("role", role), ("from", "2022-01-01")]
            if !gmc.isEmpty { form.append(("gmc", gmc)) }
            let made = try await admin.post("/people", form: form)
            let id = Int64(made.location?.split(separator: "/").last ?? "") ?? 0
            #expect(id > 0, "\(made.status) \(made.body.prefix(300))")
            ids.append(id)
        }
        func client(_ name: String, _ role: Role, _ scope: String?, person: Int64?) async throws -> TestClient {
            try await makeUser(app, name, role, scope: scope)
            if let person {
                struct ID: Decodable { let id: Int64 }
                let user =
                    try await app.sql.raw("SELECT id FROM users WHERE username = \(bind: name)")
                    .first(decoding: ID.self)?.id ?? 0
                try await admin.get("/admin/accounts/\(user)")
                let linked = try await admin.post("/admin/accounts/\(user)/link", form: [("person", String(person))])
                #expect(linked.status == .seeOther, "\(linked.status) \(linked.body.prefix(300))")
            }
            let c = TestClient(app: app)
            try await c.signIn(name, testPassword)
            try await c.get("/account")
            return c
        }
        return EngagementWorld(
            app: app, admin: admin, fed: try await client("fed", .federationManager, "FED-0001", person: nil),
            gp1: try await client("gp1", .clinician, "N81011", person: ids[0]),
            gp2: try await client("gp2", .clinician, "N81011", person: ids[1]),
            pm: try await client("pm-eng", .practiceManager, "N81011", person: ids[6]), gps: Array(ids[0..<5]),
            nurse: ids[5], manager: ids[6])
    }

    /// A `datetime-local` value `seconds` from now.
    static func at(_ seconds: Int64) -> String { Timetable.input(Timetable.now() + seconds) }

    /// The credential sealed in the notification sent to `person` about a poll.
    func credential(person: Int64, kind: String = "ballot") async throws -> String {
        struct R: Decodable { let secret: String? }
        let row = try await app.sql.raw(
            """
            SELECT secret FROM notifications WHERE person_id = \(bind: person) AND kind = \(bind: kind) \
            AND secret IS NOT NULL ORDER BY id DESC
            """
        ).first(decoding: R.self)
        return try Secrets.open(try #require(row?.secret))
    }

    func count(_ sql: String) async throws -> Int {
        struct N: Decodable { let n: Int }
        return try await app.sql.raw("\(unsafeRaw: sql)").first(decoding: N.self)?.n ?? -1
    }
}
