import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Elections
import ElectionsWeb
import Foundation
import Interop
import SQLKit
import Testing
import Vapor

@Suite("Elections: a whole election with a secret ballot", .serialized)
struct ElectionJourneyTests {
    static func electionForm(_ extra: [(String, String)] = []) -> [(String, String)] {
        var form: [(String, String)] = [
            ("title", "GP chair of the federation"), ("method", "scottish"), ("seats", "1"), ("groups", "FED-0001"),
            ("electorate", "gps"), ("roles[]", "gp-partner"), ("roles[]", "salaried-gp"), ("roles[]", "sessional-gp"),
            ("nominations_open", EngagementWorld.at(-60)), ("nominations_close", EngagementWorld.at(86_400)),
            ("voting_open", EngagementWorld.at(2 * 86_400)), ("voting_close", EngagementWorld.at(3 * 86_400)),
        ]
        for (k, v) in extra {
            form.removeAll { $0.0 == k && !k.hasSuffix("[]") }
            form.append((k, v))
        }
        return form
    }

    @Test(
        """
        The roll is every GP of the federation's practices; nominations need two electors and keep to the \
        timetable; electors vote signed in or with a single-use credential; the count sheet, JSON and BLT follow
        """
    )
    func wholeElection() async throws {
        try await withFederation { app, admin in
            let w = try await EngagementWorld.make(app, admin)
            try await w.fed.get("/elections/new")
            // Bad input: each field named; a group the manager does not run is refused.
            let bad = try await w.fed.post(
                "/elections/new",
                form: Self.electionForm([
                    ("title", ""), ("groups", "FED-0001, 01F"), ("voting_close", EngagementWorld.at(86_400)),
                ]))
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("href=\"#title\"") && bad.body.contains("href=\"#groups\""))
            #expect(bad.body.contains("Voting must close after it opens"))
            #expect(try await w.count("SELECT COUNT(*) AS n FROM elections") == 0, "nothing half-written")
            // A clinician cannot set one up.
            #expect(try await w.gp1.post("/elections/new", form: Self.electionForm()).status == .forbidden)

            let made = try await w.fed.post("/elections/new", form: Self.electionForm())
            #expect(made.status == .seeOther, "\(made.status) \(made.body.prefix(400))")
            let path = try #require(made.location)
            let id = Int64(path.split(separator: "/").last ?? "") ?? 0
            let page = try await w.fed.get(path)
            #expect(
                page.body.contains("Every GP partner, salaried GP and sessional GP with a role at a member practice"))
            #expect(page.body.contains("5 on the roll; 0 have voted"))
            // Before voting the organiser sees who cannot be told: GPs 3 to 5 have no email and no account.
            #expect(page.body.contains("3 entries of 5 on the roll cannot be told of their ballot"))
            let rollCSV = try await w.fed.get("\(path).csv?table=roll").body
            #expect(rollCSV.contains("In Consort only (no email)"))
            #expect(rollCSV.contains("No email and no account: cannot be told"))
            #expect(!page.body.contains("Engagement nurse"), "the nurse is not a GP")
            // Each GP is told of their ballot; only the credential's digest is stored.
            #expect(try await w.count("SELECT COUNT(*) AS n FROM notifications WHERE kind = 'ballot'") == 5)
            let token5 = try await w.credential(person: w.gps[4])
            #expect(
                try await w.count(
                    "SELECT COUNT(*) AS n FROM engagement_roll WHERE credential_digest = '\(Tokens.digest(token5))'")
                    == 1)
            #expect(
                try await w.count("SELECT COUNT(*) AS n FROM engagement_roll WHERE credential_digest = '\(token5)'")
                    == 0)

            // Nominations: GP 1 nominates GP 3 and GP 4; GP 2 seconds GP 3 only.
            for (client, person) in [(w.gp1, w.gps[2]), (w.gp1, w.gps[3]), (w.gp2, w.gps[2])] {
                try await client.get(path)
                let r = try await client.post("\(path)/nominate", form: [("person", String(person))])
                #expect(r.status == .seeOther, "\(r.status) \(r.body.prefix(300))")
            }
            var candidates = try await w.fed.get("\(path).csv?table=candidates").body
            #expect(
                candidates.contains("Engagement GP 3 (demo),Engagement GP 1 (demo); Engagement GP 2 (demo),Standing"))
            #expect(candidates.contains("Engagement GP 4 (demo),Engagement GP 1 (demo),Needs 1 more nomination"))
            #expect(try await w.gp1.post("\(path)/nominate", form: [("person", "999999")]).status == .badRequest)
            // GP 1 puts themself forward: their own nomination is shown but counts for nothing.
            #expect(try await w.gp1.post("\(path)/nominate", form: [("person", String(w.gps[0]))]).status == .seeOther)
            candidates = try await w.fed.get("\(path).csv?table=candidates").body
            #expect(
                candidates.contains(
                    "Engagement GP 1 (demo),put themself forward (not counted),Needs 2 more nominations from other "
                        + "electors"))
            let gp1Candidate = try await w.count(
                "SELECT id AS n FROM election_candidates WHERE person_id = \(w.gps[0])")
            #expect(
                try await w.gp1.post("\(path)/withdraw", form: [("candidate", String(gp1Candidate))]).status
                    == .seeOther)
            // The federation manager is not on the roll: cannot nominate; a stranger cannot see the election.
            #expect(try await w.fed.post("\(path)/nominate", form: [("person", String(w.gps[3]))]).status == .forbidden)
            let stranger = TestClient(app: app)
            try await makeUser(app, "stranger", .clinician, scope: "C84001")
            try await stranger.signIn("stranger", testPassword)
            #expect(try await stranger.get(path).status == .notFound)
            #expect(try await stranger.get("/elections/\(id + 1000)").status == .notFound)
            // GP 2 seconds GP 4 too; then GP 4 stands. GP 1 cannot withdraw GP 4; the manager could.
            #expect(try await w.gp2.post("\(path)/nominate", form: [("person", String(w.gps[3]))]).status == .seeOther)
            let gp4Candidate = try await w.count(
                "SELECT id AS n FROM election_candidates WHERE person_id = \(w.gps[3])")
            #expect(
                try await w.gp1.post("\(path)/withdraw", form: [("candidate", String(gp4Candidate))]).status
                    == .forbidden)

            // The timetable: the returning officer brings each step forward; the server refuses what is out of turn.
            try await w.fed.get(path)
            #expect(try await w.fed.post("\(path)/timetable", form: [("move", "open-voting")]).status == .conflict)
            #expect(
                try await w.fed.post("\(path)/timetable", form: [("move", "close-nominations")]).status == .seeOther)
            let late = try await w.gp1.post("\(path)/nominate", form: [("person", String(w.gps[0]))])
            #expect(late.status == .conflict && late.body.contains("Nominations are not open"))
            #expect(try await w.gp1.post("\(path)/vote", form: [("ranks[\(gp4Candidate)]", "1")]).status == .conflict)
            #expect(try await w.fed.post("\(path)/timetable", form: [("move", "open-voting")]).status == .seeOther)
            // Each step told the five on the roll the new times, once.
            #expect(
                try await w.count("SELECT COUNT(*) AS n FROM notifications WHERE subject LIKE 'Timetable changed%'")
                    == 10)
            // In the app the ballot notification links to the election (its email alone holds the secret).
            // Today lists the open vote, with a link, before the elector has voted.
            let today = try await w.gp2.get("/today").body
            #expect(today.contains("Your votes and surveys") && today.contains("To vote"))
            #expect(today.contains("href=\"\(path)\""))
            let inbox = try await w.gp1.get("/me/notifications").body
            #expect(inbox.contains("href=\"\(path)\""), "\(inbox.prefix(2000))")

            // Voting signed in: a spoilt paper is refused with a reason; a good one is cast once.
            let gp3Candidate = try await w.count(
                "SELECT id AS n FROM election_candidates WHERE person_id = \(w.gps[2])")
            try await w.gp1.get(path)
            let spoilt = try await w.gp1.post(
                "\(path)/vote", form: [("ranks[\(gp3Candidate)]", "1"), ("ranks[\(gp4Candidate)]", "1")])
            #expect(spoilt.status == .badRequest && spoilt.body.contains("Use each number once"))
            let cast = try await w.gp1.post(
                "\(path)/vote", form: [("ranks[\(gp3Candidate)]", "1"), ("ranks[\(gp4Candidate)]", "2")])
            #expect(cast.status == .ok && cast.body.contains("Your vote has been cast"))
            #expect(!cast.body.contains("Engagement GP 3"), "no receipt shows the vote")
            #expect(try await w.gp1.post("\(path)/vote", form: [("ranks[\(gp3Candidate)]", "1")]).status == .conflict)
            try await w.gp2.get(path)
            #expect(
                try await w.gp2.post("\(path)/vote", form: [("ranks[\(gp4Candidate)]", "1")]).status == .ok)

            // Voting with credentials, signed out: GP 4's, then GP 5's sent 100 times at once → one ballot.
            let anyone = TestClient(app: app)
            try await anyone.get("/login")
            let token4 = try await w.credential(person: w.gps[3])
            let ballot = try await anyone.get("/ballots/\(token4)")
            #expect(ballot.status == .ok && ballot.body.contains("Number the candidates"))
            #expect(
                try await anyone.post("/ballots/\(token4)", form: [("ranks[\(gp4Candidate)]", "1")]).status == .ok)
            #expect(try await anyone.get("/ballots/\(token4)").body.contains("This ballot has been cast"))
            #expect(try await anyone.get("/ballots/not-a-credential").status == .notFound)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<100 {
                    group.addTask {
                        try await anyone.post(
                            "/ballots/\(token5)",
                            form: [("ranks[\(gp3Candidate)]", "1"), ("ranks[\(gp4Candidate)]", "2")]
                        ).status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            // One ballot; every other submission refused: as cast already, or (past 60 a minute from one address)
            // by the rate limit on ballot links before it reaches the box.
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count >= 50)
            #expect(statuses.filter { $0 == .conflict || $0 == .tooManyRequests }.count == 99)
            #expect(try await w.count("SELECT COUNT(*) AS n FROM engagement_papers WHERE poll_id = \(id)") == 4)
            #expect(
                try await w.count("SELECT COUNT(*) AS n FROM engagement_roll WHERE poll_id = \(id) AND done = TRUE")
                    == 4)

            try await Self.secrecy(w, election: id)

            // Close and count: GP 3 (2 first preferences) against GP 4 (2), GP 4 excluded by the look-back/lot rule
            // or elected by transfers — whichever, the sheet says why; the downloads agree with the page.
            try await w.fed.get(path)
            #expect(try await w.fed.post("\(path)/count", form: []).status == .conflict, "not while voting is open")
            #expect(try await w.fed.post("\(path)/timetable", form: [("move", "close-voting")]).status == .seeOther)
            #expect(try await w.gp2.post("\(path)/count", form: []).status == .forbidden)
            #expect(try await w.fed.post("\(path)/count", form: []).status == .seeOther)
            #expect(try await w.fed.post("\(path)/count", form: []).status == .conflict, "counted once")
            let result = try await w.gp1.get(path)
            #expect(result.body.contains("Elected, in order:"))
            #expect(result.body.contains("4 of 5 on the roll voted; 4 ballot papers"))
            #expect(!result.body.contains("The roll: 5 entries"), "an elector does not see who voted")
            let sheet = try JSONDecoder().decode(
                CountSheet.self, from: Data(try await w.gp1.get("\(path)/count-sheet.json").body.utf8))
            #expect(sheet.ballots == 4 && sheet.candidates == ["Engagement GP 3 (demo)", "Engagement GP 4 (demo)"])
            #expect(sheet.elected.count == 1)
            let blt = try await w.gp1.get("\(path)/ballots.blt").body
            let reread = try BLT.read(blt)
            #expect(reread.paperCount == 4 && reread.ballots.allSatisfy { $0.id == nil })
            #expect(try reread.count(.scottish).elected == sheet.elected, "the exported ballots count the same")
            candidates = try await w.fed.get("\(path).csv?table=sheet").body
            #expect(candidates.hasPrefix("Candidate,Stage 1"))
        }
    }

    /// How anyone voted cannot be read from the tables: papers have no voter, no time and no order;
    /// the roll says only who has voted; the audit log has no entry for a vote.
    static func secrecy(_ w: EngagementWorld, election: Int64) async throws {
        let paperColumns = try await w.app.sql.raw("SELECT * FROM engagement_papers").all().first?.allColumns ?? []
        #expect(Set(paperColumns) == ["poll", "poll_id", "slot", "roll_id", "paper", "weight", "sealed"])
        // Every paper is sealed: none reads as a ranking of candidate ids.
        #expect(try await w.count("SELECT COUNT(*) AS n FROM engagement_papers WHERE sealed = \(true)") > 0)
        #expect(
            try await w.app.sql.raw("SELECT paper FROM engagement_papers").all().allSatisfy {
                (try? $0.decode(column: "paper", as: String.self))?.count ?? 0 > 100
            })
        #expect(try await w.count("SELECT COUNT(*) AS n FROM engagement_papers WHERE roll_id IS NOT NULL") == 0)
        let rollColumns = try await w.app.sql.raw("SELECT * FROM engagement_roll").all().first?.allColumns ?? []
        #expect(!rollColumns.contains { $0.hasSuffix("_at") || $0.hasSuffix("_on") }, "no time of voting")
        #expect(
            try await w.count(
                "SELECT COUNT(*) AS n FROM audit_entries WHERE action LIKE '%vote%' OR action LIKE '%cast%'")
                == 0)
        // The papers come back in slot order, which every cast re-draws at random.
        struct S: Decodable { let slot: String }
        let slots = try await w.app.sql.raw(
            "SELECT slot FROM engagement_papers WHERE poll_id = \(bind: election) ORDER BY slot"
        ).all(decoding: S.self).map(\.slot)
        #expect(slots.count == 4 && Set(slots).count == 4 && slots.allSatisfy { $0.count == 32 })
    }
}
