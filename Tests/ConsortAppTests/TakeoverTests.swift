import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import SQLKit
import Testing
import Vapor

/// The chains of security round 3 that combined features to take over a person: each was a way
/// in, and each is closed where identity is decided, not on the one route.
@Suite("Identities cannot be taken over by combining features", .serialized)
struct TakeoverTests {
    struct World {
        let app: Application
        let admin: TestClient
        /// FED-0001's manager (Halton: N81011, N81019).
        let officer: TestClient
        /// A GP of FED-0002's practice C84001, with a GMC number anyone can read on the register.
        let victim: Int64
    }

    static let gmc = "7654321"

    /// Two federations; a GP of the second, recorded by its officers; the first's manager signed in.
    static func world(_ body: (World) async throws -> Void) async throws {
        try await withFederation { app, admin in
            try await admin.get("/federations/new")
            let second = try await admin.post(
                "/federations/new",
                form: [
                    ("name", "Bassetlaw Together"), ("legal_form", "company-limited-by-guarantee"),
                    ("description", "Test federation"), ("valid_from", "2022-03-01"), ("members", "C84001"),
                ])
            #expect(second.location == "/groups/FED-0002", "\(second.status)")
            try await admin.get("/people")
            let made = try await admin.post(
                "/people",
                form: [
                    ("name", "Dr Victor Other (demo)"), ("gmc", gmc), ("email", "victor@example.invalid"),
                    ("organisation", "C84001"), ("role", "salaried-gp"), ("from", "2022-01-01"),
                ])
            let victim = Int64(made.location?.split(separator: "/").last ?? "") ?? 0
            #expect(victim > 0, "\(made.status)")
            try await makeUser(app, "fed1-manager", .federationManager, scope: "FED-0001")
            let officer = TestClient(app: app)
            try await officer.signIn("fed1-manager", testPassword)
            try await body(World(app: app, admin: admin, officer: officer, victim: victim))
        }
    }

    /// The attacker's side of chain 1: everything that would show or change the victim, and
    /// that each answers as for a person who does not exist, with nothing written.
    static func expectLockedOut(_ w: World) async throws {
        let id = w.victim
        #expect(try await w.officer.get("/api/v1/people/\(id)").status == .notFound)
        let page = try await w.officer.get("/people/\(id)")
        #expect(page.status == .notFound && !page.body.contains("victor@example.invalid"))
        try await w.officer.get("/people")
        let listed = try await w.officer.get("/api/v1/people")
        #expect(!listed.body.contains("Victor Other") && !listed.body.contains(gmc), "\(listed.body.prefix(300))")
        let changed = try await w.officer.post(
            "/people/\(id)/details", form: [("name", "Dr Victor Other (demo)"), ("email", "officer@example.invalid")])
        #expect(changed.status == .notFound)
        let invited = try await w.officer.post(
            "/people/\(id)/invite", form: [("grant", "public|"), ("invite_email", "officer@example.invalid")])
        #expect(invited.status == .notFound)
        struct Row: Decodable { let email: String? }
        let email = try await w.app.sql.raw("SELECT email FROM people WHERE id = \(bind: id)").first(decoding: Row.self)
        #expect(email?.email == "victor@example.invalid")
        #expect(try await w.app.sql.raw("SELECT id FROM invitations").all().isEmpty)
    }

    @Test(
        """
        Chain 1: a federation manager who puts another federation's GP on their hub list by his public GMC number \
        links the same person (for the rota's checks) but cannot read his details, change his email or invite him
        """
    )
    func hubListByRegistration() async throws {
        try await Self.world { w in
            let officer = w.officer
            try await officer.get("/groups/FED-0001/access")
            let hub = try await officer.post(
                "/groups/FED-0001/access/hubs", form: [("name", "Halton hub"), ("address", "Demo address")])
            #expect(hub.status == .seeOther, "\(hub.status)")
            let added = try await officer.post(
                "/groups/FED-0001/access/clinicians",
                form: [
                    ("name", "Dr V Other"), ("role", "gp"), ("practice", ""), ("max_sessions", "4"),
                    ("hubs[]", "1"), ("availability", "Mon-Fri 18:00-21:00"), ("registration", Self.gmc),
                ])
            #expect(added.status == .seeOther, "\(added.status) \(added.body.prefix(400))")
            // The hub list found the directory's person: one person, as the rota's checks need.
            struct Person: Decodable { let personId: Int64? }
            let linked = try await w.app.sql.raw("SELECT person_id FROM clinicians WHERE group_code = 'FED-0001'")
                .first(decoding: Person.self, with: SQLRowDecoder(keyDecodingStrategy: .convertFromSnakeCase))
            #expect(linked?.personId == w.victim)
            try await Self.expectLockedOut(w)
            // The directory says a number is taken, but not whose, to anyone but an administrator.
            try await officer.get("/people")
            let duplicate = try await officer.post(
                "/people",
                form: [
                    ("name", "Someone"), ("gmc", Self.gmc), ("organisation", "FED-0001"), ("role", "director"),
                    ("from", "2022-01-01"),
                ])
            #expect(duplicate.status == .conflict && !duplicate.body.contains("Victor"), "\(duplicate.status)")
        }
    }

    @Test(
        """
        Chain 1 through a register: a consortium officer who puts another federation's GP on their body's register \
        by his GMC number keeps nothing of him
        """
    )
    func registerByRegistration() async throws {
        try await Self.world { w in
            try await makeUser(w.app, "bassetlaw-officer", .consortiumOfficer, scope: "02Q")
            let officer = TestClient(app: w.app)
            try await officer.signIn("bassetlaw-officer", testPassword)
            try await officer.get("/groups/02Q/governance")
            // Bassetlaw's officer keeps C84001's consortium, not the practice: the GP is not theirs to keep.
            let added = try await officer.post(
                "/groups/02Q/governance/people", form: [("name", "Dr V Other"), ("registration", Self.gmc)])
            #expect(added.status == .seeOther, "\(added.status)")
            try await Self.expectLockedOut(World(app: w.app, admin: w.admin, officer: officer, victim: w.victim))
        }
    }

    @Test(
        """
        Chain 2: a governance officer cannot give a role at another organisation's practice through a register (it \
        would put the person on that practice's electoral rolls), as the directory refuses it too
        """
    )
    func rollPadding() async throws {
        try await Self.world { w in
            try await makeUser(w.app, "halton-officer", .consortiumOfficer, scope: "01F")
            let officer = TestClient(app: w.app)
            try await officer.signIn("halton-officer", testPassword)
            try await officer.get("/groups/01F/governance")
            let added = try await officer.post("/groups/01F/governance/people", form: [("name", "Mr New (demo)")])
            #expect(added.status == .seeOther, "\(added.status)")
            let padded = try await officer.post(
                "/governance/people/1/affiliations",
                form: [
                    ("affiliation_organisation", "C84001"), ("affiliation_role", "gp-partner"),
                    ("affiliation_from", "2022-01-01"),
                ])
            #expect(padded.status == .badRequest, "\(padded.status)")
            struct N: Decodable { let n: Int }
            let roles = try await w.app.sql.raw(
                "SELECT COUNT(*) AS n FROM person_roles WHERE organisation_code = 'C84001'"
            ).first(decoding: N.self)?.n
            #expect(roles == 1)  // the victim's own
            // The officer keeps the person their register recorded.
            struct Person: Decodable { let personId: Int64 }
            let person = try await w.app.sql.raw("SELECT person_id FROM gov_people WHERE id = 1").first(
                decoding: Person.self, with: SQLRowDecoder(keyDecodingStrategy: .convertFromSnakeCase))
            #expect(try await officer.get("/people/\(person?.personId ?? 0)").status == .ok)
        }
    }

    @Test("Chain 6: a reset link sent before an account was disabled neither works nor enables it")
    func resetAfterDisable() async throws {
        try await withFederation { app, admin in
            try await makeUser(app, "leaver", .practiceManager, scope: "N81011")
            struct ID: Decodable { let id: Int64 }
            let id = try #require(
                try await app.sql.raw("SELECT id FROM users WHERE username = 'leaver'").first(decoding: ID.self)?.id)
            try await admin.get("/admin/accounts/\(id)")
            let page = try await admin.post("/admin/accounts/\(id)/reset", form: [])
            let token = page.body.range(of: #"/invitations/[A-Za-z0-9_-]{43}"#, options: .regularExpression).map {
                String(page.body[$0].split(separator: "/").last ?? "")
            }
            #expect(token != nil)
            #expect(try await admin.post("/admin/accounts/\(id)/disable", form: []).status == .seeOther)
            let holder = TestClient(app: app)
            #expect(try await holder.get("/invitations/\(token ?? "")").status == .gone)
            let used = try await holder.post(
                "/invitations/\(token ?? "")",
                form: [("password", "a brand new passphrase"), ("confirm", "a brand new passphrase")])
            #expect(used.status == .gone || used.status == .forbidden)
            struct Disabled: Decodable { let disabled: Bool }
            let row = try await app.sql.raw("SELECT disabled FROM users WHERE id = \(bind: id)").first(
                decoding: Disabled.self)
            #expect(row?.disabled == true)
            let signIn = TestClient(app: app)
            try await signIn.get("/login")
            let answer = try await signIn.post(
                "/login", form: [("username", "leaver"), ("password", "a brand new passphrase")])
            #expect(answer.status != .seeOther)
        }
    }

    @Test(
        "Chain 8: after signing in, only a path of this site is followed, however it is written",
        arguments: [
            "/%09/evil.example", "/\t/evil.example", "//evil.example", "/\\evil.example", "/%5Cevil.example",
            "/%2F/evil.example", "https://evil.example/", "/\n/evil.example", "/%0d%0a/evil.example",
            "/\u{3000}/evil.example", "javascript:alert(1)", "/%zz", "/%2f%2fevil.example",
        ])
    func openRedirect(next: String) async throws {
        try await withTestApp { app in
            try await makeUser(app, "walker", .administrator)
            let client = TestClient(app: app)
            try await client.get("/login")
            let done = try await client.post(
                "/login", form: [("username", "walker"), ("password", testPassword), ("next", next)])
            #expect(done.status == .seeOther && done.location == "/today", "\(next): \(done.location ?? "")")
            let signedIn = try await client.get(
                "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            #expect(signedIn.location == "/today", "\(next): \(signedIn.location ?? "")")
        }
    }

    @Test("A local path asked for before signing in is still followed")
    func localNext() async throws {
        try await withTestApp { app in
            try await makeUser(app, "walker", .administrator)
            let client = TestClient(app: app)
            try await client.get("/login")
            let done = try await client.post(
                "/login", form: [("username", "walker"), ("password", testPassword), ("next", "/people?q=a%20b")])
            #expect(done.location == "/people?q=a%20b")
        }
    }
}
