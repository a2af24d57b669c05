import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import Quality
import QualityWeb
import Testing
import Vapor

@Suite("Inspection readiness pages", .serialized)
struct ReadinessPagesTests {
    static func client(_ app: Application, _ name: String, _ role: Role, _ scope: String?) async throws -> TestClient {
        try await makeUser(app, name, role, scope: scope)
        let c = TestClient(app: app)
        try await c.signIn(name, testPassword)
        return c
    }

    @Test(
        """
        A practice manager records evidence for their practice only, with errors named by field; the federation's \
        manager sees the matrix of its members, shares a policy, the practice adopts it; retiring stops it counting
        """
    )
    func evidenceAndMatrix() async throws {
        try await withFederation { app, admin in
            _ = try await QualityStore.load(
                directory: repositoryRoot.appendingPathComponent("data/quality"), on: app.db)
            let pm = try await Self.client(app, "pm-a", .practiceManager, "N81011")
            let fed = try await Self.client(app, "fed", .federationManager, "FED-0001")
            let clin = try await Self.client(app, "clin", .clinician, "N81019")
            try await pm.get("/account")
            // The empty state: 34 statements, all missing; the rating from the shipped data.
            let empty = try await pm.get("/practices/N81011/readiness")
            #expect(empty.status == .ok)
            #expect(empty.body.contains("0 current, 0 due for review, 0 out of date, 34 missing of 34 statements"))
            #expect(empty.body.contains("<strong>Good</strong> (published 2016)"))
            #expect(empty.body.contains("Gaps to close (34)"))
            // Bad input: each field named.
            let bad = try await pm.post(
                "/practices/N81011/readiness/evidence",
                form: [("title", ""), ("gathered_on", "2099-01-01"), ("statements[]", "safe/not-a-statement")])
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("href=\"#title\"") && bad.body.contains("href=\"#gathered_on\""))
            #expect(bad.body.contains("is not one of CQC&#39;s statements") || bad.body.contains("not one of CQC"))
            let wrongOrder = try await pm.post(
                "/practices/N81011/readiness/evidence",
                form: [
                    ("title", "IPC audit"), ("gathered_on", "2026-01-10"), ("review_on", "2025-01-01"),
                    ("statements[]", "safe/infection-prevention-control"),
                ])
            #expect(wrongOrder.status == .badRequest && wrongOrder.body.contains("review date must be after"))
            // Good input, review date defaulting to 12 months on.
            let today = Day.today()
            let added = try await pm.post(
                "/practices/N81011/readiness/evidence",
                form: [
                    ("title", "Safeguarding policy"), ("gathered_on", today.adding(days: -10).iso),
                    ("statements[]", "safe/safeguarding"), ("statements[]", "safe/learning-culture"),
                ])
            #expect(added.status == .seeOther && added.location == "/practices/N81011/readiness#evidence")
            let page = try await pm.get("/practices/N81011/readiness")
            #expect(page.body.contains("2 current, 0 due for review, 0 out of date, 32 missing of 34 statements"))
            let csv = try CSVReader.parse(try await pm.get("/practices/N81011/readiness.csv?table=statements").body)
                .map(\.fields)
            #expect(csv.count == 35)
            #expect(csv[3][0] == "S3" && csv[3][3] == "Current" && csv[3][4] == "Safeguarding policy")
            #expect(csv[3][5] == today.adding(days: -10).addingMonths(12).iso)
            // Only the practice's own managers write; others are refused before anything is read.
            #expect(
                try await pm.post("/practices/N81019/readiness/evidence", form: [("title", "x")]).status == .forbidden)
            #expect(try await clin.post("/practices/N81019/readiness/evidence", form: []).status == .forbidden)
            #expect(try await clin.get("/practices/N81019/readiness").status == .ok)
            #expect(try await clin.get("/practices/N81011/readiness").status == .forbidden)
            // The matrix: the federation's manager; not a practice manager.
            #expect(try await pm.get("/groups/FED-0001/readiness").status == .forbidden)
            let matrix = try await fed.get("/groups/FED-0001/readiness")
            #expect(matrix.status == .ok)
            #expect(matrix.body.contains("S3: Current"))
            let rows = try CSVReader.parse(try await fed.get("/groups/FED-0001/readiness.csv?table=matrix").body)
                .map(\.fields)
            #expect(rows.count == 3)
            let n81011 = try #require(rows.first { $0.first == "N81011" })
            #expect(n81011[2] == "Current" && n81011[3] == "Missing" && n81011[4] == "Current", "S1, S2, S3")
            #expect(n81011[n81011.count - 3] == "32" && n81011[n81011.count - 2] == "Good")
            // A federation manager reads members' readiness but does not edit their evidence.
            #expect(try await fed.get("/practices/N81011/readiness").status == .ok)
            #expect(
                try await fed.post("/practices/N81011/readiness/evidence", form: [("title", "x")]).status == .forbidden)
            // A shared policy, adopted by N81011.
            try await fed.get("/groups/FED-0001/readiness")
            let shared = try await fed.post(
                "/groups/FED-0001/readiness/policies",
                form: [
                    ("title", "Federation freedom to speak up policy"), ("gathered_on", today.adding(days: -400).iso),
                    ("review_on", today.adding(days: 20).iso), ("statements[]", "well-led/freedom-speak-up"),
                ])
            #expect(shared.status == .seeOther)
            let offered = try await pm.get("/practices/N81011/readiness")
            #expect(offered.body.contains("Federation freedom to speak up policy from Halton Together"))
            let policy = try #require(
                try await app.sql.raw("SELECT id FROM readiness_evidence WHERE owner_kind = 'group'")
                    .first(decoding: ID.self)?.id)
            #expect(
                try await pm.post("/practices/N81011/readiness/adopt", form: [("policy", "999")]).status == .badRequest)
            #expect(
                try await pm.post("/practices/N81011/readiness/adopt", form: [("policy", String(policy))]).status
                    == .seeOther)
            let adopted = try await pm.get("/practices/N81011/readiness")
            #expect(adopted.body.contains("2 current, 1 due for review, 0 out of date, 31 missing of 34 statements"))
            let fedRows = try CSVReader.parse(try await fed.get("/groups/FED-0001/readiness.csv?table=matrix").body)
                .map(\.fields)
            #expect(fedRows.first { $0.first == "N81011" }?[2 + 28] == "Due for review", "W3 freedom to speak up")
            // Retiring: only the owner's managers; the practice's evidence stops counting.
            let own = try #require(
                try await app.sql.raw("SELECT id FROM readiness_evidence WHERE owner_kind = 'practice'")
                    .first(decoding: ID.self)?.id)
            #expect(try await fed.post("/readiness/evidence/\(own)/retire", form: []).status == .notFound)
            #expect(try await pm.post("/readiness/evidence/\(policy)/retire", form: []).status == .notFound)
            #expect(try await pm.post("/readiness/evidence/\(own)/retire", form: []).status == .seeOther)
            let after = try await pm.get("/practices/N81011/readiness")
            #expect(after.body.contains("0 current, 1 due for review, 0 out of date, 33 missing of 34 statements"))
            // Every write is in the audit log.
            struct N: Decodable { let n: Int }
            let audited = try await app.sql.raw(
                "SELECT COUNT(*) AS n FROM audit_entries WHERE action LIKE 'readiness.%'"
            ).first(decoding: N.self)?.n
            #expect(audited == 4)
            _ = admin
        }
    }

    struct ID: Decodable { let id: Int64 }

    @Test("DSPT: recorded with its standards, refused when inconsistent; reminders to the practice's managers, once")
    func dspt() async throws {
        try await withFederation { app, admin in
            let pm = try await Self.client(app, "pm-a", .practiceManager, "N81011")
            try await pm.get("/account")
            // The practice manager's account belongs to a person with a work email: reminders go there too.
            let person = try await admin.post(
                "/people",
                form: [
                    ("name", "Practice manager (demo)"), ("email", "pm@example.invalid"), ("organisation", "N81011"),
                    ("role", "practice-manager"), ("from", "2022-01-01"),
                ])
            let personID = String(person.location?.split(separator: "/").last ?? "")
            let account = try #require(
                try await app.sql.raw("SELECT id FROM users WHERE username = 'pm-a'").first(decoding: ID.self)?.id)
            #expect(
                try await admin.post("/admin/accounts/\(account)/link", form: [("person", personID)]).status
                    == .seeOther,
                "\(person.status) \(person.body.prefix(200))")
            let today = Day.today()
            let year = DSPT.Year.due(on: today).previous
            let bad = try await pm.post(
                "/practices/N81011/readiness/dspt",
                form: [("year", year.description), ("status", "standards-met"), ("published_on", today.iso)]
                    + (1...9).map { ("standards[]", String($0)) })
            #expect(bad.status == .badRequest && bad.body.contains("means all 10 standards were met"))
            #expect(
                try await pm.post(
                    "/practices/N81011/readiness/dspt",
                    form: [("year", "2025-27"), ("status", "x"), ("published_on", "soon")]
                ).body.contains("href=\"#year\""))
            // Nothing recorded: overdue, and the sweep reminds the practice manager once.
            try await DSPTSweep.run(app, on: today)
            try await DSPTSweep.run(app, on: today)
            struct Row: Decodable {
                let subject: String
                let link: String
                let email: String?
            }
            // The federation's view of its members' toolkit.
            let fed = try await Self.client(app, "fed-a", .federationManager, "FED-0001")
            let dspt = try CSVReader.parse(try await fed.get("/groups/FED-0001/readiness.csv?table=dspt").body)
                .map(\.fields)
            #expect(dspt.count == 3 && dspt.dropFirst().allSatisfy { $0[6] == "No" })
            var sent = try await app.sql.raw("SELECT subject, link, email FROM notifications WHERE kind = 'dspt'")
                .all(decoding: Row.self)
            #expect(sent.count == 1)
            #expect(sent.first?.email == "pm@example.invalid", "sent to the person's work email too")
            #expect(sent.first?.link == "/practices/N81011/readiness#dspt")
            #expect(sent.first?.subject.contains("needs action") == true)
            // Recorded as met: the standing says so, and no further reminder is due until 60 days before the deadline.
            let ok = try await pm.post(
                "/practices/N81011/readiness/dspt",
                form: [("year", year.description), ("status", "standards-met"), ("published_on", today.iso)]
                    + (1...10).map { ("standards[]", String($0)) })
            #expect(ok.status == .seeOther)
            let page = try await pm.get("/practices/N81011/readiness")
            #expect(page.body.contains("Standards Met \(year)"))
            let after = try CSVReader.parse(try await fed.get("/groups/FED-0001/readiness.csv?table=dspt").body)
                .map(\.fields)
            let row = try #require(after.first { $0.first == "N81011" })
            #expect(row[2] == year.description && row[3] == "Standards Met" && row[5] == "10" && row[6] == "Yes")
            let next = DSPT.Year.due(on: today)
            try await DSPTSweep.run(app, on: next.deadline.adding(days: -45))
            sent = try await app.sql.raw("SELECT subject, link, email FROM notifications WHERE kind = 'dspt'")
                .all(decoding: Row.self)
            #expect(sent.count == 2)
            #expect(sent.last?.subject.contains("the \(next) data security toolkit is due") == true)
        }
    }

    @Test("The one-page report lists all 34 statements under the five key questions, with the sources")
    func report() async throws {
        try await withFederation { app, admin in
            let report = try await admin.get("/practices/N81011/readiness/report")
            #expect(report.status == .ok)
            #expect(report.body.components(separatedBy: "<th scope=\"row\">").count - 1 == 34)
            for q in KeyQuestion.allCases { #expect(report.body.contains("scope=\"rowgroup\">\(q.title)<")) }
            #expect(
                report.body.contains("single assessment framework") && report.body.contains("National Data Guardian"))
            #expect(try await TestClient(app: app).get("/practices/N81011/readiness/report").status == .seeOther)
        }
    }
}
