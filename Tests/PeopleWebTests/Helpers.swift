import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

struct Count: Decodable { let n: Int }

func count(_ app: Application, _ sql: String) async throws -> Int {
    try await app.sql.raw("\(unsafeRaw: sql)").first(decoding: Count.self)?.n ?? -1
}

/// The text of a page's error summary, for failure messages.
func problems(_ page: TestClient.Result) -> String {
    String(page.body.components(separatedBy: "error-summary").dropFirst().first?.prefix(600) ?? page.body.prefix(300))
}

/// Adds a person through the directory's form; returns their number.
func addPerson(
    _ officer: TestClient, _ name: String, gmc: String = "", at organisation: String, role: String = "salaried-gp",
    email: String = ""
) async throws -> Int64 {
    try await officer.get("/people")
    let made = try await officer.post(
        "/people",
        form: [
            ("name", name), ("gmc", gmc), ("email", email), ("organisation", organisation), ("role", role),
            ("from", "2022-01-01"),
        ])
    #expect(made.status == .seeOther, "\(made.status) \(problems(made))")
    return Int64(made.location?.split(separator: "/").last ?? "") ?? 0
}

/// Invites a person and returns the link's token, read from the email sent to them (the page
/// never shows it to the officer).
func invite(_ officer: TestClient, _ person: Int64, grant: String = "public|") async throws -> String {
    try await officer.get("/people/\(person)")
    let page = try await officer.post("/people/\(person)/invite", form: [("grant", grant)])
    #expect(
        page.status == .ok && page.body.contains("The invitation has been emailed"), "\(page.status) \(problems(page))")
    #expect(page.body.range(of: #"/invitations/[A-Za-z0-9_-]{43}"#, options: .regularExpression) == nil)
    return try await emailedSecret(officer.app, person: person)
}

/// Uses an invitation as the invited person would: a new browser, the link, a username and password.
func accept(_ app: Application, _ token: String, username: String) async throws -> TestClient {
    let person = TestClient(app: app)
    #expect(try await person.get("/invitations/\(token)").status == .ok)
    let done = try await person.post(
        "/invitations/\(token)",
        form: [("username", username), ("password", testPassword), ("confirm", testPassword)])
    #expect(done.status == .seeOther && done.location == "/me?welcome=1", "\(done.status) \(problems(done))")
    return person
}
