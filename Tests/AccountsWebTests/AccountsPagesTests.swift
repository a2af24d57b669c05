import AccountsWeb
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

@Suite("Accounts pages: models and views")
struct AccountsPagesTests {
    @Test("Sign-in: the username typed is kept, only a local page is followed, problems are listed first")
    func signIn() {
        let page = SignInPage(next: "//elsewhere.example/steal", username: "pm-a")
        let html = page.render(
            mockContext(path: "/login"), errors: [("password", "The username or password is not right")],
            status: .unauthorized
        ).html
        #expect(html.contains(#"name="next" value="/today""#), "not followed: Today instead")
        #expect(html.contains(#"id="username" name="username" value="pm-a""#))
        #expect(visibleText(html).contains("There is a problem The username or password is not right"))
        let local = SignInPage(next: "/groups/01F").render(mockContext(path: "/login")).html
        #expect(local.contains(#"name="next" value="/groups/01F""#))
    }

    @Test("The account page: name, roles with their scopes, demo marking, notices to act on, a password change")
    func account() {
        let user = CurrentUser(
            id: 7, username: "demo-pm", displayName: "Demo Practice Manager (demo)", isDemo: true,
            grants: [RoleGrant(role: .practiceManager, scope: "N81011")])
        let page = AccountPage(
            user: user,
            notices: [Notice(lead: "1 invitation waits.", href: "/practices/N81011/invitations", text: "Answer it")])
        let html = page.render(mockContext(path: "/account", user: user), done: true).html
        let text = visibleText(html)
        #expect(text.contains("Your password has been changed."))
        #expect(text.contains("1 invitation waits. Answer it"))
        #expect(text.contains("Practice manager for N81011"))
        #expect(text.contains("Demo account Yes: generated for trying Consort; not a real person"))
        #expect(html.contains(#"href="/practices/N81011/invitations""#))
    }

    @Test("The audit log page: one page of entries, newest first, filtered to a record, with paging")
    func audit() async throws {
        try await withFederation { app, _ in
            let db = Store.sql(app.db)
            let all = try await AuditPage.load(page: 1, entity: nil, entityID: nil, all: true, on: db)
            #expect(all.rows.count == all.total)
            #expect(all.rows.map(\.seq) == all.rows.map(\.seq).sorted(by: >))
            let federation = try await AuditPage.load(
                page: 1, entity: "group", entityID: "FED-0001", all: false, on: db)
            #expect(!federation.rows.isEmpty)
            #expect(federation.rows.allSatisfy { $0.entity == "group" && $0.entityId == "FED-0001" })
            // A made-up log of 120 entries shows 50 to a page.
            let many = AuditPage(rows: Array(all.rows.prefix(1)), total: 120, page: 2, entity: nil, entityID: nil)
            #expect(visibleText(many.render(mockContext(path: "/audit")).html).contains("Page 2 of 3"))
        }
    }
}

@Suite("Audit log in words")
struct AuditChangeTests {
    @Test("A change reads field by field: changed, added, removed; text that is not JSON is shown as it is")
    func change() {
        #expect(
            AuditPage.change(
                before: #"{"name":"Old","size":1,"gone":"x"}"#, after: #"{"name":"New","size":1,"new":true}"#)
                == "gone: x → removed; name: Old → New; new: true")
        #expect(AuditPage.change(before: "", after: #"{"code":"A81001"}"#) == "code: A81001")
        #expect(AuditPage.change(before: #"{"a":"1"}"#, after: #"{"a":"1"}"#) == "no field changed")
        #expect(AuditPage.change(before: "not json", after: "") == "not json")
        #expect(AuditPage.change(before: #"{"n":null}"#, after: #"{"n":[1,2]}"#) == "n: none → [1,2]")
    }
}
