import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

@Suite("Several application instances on one database")
struct MultiInstanceTests {
    @Test("A session started on one instance is honoured by another, and a change made on one is seen by the other")
    func shared() async throws {
        let (database, cleanup) = try await TestDatabase.make()
        defer { cleanup() }
        try await withTestApp(.dataset(fixture("small")), database: database) { first in
            try await makeUser(first, "admin", .administrator)
            try await withTestApp(database: database) { second in
                let one = TestClient(app: first)
                try await one.signIn("admin", testPassword)
                let cookie = try #require(one.sessionCookie)
                let two = TestClient(app: second)
                two.setSessionCookie(cookie)
                #expect(try await two.get("/api/v1/me").status == .ok)

                // The second instance caches the registry; a federation recorded on the first must appear.
                #expect(try await two.get("/federations").body.contains("<strong>0</strong>"))
                try await one.get("/federations/new")
                #expect(
                    try await one.post(
                        "/federations/new", form: [("name", "Shared Federation"), ("valid_from", "2022-01-01")]
                    ).status == .seeOther)
                // Another instance looks again after CONSORT_VERSION_CHECK_MS (250 ms by default).
                try await Task.sleep(for: .milliseconds(300))
                let seen = try await TestClient(app: second).get("/federations")
                #expect(seen.body.contains("Shared Federation"))

                // Signing out on one ends the session on both.
                try await one.post("/logout", form: [])
                #expect(try await two.get("/api/v1/me").status == .unauthorized)
            }
        }
    }
}
