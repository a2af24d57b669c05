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

@Suite("Engagement: surveys, practice votes and reminders", .serialized)
struct SurveyJourneyTests {
    @Test("An LMC officer for an ICB runs polls for the consortia within it, and for no consortium beyond it")
    func lmcForAnICB() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "lmc", .lmcOfficer, scope: "QYG")
            let lmc = TestClient(app: app)
            try await lmc.signIn("lmc", testPassword)
            let today = Day.today()
            func survey(_ group: String) async throws -> TestClient.Result {
                try await lmc.get("/surveys/new")
                return try await lmc.post(
                    "/surveys/new",
                    form: [
                        ("title", "Boundaries"), ("questions", "single: Which?\n- A\n- B"), ("groups", group),
                        ("electorate", "practices"), ("opens_on", today.iso),
                        ("closes_on", today.adding(days: 2).iso),
                    ])
            }
            // 01F (NHS Halton CCG) is within Cheshire and Merseyside (QYG); 02Q is not.
            let within = try await survey("01F")
            #expect(within.status == .seeOther, "\(within.status)")
            #expect(try await lmc.get(within.location ?? "").status == .ok)
            let beyond = try await survey("02Q")
            #expect(
                beyond.status == .badRequest && beyond.body.contains("You can run polls only for groups"),
                "\(beyond.body.components(separatedBy: "error-summary").last?.prefix(600) ?? "")")
        }
    }

    @Test(
        """
        The LMC template to every GP, anonymous: answers checked by question, one each, results with counts, \
        CSV and response rates by practice and group; reminders once to those who have not answered
        """
    )
    func anonymousSurvey() async throws {
        try await withFederation { app, admin in
            let w = try await EngagementWorld.make(app, admin)
            let form = try await w.fed.get("/surveys/new?template=lmc-consortium")
            #expect(form.body.contains("Which model of consortium would you prefer for our area?"))
            let today = Day.today()
            let bad = try await w.fed.post(
                "/surveys/new",
                form: [
                    ("title", "Boundaries"), ("questions", "single: Only one option\n- A"), ("groups", "FED-0001"),
                    ("electorate", "gps"), ("roles[]", "gp-partner"), ("opens_on", today.iso),
                    ("closes_on", today.adding(days: -1).iso),
                ])
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("Line 1: a single choice needs at least two options"))
            #expect(bad.body.contains("href=\"#closes_on\""))
            let made = try await w.fed.post(
                "/surveys/new",
                form: [
                    ("title", SurveyTemplate.lmcConsortium.title), ("questions", SurveyTemplate.lmcConsortium.text),
                    ("anonymous", "anonymous"), ("groups", "FED-0001"), ("electorate", "gps"),
                    ("roles[]", "gp-partner"), ("roles[]", "salaried-gp"), ("opens_on", today.iso),
                    ("closes_on", today.adding(days: 2).iso), ("template", "lmc-consortium"),
                ])
            #expect(made.status == .seeOther, "\(made.status) \(made.body.prefix(300))")
            let path = try #require(made.location)
            let id = Int64(path.split(separator: "/").last ?? "") ?? 0
            #expect(try await w.count("SELECT COUNT(*) AS n FROM notifications WHERE kind = 'survey'") == 5)
            // GP 1 answers on the page; an answer outside the options is refused by question.
            let page = try await w.gp1.get(path)
            #expect(page.body.contains("1. Which model of consortium would you prefer for our area?"))
            let wrong = try await w.gp1.post("\(path)/respond", form: [("q[1][]", "9"), ("q[3][]", "7")])
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.contains("Question 1: choose from the options given"))
            #expect(wrong.body.contains("href=\"#q3\""))
            let answered = try await w.gp1.post(
                "\(path)/respond",
                form: [
                    ("q[1][]", "2"), ("q[2][]", "1"), ("q[2][]", "4"), ("q[3][]", "4"),
                    ("q[8][]", "Keep the localities (demo answer)"),
                ])
            #expect(answered.status == .ok && answered.body.contains("with no link to you"))
            #expect(try await w.gp1.post("\(path)/respond", form: [("q[1][]", "1")]).status == .conflict)
            // GP 4 answers with the link, signed out.
            let anyone = TestClient(app: app)
            try await anyone.get("/login")
            let token = try await w.credential(person: w.gps[3], kind: "survey")
            let link = try await anyone.get("/answers/\(token)")
            #expect(link.status == .ok && link.body.contains("Send my answers"))
            #expect(try await anyone.post("/answers/\(token)", form: [("q[1][]", "2"), ("q[3][]", "5")]).status == .ok)
            #expect(try await anyone.post("/answers/\(token)", form: [("q[1][]", "2")]).status == .conflict)
            // Results: for those who run it only.
            #expect(try await w.gp1.get("\(path)/results").status == .forbidden)
            let results = try await w.fed.get("\(path)/results")
            #expect(results.status == .ok)
            #expect(results.body.contains("2 of 5 on the roll (40%)"))
            #expect(results.body.contains("Mean 4.50 on the scale of 1 to 5"))
            #expect(results.body.contains("Keep the localities (demo answer)"))
            let answers = try CSVReader.parse(try await w.fed.get("\(path)/results.csv?table=answers").body).map(
                \.fields)
            let large = try #require(answers.first { $0[1].hasPrefix("A large consortium") })
            #expect(large[2] == "2" && large[3] == "100%")
            let practices = try CSVReader.parse(try await w.fed.get("\(path)/results.csv?table=practices").body)
                .map(\.fields)
            #expect(practices.contains { $0[0].hasSuffix("(N81011)") && $0[1] == "3" && $0[2] == "1" })
            #expect(practices.contains { $0[0].hasSuffix("(N81019)") && $0[1] == "2" && $0[2] == "1" })
            let responses = try await w.fed.get("\(path)/results.csv?table=responses").body
            #expect(!responses.contains("Engagement GP"), "an anonymous survey names no one")
            #expect(try await w.count("SELECT COUNT(*) AS n FROM engagement_papers WHERE roll_id IS NOT NULL") == 0)
            // The answer is nowhere in the database's files, write-ahead log included: the commit that marked
            // GP 1 as having answered holds the paper sealed. (On PostgreSQL, CI scans the WAL the same way.)
            for file in try sqliteFiles(app) {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
                #expect(
                    bytes.range(of: Data("Keep the localities".utf8)) == nil,
                    "\(file) holds an answer in the clear")
            }
            // Reminders: the three who have not answered, once.
            try await EngagementSweep.run(app, on: today)
            #expect(try await w.count("SELECT COUNT(*) AS n FROM notifications WHERE subject LIKE 'Reminder:%'") == 3)
            try await EngagementSweep.run(app, on: today)
            #expect(try await w.count("SELECT COUNT(*) AS n FROM notifications WHERE subject LIKE 'Reminder:%'") == 3)
            #expect(id > 0)
        }
    }

    @Test(
        """
        A named survey of practices is answered once per practice by its manager; a practice vote weights each \
        practice by its list size, and a motion is carried or not by the weighted votes
        """
    )
    func practices() async throws {
        try await withFederation { app, admin in
            let w = try await EngagementWorld.make(app, admin)
            let today = Day.today()
            let made = try await w.fed.post(
                "/surveys/new",
                form: [
                    ("title", "Commitment"), ("questions", SurveyTemplate.federationCommitment.text),
                    ("anonymous", "named"), ("groups", "FED-0001"), ("electorate", "practices"),
                    ("opens_on", today.iso), ("closes_on", today.adding(days: 10).iso),
                ])
            let path = try #require(made.location)
            // The roll is drawn at its date: FED-0001 had no members before March 2022.
            let early = try await w.fed.post(
                "/surveys/new",
                form: [
                    ("title", "Early"), ("questions", "text: Why?"), ("groups", "FED-0001"),
                    ("electorate", "practices"), ("roll_on", "2022-01-01"), ("opens_on", today.iso),
                    ("closes_on", today.iso),
                ])
            #expect(early.status == .badRequest && early.body.contains("no member practices on 1 January 2022"))
            // A hand-made roll: each line must be someone in the directory.
            let listed = try await w.fed.post(
                "/surveys/new",
                form: [
                    ("title", "Listed"), ("questions", "text: Why?"), ("groups", "FED-0001"), ("electorate", "people"),
                    ("people", "7100001\r\n9999999"), ("opens_on", today.iso), ("closes_on", today.iso),
                ])
            #expect(listed.status == .badRequest && listed.body.contains("Line 2: no one in the people directory"))
            #expect(
                try await w.count("SELECT COUNT(*) AS n FROM notifications WHERE kind = 'survey'") == 1,
                "N81011's practice manager is told; N81019 has none in the directory")
            #expect(try await w.pm.post("\(path)/respond", form: [("q[1][]", "5")]).status == .ok)
            #expect(try await w.gp1.get(path).status == .notFound, "a practice's survey is for its managers")
            let responses = try await w.fed.get("\(path)/results.csv?table=responses").body
            #expect(responses.contains("(N81011),5"))

            // A motion of the practices, one vote per 2,000 patients or part thereof.
            let view = try await app.registryCache.view(at: today, on: app.sql)
            let sizes = ["N81011", "N81019"].map { view.index[$0].flatMap { view.practices[$0].listSize } ?? 0 }
            let motion = try await w.fed.post(
                "/elections/new",
                form: [
                    ("title", "Shared staff bank"), ("method", "motion"), ("motion", "That we share a staff bank."),
                    ("groups", "FED-0001"), ("electorate", "practices"), ("weighting", "patients"),
                    ("per_patients", "2,000"), ("rounding", "up"), ("voting_open", EngagementWorld.at(60)),
                    ("voting_close", EngagementWorld.at(86_400)),
                ])
            #expect(motion.status == .seeOther, "\(motion.status) \(motion.body.prefix(300))")
            let mpath = try #require(motion.location)
            let roll = try CSVReader.parse(try await w.fed.get("\(mpath).csv?table=roll").body).map(\.fields)
            #expect(roll.count == 3)
            for (code, size) in zip(["N81011", "N81019"], sizes) {
                let line = try #require(roll.first { $0[1] == code })
                #expect(line[2] == String((size + 1_999) / 2_000), "\(code): \(size) patients")
                #expect(line[0].contains("\(grouped(size)) patients on"))
            }
            try await w.fed.get(mpath)
            #expect(try await w.fed.post("\(mpath)/timetable", form: [("move", "open-voting")]).status == .seeOther)
            let choices = try await w.pm.get(mpath)
            let against = try #require(
                choices.body.range(of: #"value="(\d+)"><label for="rank-\d+">Against"#, options: .regularExpression))
            let againstID = choices.body[against].split(separator: "\"")[1]
            #expect(try await w.pm.post("\(mpath)/vote", form: [("choice[]", String(againstID))]).status == .ok)
            #expect(try await w.fed.post("\(mpath)/timetable", form: [("move", "close-voting")]).status == .seeOther)
            #expect(try await w.fed.post("\(mpath)/count", form: []).status == .seeOther)
            let n81011 = (sizes[0] + 1_999) / 2_000
            #expect(try await w.fed.get(mpath).body.contains("0 for, \(n81011) against: not carried"))
        }
    }
}

/// The SQLite database's files (the database, its write-ahead log and shared memory), each as it
/// is on disk now; none when the tests run on PostgreSQL.
func sqliteFiles(_ app: Application) throws -> [String] {
    guard case .sqlite(let path) = app.consortConfig.database else { return [] }
    return ["", "-wal", "-shm"].map { path + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
}
