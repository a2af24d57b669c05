import ConsortCore
import ConsortWeb
import Foundation
import Vapor

/// A scenario's set-up did not go as it must for the test to mean anything.
public struct ScenarioFailure: Error, CustomStringConvertible {
    public let description: String
}

/// Sets up the small registry with a federation FED-0001 (members N81011 and N81019 of 01F
/// from 2022-03-01) recorded by an administrator, signed in as `admin`.
public func withFederation(_ body: (Application, TestClient) async throws -> Void) async throws {
    try await withTestApp(.dataset(fixture("small"))) { app in
        try await makeUser(app, "admin", .administrator)
        let admin = TestClient(app: app)
        try await admin.signIn("admin", testPassword)
        try await admin.get("/federations/new")
        let created = try await admin.post(
            "/federations/new",
            form: [
                ("name", "Halton Together"), ("legal_form", "company-limited-by-guarantee"),
                ("description", "Test federation"),
                ("valid_from", "2022-03-01"), ("members", "N81011, n81019"),
            ])
        guard created.status == .seeOther, created.location == "/groups/FED-0001" else {
            throw ScenarioFailure(
                description: "creating FED-0001 answered \(created.status) to \(created.location ?? "nowhere")")
        }
        try await body(app, admin)
    }
}

/// The planner form for Halton's networks from scratch (a small, quick plan).
public let planForm: [(String, String)] = [
    ("name", "Halton networks"), ("policy", "pcn-2019"), ("level", "network"), ("within", "consortium"),
    ("areas", "01F"),
    ("from", "scratch"), ("compactness", "1"), ("balance", "0.5"), ("moves", "0"), ("seed", "3"),
    ("date", "2022-01-01"),
]

/// Polls a plan's API answer until it has finished; throws when it has not within a minute.
public func waitForPlan(_ client: TestClient, _ id: Int) async throws -> String {
    for _ in 0..<600 {
        let answer = try await client.get("/api/v1/plans/\(id)")
        if answer.body.contains("\"status\":\"done\"") || answer.body.contains("\"status\":\"failed\"") {
            return answer.body
        }
        try await Task.sleep(nanoseconds: 100_000_000)
    }
    throw ScenarioFailure(description: "plan \(id) did not finish")
}

/// A `SELECT COUNT(*) AS n` row.
public struct Count: Decodable {
    public let n: Int
}
