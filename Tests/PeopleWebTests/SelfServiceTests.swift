import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

/// A hub for a federation with GP sessions Mon–Fri 18:30–20:00; returns its id.
func openHub(_ admin: TestClient, _ federation: String) async throws -> Int64 {
    try await admin.get("/account")
    let hub = try await admin.json(.POST, "/api/v1/hubs", #"{"group":"\#(federation)","name":"Hub of \#(federation)"}"#)
    let id = try hub.json([String: Int64].self)["id"] ?? 0
    #expect(
        try await admin.post(
            "/hubs/\(id)/templates",
            form: [("room", "Room 1"), ("days", "Mon-Fri"), ("start", "18:30"), ("end", "20:00"), ("role", "gp")]
        ).status == .seeOther)
    return id
}

/// Puts the person with a GMC number on a federation's hub list; returns the clinician row's id.
func listClinician(
    _ app: Application, _ admin: TestClient, _ federation: String, hub: Int64, name: String, gmc: String,
    practice: String, limit: Int = 20
) async throws -> Int64 {
    let added = try await admin.post(
        "/groups/\(federation)/access/clinicians",
        form: [
            ("name", name), ("registration", gmc), ("role", "gp"), ("practice", practice),
            ("max_sessions", String(limit)), ("hubs[]", String(hub)), ("availability", "Mon-Fri 18:00-21:00"),
        ])
    #expect(added.status == .seeOther, "\(problems(added))")
    struct ID: Decodable { let id: Int64 }
    return try await app.sql.raw(
        """
        SELECT c.id FROM clinicians c JOIN people p ON p.id = c.person_id \
        WHERE c.group_code = \(bind: federation) AND p.gmc_number = \(bind: gmc)
        """
    ).first(decoding: ID.self)?.id ?? 0
}

/// Puts the person with a GMC number on a body's register; returns the register entry's id.
func register(_ admin: TestClient, _ body: String, name: String, gmc: String) async throws -> Int64 {
    try await admin.get("/groups/\(body)/governance")
    let added = try await admin.post(
        "/groups/\(body)/governance/people", form: [("name", name), ("registration", gmc)])
    #expect(added.status == .seeOther, "\(problems(added))")
    return Int64(added.location?.split(separator: "/").last ?? "") ?? 0
}

@Suite("One's own record", .serialized)
struct SelfServiceTests {
    @Test(
        """
        Signed in as themselves, people declare, record credentials and give availability; one person can neither \
        read nor change another's; officers acting for someone are recorded as such; the public sees only the registers
        """
    )
    func ownRecordOnly() async throws {
        try await withFederation { app, admin in
            let a = try await addPerson(
                admin, "Dr Ann Own (demo)", gmc: "1111111", at: "N81011", email: "ann@example.invalid")
            let b = try await addPerson(
                admin, "Dr Bea Other (demo)", gmc: "2222222", at: "N81019", email: "bea@example.invalid")
            let ra = try await register(admin, "01F", name: "Dr Ann Own (demo)", gmc: "1111111")
            let rb = try await register(admin, "01F", name: "Dr Bea Other (demo)", gmc: "2222222")
            let hub = try await openHub(admin, "FED-0001")
            let ca = try await listClinician(
                app, admin, "FED-0001", hub: hub, name: "Dr Ann Own (demo)", gmc: "1111111", practice: "N81011")
            let cb = try await listClinician(
                app, admin, "FED-0001", hub: hub, name: "Dr Bea Other (demo)", gmc: "2222222", practice: "N81019")
            #expect(
                try await count(app, "SELECT COUNT(*) AS n FROM people") == 2,
                "the registers and hub list found the same people")
            let ann = try await accept(app, try await invite(admin, a), username: "ann")
            let bea = try await accept(app, try await invite(admin, b), username: "bea")

            // Ann declares a nil return for herself: declared today, audited as by herself.
            try await ann.get("/me/declarations")
            let declared = try await ann.post(
                "/me/declarations",
                form: [
                    ("person", String(ra)), ("kind", "nil"), ("from", "2022-01-01"),
                    ("declared_on", "2001-01-01"),
                ])
            #expect(declared.status == .seeOther, "\(problems(declared))")
            #expect(
                try await count(
                    app,
                    "SELECT COUNT(*) AS n FROM gov_declarations WHERE person_id = \(ra) AND declared_on = "
                        + "'\(Day.today().iso)'"
                )
                    == 1)
            #expect(
                try await count(
                    app,
                    "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'governance.declaration.add' "
                        + "AND after_json LIKE '%\"by\":\"self\"%'"
                )
                    == 1)
            // Bea cannot declare on Ann's entry, nor see it.
            try await bea.get("/me/declarations")
            let forged = try await bea.post(
                "/me/declarations", form: [("person", String(ra)), ("kind", "nil"), ("from", "2022-01-01")])
            #expect(forged.status == .notFound)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM gov_declarations") == 1)
            #expect(!(try await bea.get("/me/declarations").body.contains("Dr Ann Own")))
            #expect(
                try await bea.post(
                    "/me/declarations/end?person=\(ra)", form: [("declaration", "1"), ("to", "2023-01-01")]
                ).status == .notFound)
            // Availability: each their own row only.
            try await ann.get("/me/availability")
            let saved = try await ann.post(
                "/me/availability",
                form: [("clinician", String(ca)), ("availability-\(ca)", "Sat 08:15-17:45"), ("max-\(ca)", "3")])
            #expect(saved.status == .seeOther, "\(problems(saved))")
            try await bea.get("/me/availability")
            let theirs = try await bea.post(
                "/me/availability",
                form: [("clinician", String(ca)), ("availability-\(ca)", "Sun 08:00-18:00"), ("max-\(ca)", "60")])
            #expect(theirs.status == .notFound)
            #expect(
                try await count(
                    app,
                    "SELECT COUNT(*) AS n FROM clinicians WHERE id = \(ca) AND availability = 'Sat "
                        + "08:15-17:45' AND max_sessions_per_month = 3"
                )
                    == 1)
            #expect(!(try await bea.get("/me/availability").body.contains("08:15")))
            _ = cb
            // Credentials: Ann records hers; Bea cannot remove it or read it.
            try await ann.get("/me")
            #expect(
                try await ann.post(
                    "/me/credentials",
                    form: [
                        ("credential", "indemnity"), ("reference", "POL-ANN-1"), ("issued_on", "2026-01-01"),
                        ("expires_on", "2027-01-01"),
                    ]
                ).status == .seeOther)
            struct ID: Decodable { let id: Int64 }
            let credential =
                try await app.sql.raw("SELECT id FROM person_credentials WHERE person_id = \(bind: a)")
                .first(decoding: ID.self)?.id ?? 0
            try await bea.get("/me")
            let removed = try await bea.post("/me/remove-credential", form: [("credential_id", String(credential))])
            #expect(removed.status == .notFound, "\(removed.status)")
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM person_credentials") == 1)
            #expect(try await ann.get("/me").body.contains("POL-ANN-1"))
            #expect(!(try await bea.get("/me").body.contains("POL-ANN-1")))
            // Nor the directory, the API or Ann's page: self-service accounts are not officers.
            #expect(try await bea.get("/people/\(a)").status == .forbidden)
            #expect(try await bea.get("/api/v1/people/\(a)").status == .forbidden)
            #expect(try await bea.get("/api/v1/me/person").body.contains("Dr Bea Other"))
            #expect(!(try await bea.get("/api/v1/me/person").body.contains("Ann")))
            // An officer acting for Bea is recorded as an officer.
            try await admin.get("/governance/people/\(rb)")
            #expect(
                try await admin.post(
                    "/governance/people/\(rb)/declarations",
                    form: [("kind", "nil"), ("from", "2022-01-01"), ("declared_on", "2022-01-05")]
                ).status == .seeOther)
            #expect(
                try await count(
                    app,
                    "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'governance.declaration.add' "
                        + "AND after_json LIKE '%\"by\":\"officer\"%'"
                )
                    == 1)
            // The public: the register of interests shows only decision-makers' declarations; neither has a seat.
            let anonymous = TestClient(app: app)
            #expect(!(try await anonymous.get("/groups/01F/governance/interests").body.contains("Dr Ann Own")))
            #expect(try await anonymous.get("/me").location?.hasPrefix("/login") == true)
            #expect(try await anonymous.get("/people").location?.hasPrefix("/login") == true)
        }
    }
}
