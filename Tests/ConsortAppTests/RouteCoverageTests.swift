import ConsortApp
import ConsortCore
import ConsortTestSupport
import Foundation
import Testing
import Vapor

@Suite("Every route")
struct RouteCoverageTests {
    /// Sample values for route parameters.
    static let samples: [String: String] = ["code": "N81011", "id": "1", "name": "pcn-2019"]
    /// Query strings for routes that need one to answer (the models comparison needs an area).
    static let queries: [String: String] = ["/api/v1/finance/models": "?area=Y62&trials=1000", "/finance/models.csv": "?area=Y62&trials=1000"]

    @Test("Every GET route answers signed out and signed in as an administrator, without a server error")
    func everyRoute() async throws {
        try await withFederation { app, admin in
            let anonymous = TestClient(app: app)
            // Plan 1, for the planner's routes.
            try await admin.get("/plans/new")
            #expect(try await admin.post("/plans/new", form: planForm).status == .seeOther)
            #expect(try await waitForPlan(admin, 1).contains("\"status\":\"done\""))
            // Hub 1, for the extended-access routes.
            try await admin.get("/")
            #expect(try await admin.json(.POST, "/api/v1/hubs", #"{"group":"FED-0001","name":"Route hub"}"#).status == .created)
            var checked = 0
            for route in app.routes.all where route.method == .GET {
                let parts = route.path.map { "\($0)" }
                if parts.contains("**") { continue }
                var path = "/" + parts.map { part in
                    guard part.hasPrefix(":") else { return part }
                    let name = String(part.dropFirst())
                    if name == "code", parts.contains("groups") { return "FED-0001" }
                    return Self.samples[name] ?? "x"
                }.joined(separator: "/")
                if path == "/groups/FED-0001", parts.count == 2 { path = "/groups/01F" }
                path += Self.queries[path] ?? ""
                for (client, signedIn) in [(anonymous, false), (admin, true)] {
                    let result = try await client.get(path)
                    // Signed out, pages that need an account redirect to sign in and the API answers 401.
                    let expected: [UInt] = signedIn ? (path == "/login" ? [303] : [200]) : [200, 303, 401]
                    #expect(expected.contains(result.status.code), "\(path): \(result.status) \(result.body.prefix(200))")
                }
                checked += 1
            }
            #expect(checked >= 25)
            #expect(try await anonymous.get("/england.csv").body.contains("Region"))
            #expect(try await anonymous.get("/imports.csv").body.contains("Consort dataset directory"))
            #expect(try await anonymous.get("/account").location == "/login?next=%2Faccount")
        }
    }
}
