import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

@Suite("Accounts, sessions and CSRF")
struct AuthTests {
    @Test("Signing in sets an HttpOnly session cookie; signing out ends the session")
    func signInOut() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "alice", .administrator)
            let client = TestClient(app: app)
            let form = try await client.get("/login")
            #expect(form.body.contains("name=\"_csrf\""))
            let cookie = try #require(form.headers[.setCookie].first)
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            let signedIn = try await client.signIn("alice", testPassword)
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.location == "/")
            let home = try await client.get("/")
            #expect(home.body.contains("Signed in as"))
            let me = try await client.get("/api/v1/me")
            #expect(me.body.contains("\"username\":\"alice\""))
            let out = try await client.post("/logout", form: [])
            #expect(out.status == .seeOther)
            #expect(try await client.get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test("The session token changes at sign-in, so a planted cookie is useless")
    func fixation() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "alice", .administrator)
            let client = TestClient(app: app)
            try await client.get("/login")
            let anonymous = try #require(client.sessionCookie)
            try await client.post("/login", form: [("username", "alice"), ("password", testPassword)])
            #expect(client.sessionCookie != anonymous)
            let attacker = TestClient(app: app)
            attacker.setSessionCookie(anonymous)
            #expect(try await attacker.get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test("A wrong password is refused with a message, and five failures lock the account for a while")
    func rateLimit() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "alice", .administrator)
            let client = TestClient(app: app)
            try await client.get("/login")
            for _ in 0..<5 {
                let wrong = try await client.post(
                    "/login", form: [("username", "alice"), ("password", "not the password at all")])
                #expect(wrong.status == .unauthorized)
                #expect(wrong.body.contains("The username or password is not right"))
            }
            let locked = try await client.post("/login", form: [("username", "alice"), ("password", testPassword)])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.body.contains("Too many failed attempts"))
            #expect(locked.headers.first(name: .retryAfter) != nil)
            // Another account from elsewhere is not affected.
            try await makeUser(app, "bob", .administrator)
            let other = TestClient(app: app)
            #expect(try await other.signIn("bob", testPassword).status == .seeOther)
            #expect(try await TestClient(app: app).signIn("nobody", testPassword).status == .unauthorized)
        }
    }

    @Test("Forms without the session's CSRF token are refused")
    func csrf() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "alice", .administrator)
            let client = TestClient(app: app)
            try await client.signIn("alice", testPassword)
            let noToken = try await client.post(
                "/federations/new", form: [("name", "X"), ("valid_from", "2022-01-01")], csrf: "")
            #expect(noToken.status == .forbidden)
            #expect(noToken.body.contains("security token"))
            let wrong = try await client.post(
                "/federations/new", form: [("name", "X"), ("valid_from", "2022-01-01")], csrf: "forged")
            #expect(wrong.status == .forbidden)
            let api = try await client.json(
                .POST, "/api/v1/federations", "{\"name\":\"X\",\"validFrom\":\"2022-01-01\"}",
                headers: ["X-CSRF-Token": "forged"])
            #expect(api.status == .forbidden)
            let login = try await TestClient(app: app).post(
                "/login", form: [("username", "alice"), ("password", testPassword)], csrf: "")
            #expect(login.status == .forbidden)
            try await client.get("/federations/new")
            let ok = try await client.post("/federations/new", form: [("name", "X"), ("valid_from", "2022-01-01")])
            #expect(ok.status == .seeOther)
        }
    }

    @Test("Passwords are stored hashed with bcrypt, and short ones are refused")
    func hashing() async throws {
        try await withTestApp { app in
            try await makeUser(app, "alice", .administrator)
            struct Row: Decodable { let password_hash: String }
            let row = try #require(try await app.sql.raw("SELECT password_hash FROM users").first(decoding: Row.self))
            #expect(row.password_hash.hasPrefix("$2"))
            #expect(!row.password_hash.contains(testPassword))
            await #expect(throws: Accounts.Problem.self) { try await makeUserWithPassword(app, "carol", "short") }
            await #expect(throws: Accounts.Problem.self) { try await makeUser(app, "alice", .administrator) }
            await #expect(throws: Accounts.Problem.self) { try await makeUser(app, "Bad Name", .administrator) }
            await #expect(throws: Accounts.Problem.self) { try await makeUser(app, "dave", .practiceManager) }
            await #expect(throws: Accounts.Problem.self) {
                try await makeUser(app, "erin", .practiceManager, scope: "Z99999")
            }
        }
    }

    @Test("Changing the password ends other sessions")
    func passwordChange() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "alice", .administrator)
            let laptop = TestClient(app: app)
            let phone = TestClient(app: app)
            try await laptop.signIn("alice", testPassword)
            try await phone.signIn("alice", testPassword)
            try await laptop.get("/account")
            let changed = try await laptop.post(
                "/account/password", form: [("current", testPassword), ("new", "a much longer new passphrase")])
            #expect(changed.status == .seeOther)
            #expect(try await laptop.get("/api/v1/me").status == .ok)
            #expect(try await phone.get("/api/v1/me").status == .unauthorized)
            try await laptop.get("/account")
            let wrong = try await laptop.post(
                "/account/password", form: [("current", "nope"), ("new", "another long passphrase")])
            #expect(wrong.status == .badRequest)
        }
    }

    @Test("API tokens authenticate without cookies or CSRF; bad tokens are refused")
    func tokens() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "robot", .administrator)
            let token = try await app.consortCreateToken(username: "robot", label: "test")
            let client = TestClient(app: app)
            let me = try await client.json(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token)"])
            #expect(me.status == .ok)
            let created = try await client.json(
                .POST, "/api/v1/federations", "{\"name\":\"Robot Federation\",\"validFrom\":\"2022-01-01\"}",
                headers: ["Authorization": "Bearer \(token)"])
            #expect(created.status == .created)
            #expect(
                try await client.json(.GET, "/api/v1/me", headers: ["Authorization": "Bearer nope"]).status
                    == .unauthorized)
        }
    }
}

func makeUserWithPassword(_ app: Application, _ username: String, _ password: String) async throws {
    try await app.consortCreateUser(username: username, role: .administrator, scope: nil, password: password)
}
