import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import Testing
import Vapor

@Suite("Planner pages", .serialized)
struct PlannerAppTests {
    @Test("Only planners see plans: signed out goes to sign in, a practice manager is refused")
    func permissions() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let anonymous = TestClient(app: app)
            let list = try await anonymous.get("/plans")
            #expect(list.status == .seeOther)
            #expect(list.location?.hasPrefix("/login") == true)
            #expect(try await anonymous.get("/api/v1/plans").status == .unauthorized)
            try await makeUser(app, "pmanager", .practiceManager, scope: "N81011")
            let pm = TestClient(app: app)
            try await pm.signIn("pmanager", testPassword)
            #expect(try await pm.get("/plans").status == .forbidden)
            #expect(try await pm.get("/plans/new").status == .forbidden)
        }
    }

    @Test("A bad form names every field at fault and saves nothing")
    func validation() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "admin", .administrator)
            let admin = TestClient(app: app)
            try await admin.signIn("admin", testPassword)
            try await admin.get("/plans/new")
            let bad = try await admin.post(
                "/plans/new",
                form: [
                    ("name", ""), ("policy", "pcn-2019"), ("level", "network"), ("within", "icb"),
                    ("areas", "01F ZZZ9"),
                    ("from", "current"), ("compactness", "lots"), ("balance", "0.5"), ("moves", "200"), ("seed", "-1"),
                    ("date", "2022-02-30"), ("min", "a million"),
                ])
            #expect(bad.status == .badRequest)
            for message in [
                "Enter a name for the plan", "ZZZ9 is not a group in the registry",
                "Enter a weight from 0 to 100 for compactness",
                "Enter a weight from 0 to 100 for moves", "Enter a whole number from 0 to 4,294,967,295 as the seed",
                "Enter the date of the configuration to plan from",
                "Enter the smallest group as a whole number of patients up to 100,000,000",
            ] {
                #expect(bad.body.contains(message), "missing: \(message)")
            }
            let level = try await admin.post(
                "/plans/new", form: planForm.map { $0.0 == "policy" ? ("policy", "gp-consortia-2010") : $0 })
            #expect(level.status == .badRequest)
            #expect(level.body.contains("sets no rules for the network level"))
            let list = try await admin.get("/api/v1/plans")
            #expect(list.body.contains("\"total\":0"))
        }
    }

    @Test("ICBs planned on the web from whole sub-ICB locations, held to a smallest size the policy only advises")
    func icbs() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "admin", .administrator)
            let admin = TestClient(app: app)
            try await admin.signIn("admin", testPassword)
            try await admin.get("/plans/new")
            let form: [(String, String)] = [
                ("name", "One ICB"), ("policy", "icb-2025"), ("level", "icb"), ("within", "none"), ("from", "current"),
                ("seed", "1"), ("date", "2022-01-01"), ("min", "250,000"),
            ]
            // The smallest size is bounded: one patient more than 100,000,000 is refused by name.
            let tooBig = try await admin.post(
                "/plans/new", form: form.map { $0.0 == "min" ? ("min", "100,000,001") : $0 })
            #expect(tooBig.status == .badRequest && tooBig.body.contains("patients up to 100,000,000"))
            let created = try await admin.post("/plans/new", form: form)
            #expect(created.status == .seeOther)
            let body = try await waitForPlan(admin, 1)
            #expect(body.contains("\"status\":\"done\"") && body.contains("\"minPatients\":250000"))
            // Each sub-ICB location (Halton 135,183, Bassetlaw 121,699 patients) is kept whole; they are
            // 90 km apart, beyond the 30 km an ICB's practices may lie from one another, so the plan
            // says neither can reach 250,000 rather than joining them.
            let csv = try await admin.get("/plans/1/plan.csv").body
            let rows = try CSVReader.parse(csv, file: "plan.csv").map(\.fields)
            let halton = Set(rows.filter { $0[0].hasPrefix("N81") }.map { $0[1] })
            let bassetlaw = Set(rows.filter { $0[0].hasPrefix("C84") || $0[0].hasPrefix("Y05") }.map { $0[1] })
            #expect(rows.count == 24 && halton.count == 1 && bassetlaw.count == 1 && halton != bassetlaw)
            #expect(body.contains("so they cannot join a group of at least 250,000 patients"))
        }
    }

    @Test(
        """
        Make a plan in the background, compare it, rename it, export it, adopt it from a date, and delete it; all \
        audited
        """
    )
    func journey() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "officer", .consortiumOfficer, scope: "01F")
            try await makeUser(app, "other", .consortiumOfficer, scope: "02Q")
            let officer = TestClient(app: app)
            try await officer.signIn("officer", testPassword)
            // The form opens on the officer's own consortium, not all of England.
            let form = try await officer.get("/plans/new")
            #expect(form.body.contains("<option value=\"01F\" selected"))
            #expect(!form.body.contains("<option value=\"\" selected"))
            let created = try await officer.post("/plans/new", form: planForm)
            #expect(created.status == .seeOther)
            #expect(created.location == "/plans/1")
            let body = try await waitForPlan(officer, 1)
            #expect(body.contains("\"status\":\"done\""))

            let page = try await officer.get("/plans/1")
            #expect(page.status == .ok)
            for text in [
                "Halton networks", "Today and the plan", "Groups within the size band", "id=\"map-today\"",
                "id=\"map-plan\"",
                "Assurance of the plan", "Adopt the plan", "Download the plan", "NHS Halton CCG (01F)",
            ] {
                #expect(page.body.contains(text), "missing: \(text)")
            }
            // The CSV: every practice of Halton (01F) once.
            let csv = try await officer.get("/plans/1/plan.csv")
            let rows = try CSVReader.parse(csv.body, file: "plan.csv").map(\.fields)
            #expect(rows.first == ["practice_code", "group"])
            #expect(rows.count == 15)
            #expect(Set(rows.dropFirst().map { $0[0] }).count == 14)
            let comparison = try await officer.get("/plans/1.csv?table=comparison")
            #expect(comparison.body.hasPrefix("Measure,Today,Plan,Plan is"))

            // Rename.
            let renamed = try await officer.post("/plans/1/rename", form: [("name", "Halton networks, draft 2")])
            #expect(renamed.status == .seeOther)
            #expect(try await officer.get("/plans/1").body.contains("Halton networks, draft 2"))
            let empty = try await officer.post("/plans/1/rename", form: [("name", " ")])
            #expect(empty.status == .badRequest)
            #expect(empty.body.contains("Enter a name for the plan"))

            // Another consortium's officer may read but not change or adopt it.
            let other = TestClient(app: app)
            try await other.signIn("other", testPassword)
            try await other.get("/plans/1")
            #expect(try await other.post("/plans/1/rename", form: [("name", "Mine")]).status == .notFound)
            #expect(
                try await other.post("/plans/1/adopt", form: [("adopt_on", "2022-06-01"), ("confirm", "yes")]).status
                    == .notFound)

            // Adopt from 1 June 2022: unconfirmed, too early, then for real.
            let unconfirmed = try await officer.post("/plans/1/adopt", form: [("adopt_on", "2022-06-01")])
            #expect(unconfirmed.status == .badRequest)
            #expect(unconfirmed.body.contains("Tick the box to confirm"))
            let early = try await officer.post(
                "/plans/1/adopt", form: [("adopt_on", "2021-06-01"), ("confirm", "yes")])
            #expect(early.body.contains("Adopt the plan on or after 1 January 2022"))
            struct Plan: Decodable {
                struct Move: Decodable {
                    let practice: String
                    let from: String?
                    let to: String
                }
                let moves: [Move]
                let assignment: [String: String]
            }
            let plan = try JSONDecoder().decode(Plan.self, from: Data(body.utf8))
            #expect(!plan.moves.isEmpty)
            let adopted = try await officer.post(
                "/plans/1/adopt", form: [("adopt_on", "2022-06-01"), ("confirm", "yes")])
            #expect(adopted.status == .seeOther, "\(adopted.body.suffix(1500))")
            struct Member: Decodable { let group_code: String }
            for move in plan.moves {
                let june = try await app.sql.raw(
                    """
                    SELECT group_code FROM memberships WHERE practice_code = \(bind: move.practice) AND kind = 'network'
                      AND valid_from <= '2022-06-01' AND (valid_to IS NULL OR valid_to > '2022-06-01')
                    """
                ).all(decoding: Member.self)
                let expected = move.to.hasPrefix("NEW-") ? "P1-" + move.to.dropFirst(4) : move.to
                #expect(june.map(\.group_code) == [String(expected)], "\(move.practice)")
                let may = try await app.sql.raw(
                    """
                    SELECT group_code FROM memberships WHERE practice_code = \(bind: move.practice) AND kind = 'network'
                      AND valid_from <= '2022-05-01' AND (valid_to IS NULL OR valid_to > '2022-05-01')
                    """
                ).all(decoding: Member.self)
                #expect(may.map(\.group_code) == [move.from].compactMap { $0 })
            }
            // The registry shows it, and the audit log holds every change, intact.
            let practice = try await officer.get("/api/v1/practices/\(plan.moves[0].practice)?date=2022-06-01")
            #expect(
                practice.body.contains(
                    String(
                        plan.moves[0].to.hasPrefix("NEW-") ? "P1-" + plan.moves[0].to.dropFirst(4) : plan.moves[0].to)))
            let adds = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'plan.member.add'")
                .first(decoding: Count.self)?.n
            #expect(adds == plan.moves.count)
            #expect(
                try await app.sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM audit_entries WHERE action IN ('plan.adopt', 'plan.rename', \
                    'plan.create')
                    """
                ).first(decoding: Count.self)?.n == 3)
            guard case .intact = try await app.verifyAudit() else {
                Issue.record("the audit chain is broken")
                return
            }
            let again = try await officer.post(
                "/plans/1/adopt", form: [("adopt_on", "2022-07-01"), ("confirm", "yes")])
            #expect(again.status == .forbidden || again.status == .badRequest)
            #expect(try await officer.get("/plans/1").body.contains("Adopted from 2022-06-01"))

            // Delete.
            let unticked = try await officer.post("/plans/1/delete", form: [])
            #expect(unticked.status == .badRequest)
            let deleted = try await officer.post("/plans/1/delete", form: [("confirm", "yes")])
            #expect(deleted.location == "/plans")
            #expect(try await officer.get("/plans/1").status == .notFound)
            #expect(try await officer.get("/api/v1/plans").body.contains("\"total\":0"))
        }
    }

    @Test(
        """
        Locked groups stay as they are and pinned practices end in their named group; unknown codes are refused by \
        field
        """
    )
    func locksAndPins() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "admin", .administrator)
            let admin = TestClient(app: app)
            try await admin.signIn("admin", testPassword)
            try await admin.get("/plans/new")
            let bad = try await admin.post("/plans/new", form: planForm + [("locked", "U99999"), ("pins", "N81011")])
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("Write each as a practice code, =, and a name for its group"))
            let unknown = try await admin.post("/plans/new", form: planForm + [("locked", "U99999")])
            #expect(unknown.body.contains("U99999 is not a network (pcn)"), "\(unknown.body.suffix(3000))")
            let created = try await admin.post(
                "/plans/new", form: planForm + [("locked", "U09643"), ("pins", "N81011=WIDNES-A, N81037=WIDNES-A")])
            #expect(created.status == .seeOther)
            let body = try await waitForPlan(admin, 1)
            struct Answer: Decodable {
                struct Group: Decodable {
                    let code: String
                    let practices: [String]
                    let locked: Bool
                }
                let groups: [Group]
                let assignment: [String: String]
            }
            let plan = try JSONDecoder().decode(Answer.self, from: Data(body.utf8))
            #expect(plan.assignment["N81011"] == "WIDNES-A" && plan.assignment["N81037"] == "WIDNES-A")
            let locked = plan.groups.filter(\.locked)
            #expect(locked.map(\.code) == ["U09643"])
            // The locked PCN keeps exactly today's members.
            let today = try await admin.get("/api/v1/groups/U09643?date=2022-01-01")
            for code in locked.first?.practices ?? [] { #expect(today.body.contains(code)) }
            #expect(try await admin.get("/plans/1").body.contains("Kept as they are"))
        }
    }

    @Test(
        """
        At start, plans left running for ten minutes without progress by a stopped server are marked failed; live ones \
        are not
        """
    )
    func abandoned() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let stale = AuditChain.timestamp(Date().addingTimeInterval(-11 * 60))
            let fresh = AuditChain.timestamp(Date().addingTimeInterval(-60))
            for (name, status, at) in [
                ("stale", "running", stale), ("waiting", "queued", stale), ("live", "running", fresh),
                ("finished", "done", stale),
            ] {
                try await app.sql.raw(
                    """
                    INSERT INTO plans (name, status, progress, request_json, created_by, created_at, updated_at)
                    VALUES (\(bind: name), \(bind: status), 0.5, '{}', 'demo', \(bind: at), \(bind: at))
                    """
                ).run()
            }
            _ = try await prepareDatabase(app, loadData: false)
            struct Row: Decodable {
                let name: String
                let status: String
                let error: String?
            }
            let rows = try await app.sql.raw("SELECT name, status, error FROM plans ORDER BY name").all(
                decoding: Row.self)
            #expect(
                rows.map { "\($0.name):\($0.status)" } == [
                    "finished:done", "live:running", "stale:failed", "waiting:failed",
                ])
            #expect(rows.first { $0.name == "stale" }?.error?.contains("run it again") == true)
        }
    }

    @Test("A consortium officer cannot adopt a plan reaching beyond their consortium")
    func adoptScope() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "officer", .consortiumOfficer, scope: "01F")
            let officer = TestClient(app: app)
            try await officer.signIn("officer", testPassword)
            // The form opens on the officer's own consortium, not all of England.
            let form = try await officer.get("/plans/new")
            #expect(form.body.contains("<option value=\"01F\" selected"))
            #expect(!form.body.contains("<option value=\"\" selected"))
            let created = try await officer.post(
                "/plans/new", form: planForm.map { $0.0 == "areas" ? ("areas", "") : $0 })
            #expect(created.status == .seeOther)
            _ = try await waitForPlan(officer, 1)
            let page = try await officer.get("/plans/1")
            #expect(!page.body.contains("Adopt the plan"))
            #expect(
                try await officer.post("/plans/1/adopt", form: [("adopt_on", "2022-06-01"), ("confirm", "yes")]).status
                    == .forbidden)
        }
    }
}

@Suite("The menu offers the planner only to planners")
struct PlannerMenuTests {
    @Test("Signed out and as a practice manager the menu has no Planner (nor Hubs signed out); planners see it")
    func menu() async throws {
        try await withFederation { app, admin in
            try await makeUser(app, "menu-pm", .practiceManager, scope: "N81011")
            let pm = TestClient(app: app)
            try await pm.signIn("menu-pm", testPassword)
            let link = #"href="/plans""#
            let anonymous = try await TestClient(app: app).get("/").body
            #expect(!anonymous.contains(link) && !anonymous.contains(#"href="/hubs""#))
            let manager = try await pm.get("/").body
            #expect(!manager.contains(link) && manager.contains(#"href="/hubs""#))
            #expect(try await admin.get("/").body.contains(link))
        }
    }
}
