import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import PeopleWeb
import Testing
import Vapor

@Suite("Invitations", .serialized)
struct InvitationTests {
    @Test(
        """
        An invited person sets a password and signs in as themselves; the link works once; only its digest is \
        stored (the email waiting to be sent holds it sealed)
        """
    )
    func invitation() async throws {
        try await withFederation { app, admin in
            try await makeUser(app, "n81011-manager", .practiceManager, scope: "N81011")
            let manager = TestClient(app: app)
            try await manager.signIn("n81011-manager", testPassword)
            let id = try await addPerson(
                manager, "Dr Ada Invited (demo)", gmc: "1234567", at: "N81011", email: "ada@example.invalid")
            // A person with no work email recorded cannot be invited: the link goes nowhere else.
            let silent = try await addPerson(manager, "Dr No Email (demo)", at: "N81011")
            let noEmail = try await manager.post("/people/\(silent)/invite", form: [("grant", "public|")])
            #expect(noEmail.status == .badRequest && noEmail.body.contains("Record Dr No Email (demo)"))
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM invitations") == 0)
            // An address given with the form is ignored: the link goes only to the one recorded.
            try await manager.get("/people/\(id)")
            let redirected = try await manager.post(
                "/people/\(id)/invite", form: [("grant", "public|"), ("invite_email", "officer@example.invalid")])
            #expect(redirected.status == .ok && redirected.body.contains("emailed to ada@example.invalid"))
            #expect(
                try await count(
                    app, "SELECT COUNT(*) AS n FROM notifications WHERE email = 'officer@example.invalid'") == 0)
            let token = try await invite(manager, id, grant: "clinician|N81011")
            // Nothing stored holds the token: not the invitation, not the outbox, not the audit log.
            for table in ["invitations", "notifications", "audit_entries"] {
                let dump = try await app.sql.raw("SELECT * FROM \(ident: table)").all().map { "\($0)" }.joined()
                #expect(!dump.contains(token), "\(table) holds the token")
            }
            #expect(
                try await count(app, "SELECT COUNT(*) AS n FROM invitations WHERE digest = '\(Tokens.digest(token))'")
                    == 1)
            #expect(
                try await count(
                    app, "SELECT COUNT(*) AS n FROM notifications WHERE kind = 'invitation' AND secret IS NOT NULL")
                    == 2)  // the one sent above, replaced by this one
            // A username already taken is refused and the link still works.
            let person = TestClient(app: app)
            try await person.get("/invitations/\(token)")
            let taken = try await person.post(
                "/invitations/\(token)",
                form: [("username", "admin"), ("password", testPassword), ("confirm", testPassword)])
            #expect(taken.status == .conflict && taken.body.contains("is taken"), "\(taken.status)")
            let differ = try await person.post(
                "/invitations/\(token)",
                form: [("username", "ada"), ("password", testPassword), ("confirm", "something else entirely")])
            #expect(differ.status == .badRequest && differ.body.contains("The two passwords differ"))
            let signedIn = try await accept(app, token, username: "ada.invited")
            let me = try await signedIn.get("/me")
            #expect(me.status == .ok && me.body.contains("Dr Ada Invited (demo)"), "\(me.status)")
            // The account carries the person and the role the invitation gave.
            let grants = try await signedIn.get("/api/v1/me").body
            #expect(grants.contains(#""role":"clinician""#) && grants.contains("N81011"), "\(grants)")
            // Used once: the link now answers 410 and cannot set a password again.
            #expect(try await TestClient(app: app).get("/invitations/\(token)").status == .gone)
            let again = try await TestClient(app: app).post(
                "/invitations/\(token)",
                form: [("username", "ada2"), ("password", testPassword), ("confirm", testPassword)])
            #expect(again.status == .gone || again.status == .forbidden)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM users WHERE person_id = \(id)") == 1)
            // A second invitation of someone with an account is refused.
            let twice = try await manager.post("/people/\(id)/invite", form: [("grant", "public|")])
            #expect(twice.status == .conflict && twice.body.contains("already has an account"))
            _ = admin
        }
    }

    @Test("A link older than 7 days, or replaced by a newer one, answers 410 and creates nothing")
    func expiry() async throws {
        try await withFederation { app, admin in
            let id = try await addPerson(admin, "Dr Late (demo)", at: "N81011", email: "late@example.invalid")
            let db = app.sql
            let person = try await Directory.require(id, on: db)
            let officer = CurrentUser(
                id: 1, username: "admin", displayName: "Admin", isDemo: false,
                grants: [RoleGrant(role: .administrator, scope: nil)])
            try await Invitations.invite(
                person, grant: RoleGrant(role: .public, scope: nil), by: officer, app: app,
                now: Date().addingTimeInterval(-8 * 86_400))
            let old = try await emailedSecret(app, person: id)
            #expect(try await TestClient(app: app).get("/invitations/\(old)").status == .gone)
            // Within the week it works; a newer invitation replaces it.
            try await Invitations.invite(
                person, grant: RoleGrant(role: .public, scope: nil), by: officer, app: app,
                now: Date().addingTimeInterval(-6 * 86_400))
            let first = try await emailedSecret(app, person: id)
            #expect(try await TestClient(app: app).get("/invitations/\(first)").status == .ok)
            let second = try await invite(admin, id)
            #expect(try await TestClient(app: app).get("/invitations/\(first)").status == .gone)
            #expect(try await TestClient(app: app).get("/invitations/not-a-token").status == .gone)
            _ = try await accept(app, second, username: "dr.late")
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM users WHERE username = 'dr.late'") == 1)
        }
    }

    @Test("An administrator's reset link sets a new password once and ends the account's sessions")
    func reset() async throws {
        try await withFederation { app, admin in
            try await makeUser(app, "forgetful", .practiceManager, scope: "N81011")
            let holder = TestClient(app: app)
            try await holder.signIn("forgetful", testPassword)
            #expect(try await holder.get("/account").status == .ok)
            struct ID: Decodable { let id: Int64 }
            let id = try await app.sql.raw("SELECT id FROM users WHERE username = 'forgetful'").first(
                decoding: ID.self)!.id
            try await admin.get("/admin/accounts/\(id)")
            let page = try await admin.post("/admin/accounts/\(id)/reset", form: [])
            let token = page.body.range(of: #"/invitations/[A-Za-z0-9_-]{43}"#, options: .regularExpression).map {
                String(page.body[$0].split(separator: "/").last ?? "")
            }
            #expect(token != nil, "\(page.status)")
            let newPassword = "a different long passphrase"
            let client = TestClient(app: app)
            #expect(try await client.get("/invitations/\(token ?? "")").body.contains("Set a new password"))
            let done = try await client.post(
                "/invitations/\(token ?? "")", form: [("password", newPassword), ("confirm", newPassword)])
            #expect(done.status == .seeOther, "\(problems(done))")
            // The old session ended; the new password works, the old one does not.
            #expect(try await holder.get("/account").status == .seeOther)
            let stale = TestClient(app: app)
            try await stale.signIn("forgetful", testPassword)
            #expect(try await stale.get("/account").status == .seeOther)
            let fresh = TestClient(app: app)
            try await fresh.signIn("forgetful", newPassword)
            #expect(try await fresh.get("/account").status == .ok)
            // Disabled accounts cannot sign in; the administrator cannot disable their own.
            #expect(try await admin.post("/admin/accounts/\(id)/disable", form: []).status == .seeOther)
            #expect(try await fresh.get("/account").status == .seeOther)
            #expect(try await admin.post("/admin/accounts/1/disable", form: []).status == .badRequest)
        }
    }
}
