import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import Testing
import Vapor

@Suite("Federations")
struct FederationTests {
    @Test("Recording a federation with members, then its page at dates before and after")
    func create() async throws {
        try await withFederation { app, admin in
            let page = try await admin.get("/groups/FED-0001?date=2022-06-01")
            #expect(page.body.contains("Halton Together"))
            #expect(page.body.contains("Company limited by guarantee"))
            #expect(page.body.contains("<li><span class=\"figure\">2</span>member practices</li>"))
            let before = try await admin.get("/groups/FED-0001?date=2022-02-01")
            #expect(before.body.contains("This group is recorded from 1 March 2022"))
            let practice = try await admin.get("/api/v1/practices/N81011?date=2022-06-01")
            #expect(practice.body.contains("FED-0001"))
            let list = try await admin.get("/federations?date=2022-06-01")
            #expect(list.body.contains("Halton Together"))
            // A federation may span consortia: add a Bassetlaw practice too.
            try await admin.get("/groups/FED-0001/edit")
            let added = try await admin.post(
                "/groups/FED-0001/members",
                form: [("practice", "C84001"), ("valid_from", "2022-05-01"), ("valid_to", "")])
            #expect(added.status == .seeOther)
            let group = try await admin.get("/api/v1/groups/FED-0001?date=2022-06-01")
            #expect(group.body.contains("\"practices\":3"))
            let april = try await admin.get("/api/v1/groups/FED-0001?date=2022-04-01")
            #expect(april.body.contains("\"practices\":2"))
        }
    }

    @Test("Validation: every problem is shown beside its field, and nothing is written")
    func validation() async throws {
        try await withFederation { app, admin in
            try await admin.get("/federations/new")
            let bad = try await admin.post(
                "/federations/new",
                form: [("name", ""), ("legal_form", "sole-trader"), ("valid_from", "2022-13-01"), ("members", "")])
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("There is a problem"))
            #expect(bad.body.contains("Enter the federation&#39;s name"))
            #expect(bad.body.contains("Choose a legal form"))
            #expect(bad.body.contains("Enter the date the federation was formed"))
            let unknown = try await admin.post(
                "/federations/new", form: [("name", "X"), ("valid_from", "2022-01-01"), ("members", "N81011 Z99999")])
            #expect(unknown.status == .badRequest)
            #expect(unknown.body.contains("Z99999 is not a practice in the registry"))
            let twice = try await admin.post(
                "/federations/new", form: [("name", "X"), ("valid_from", "2022-01-01"), ("members", "N81011,N81011")])
            #expect(twice.body.contains("N81011 is listed twice"))
            #expect(
                try await app.sql.raw("SELECT COUNT(*) AS n FROM organisations WHERE kind = 'federation'").first(
                    decoding: Count.self)?.n == 1)

            try await admin.get("/groups/FED-0001/edit")
            let overlap = try await admin.post(
                "/groups/FED-0001/members", form: [("practice", "N81011"), ("valid_from", "2022-06-01")])
            #expect(overlap.status == .badRequest)
            #expect(overlap.body.contains("already a member from 1 March 2022"))
            let early = try await admin.post(
                "/groups/FED-0001/members", form: [("practice", "N81035"), ("valid_from", "2021-01-01")])
            #expect(early.body.contains("cannot join before the federation was formed"))
            let backwards = try await admin.post(
                "/groups/FED-0001/members",
                form: [("practice", "N81035"), ("valid_from", "2022-06-01"), ("valid_to", "2022-05-01")])
            #expect(backwards.body.contains("must be after the date it joined"))
            let shrink = try await admin.post(
                "/groups/FED-0001/edit", form: [("name", "Halton Together"), ("valid_from", "2022-04-01")])
            #expect(shrink.status == .badRequest)
            #expect(shrink.body.contains("joined on 2022-03-01, before 2022-04-01"))
        }
    }

    @Test("Ending and removing memberships, each recorded in the audit log with before and after")
    func endAndRemove() async throws {
        try await withFederation { app, admin in
            let api = try await admin.get("/api/v1/groups/FED-0001?date=2022-06-01")
            struct Group: Decodable {
                struct H: Decodable {
                    let id: Int64
                    let practice: String
                }
                let history: [H]
            }
            let history = try api.json(Group.self).history
            let n81011 = try #require(history.first { $0.practice == "N81011" }).id
            let n81019 = try #require(history.first { $0.practice == "N81019" }).id
            try await admin.get("/groups/FED-0001/edit")
            let ended = try await admin.post("/groups/FED-0001/members/\(n81011)", form: [("valid_to", "2022-09-30")])
            #expect(ended.status == .seeOther)
            #expect(try await admin.get("/api/v1/groups/FED-0001?date=2022-10-01").body.contains("\"practices\":1"))
            #expect(try await admin.get("/api/v1/groups/FED-0001?date=2022-09-29").body.contains("\"practices\":2"))
            let removed = try await admin.post("/groups/FED-0001/members/\(n81019)", form: [("action", "remove")])
            #expect(removed.status == .seeOther)
            #expect(try await admin.get("/api/v1/groups/FED-0001?date=2022-06-01").body.contains("\"practices\":1"))
            let audit = try await admin.get("/api/v1/audit?entity=membership")
            #expect(audit.body.contains("federation.member.end"))
            #expect(audit.body.contains("federation.member.remove"))
            #expect(audit.body.contains("2022-09-30"))
            guard case .intact(let count, _) = try await app.verifyAudit() else {
                Issue.record("audit chain broken")
                return
            }
            // import, user, federation, two members, the end and the removal
            #expect(count == 7)
        }
    }

    @Test("The API records and edits federations with the same rules")
    func api() async throws {
        try await withFederation { app, admin in
            try await admin.get("/api/v1/me")
            let me = try await admin.get("/api/v1/me")
            struct Me: Decodable { let csrfToken: String? }
            let token = try #require(try me.json(Me.self).csrfToken)
            let created = try await admin.json(
                .POST, "/api/v1/federations",
                "{\"name\":\"API Fed\",\"legalForm\":\"llp\",\"validFrom\":\"2022-01-01\",\"members\":[\"c84001\"]}",
                headers: ["X-CSRF-Token": token])
            #expect(created.status == .created)
            #expect(created.headers.first(name: .location) == "/api/v1/groups/FED-0002")
            let patched = try await admin.json(
                .PATCH, "/api/v1/federations/FED-0002", "{\"name\":\"API Federation\"}",
                headers: ["X-CSRF-Token": token])
            #expect(patched.status == .ok)
            #expect(patched.body.contains("\"name\":\"API Federation\""))
            #expect(patched.body.contains("\"legalForm\":\"llp\""))
            let bad = try await admin.json(
                .POST, "/api/v1/federations/FED-0002/members", "{\"practice\":\"C84008\",\"validFrom\":\"soon\"}",
                headers: ["X-CSRF-Token": token])
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("\"reason\""))
            let added = try await admin.json(
                .POST, "/api/v1/federations/FED-0002/members", "{\"practice\":\"C84008\",\"validFrom\":\"2022-02-01\"}",
                headers: ["X-CSRF-Token": token])
            #expect(added.status == .created)
            struct Added: Decodable { let id: Int64 }
            let id = try added.json(Added.self).id
            #expect(
                try await admin.json(
                    .PATCH, "/api/v1/federations/FED-0002/members/\(id)", "{\"validTo\":\"2022-12-31\"}",
                    headers: ["X-CSRF-Token": token]
                ).status == .noContent)
            #expect(
                try await admin.json(
                    .DELETE, "/api/v1/federations/FED-0002/members/\(id)", headers: ["X-CSRF-Token": token]
                ).status == .noContent)
            #expect(
                try await admin.json(
                    .DELETE, "/api/v1/federations/FED-0002/members/\(id)", headers: ["X-CSRF-Token": token]
                ).status == .notFound)
            let nhs = try await admin.json(
                .PATCH, "/api/v1/federations/U79408", "{\"name\":\"X\"}", headers: ["X-CSRF-Token": token])
            #expect(nhs.status == .forbidden)
        }
    }
}

/// What each role may do, route by route.
@Suite("Permissions by role")
struct PermissionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let role: Role?
        let scope: String?
        let canCreate: Bool
        let canEdit: Bool
        let canAudit: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(name: "administrator", role: .administrator, scope: nil, canCreate: true, canEdit: true, canAudit: true),
        .init(
            name: "consortium officer of a member's consortium", role: .consortiumOfficer, scope: "01F",
            canCreate: true, canEdit: true, canAudit: true),
        .init(
            name: "consortium officer elsewhere", role: .consortiumOfficer, scope: "02Q", canCreate: true,
            canEdit: false, canAudit: true),
        .init(
            name: "federation manager of the federation", role: .federationManager, scope: "FED-0001", canCreate: false,
            canEdit: true, canAudit: false),
        .init(
            name: "federation manager of a PCN", role: .federationManager, scope: "U79408", canCreate: false,
            canEdit: false, canAudit: false),
        .init(
            name: "practice manager of a member", role: .practiceManager, scope: "N81011", canCreate: false,
            canEdit: false, canAudit: false),
        .init(name: "clinician", role: .clinician, scope: "N81011", canCreate: false, canEdit: false, canAudit: false),
        .init(name: "LMC officer", role: .lmcOfficer, scope: "01F", canCreate: false, canEdit: false, canAudit: false),
        .init(name: "public account", role: .public, scope: nil, canCreate: false, canEdit: false, canAudit: false),
        .init(name: "signed out", role: nil, scope: nil, canCreate: false, canEdit: false, canAudit: false),
    ]

    @Test("Routes that change data or show the audit log check role and scope", arguments: cases)
    func matrix(_ c: Case) async throws {
        try await withFederation { app, admin in
            let client = TestClient(app: app)
            if let role = c.role {
                try await makeUser(app, "someone", role, scope: c.scope)
                #expect(try await client.signIn("someone", testPassword).status == .seeOther)
            } else {
                try await client.get("/login")
            }
            struct ID: Decodable { let id: Int64 }
            let ids = try await app.sql.raw("SELECT id FROM memberships WHERE group_code = 'FED-0001' ORDER BY id").all(
                decoding: ID.self
            ).map(\.id)
            #expect(ids.count == 2)
            let denied: HTTPStatus = c.role == nil ? .seeOther : .forbidden
            let apiDenied: HTTPStatus = c.role == nil ? .unauthorized : .forbidden

            let newForm = try await client.get("/federations/new")
            #expect(newForm.status == (c.canCreate ? .ok : denied))
            if c.role == nil { #expect(newForm.location?.hasPrefix("/login?next=") == true) }
            let create = try await client.post(
                "/federations/new", form: [("name", "Made by \(c.name)"), ("valid_from", "2022-01-01")])
            #expect(create.status == (c.canCreate ? .seeOther : denied))
            let apiCreate = try await client.json(
                .POST, "/api/v1/federations", "{\"name\":\"API \(c.name)\",\"validFrom\":\"2022-01-01\"}")
            #expect(apiCreate.status == (c.canCreate ? .created : apiDenied))

            let editForm = try await client.get("/groups/FED-0001/edit")
            #expect(editForm.status == (c.canEdit ? .ok : denied))
            let edit = try await client.post(
                "/groups/FED-0001/edit", form: [("name", "Renamed"), ("valid_from", "2022-03-01")])
            #expect(edit.status == (c.canEdit ? .seeOther : denied))
            let add = try await client.post(
                "/groups/FED-0001/members", form: [("practice", "N81035"), ("valid_from", "2022-06-01")])
            #expect(add.status == (c.canEdit ? .seeOther : denied))
            let end = try await client.post("/groups/FED-0001/members/\(ids[0])", form: [("valid_to", "2022-12-31")])
            #expect(end.status == (c.canEdit ? .seeOther : denied))
            let apiPatch = try await client.json(
                .PATCH, "/api/v1/federations/FED-0001", "{\"description\":\"changed\"}")
            #expect(apiPatch.status == (c.canEdit ? .ok : apiDenied))
            let apiRemove = try await client.json(.DELETE, "/api/v1/federations/FED-0001/members/\(ids[1])")
            #expect(apiRemove.status == (c.canEdit ? .noContent : apiDenied))

            // NHS groups are never edited by hand, whoever asks.
            let pcn = try await client.get("/groups/U79408/edit")
            #expect(pcn.status == (c.role == nil ? .seeOther : .forbidden))

            let audit = try await client.get("/audit")
            #expect(audit.status == (c.canAudit ? .ok : denied))
            let apiAudit = try await client.get("/api/v1/audit")
            #expect(apiAudit.status == (c.canAudit ? .ok : apiDenied))

            // Reading is open to everyone.
            for path in ["/", "/practices", "/groups/FED-0001", "/federations", "/api/v1/groups/FED-0001", "/imports"] {
                #expect(try await client.get(path).status == .ok, "\(path)")
            }
        }
    }
}
