import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import ElectionsWeb
import Foundation
import SQLKit
import Testing
import Vapor

extension PermissionMatrixTests {
    /// Each world's polls: a counted election and an open survey of three of its GPs (world A's rolls
    /// have clin-a's person), made through the
    /// stores as the people who run them would, plus one ballot and one survey credential.
    static func polls(_ app: Application, _ worlds: inout [World]) async throws {
        for w in 0..<2 {
            let (election, survey) = try await countedPoll(
                app, federation: worlds[w].federation, practice: worlds[w].practice, world: w, with: ["700000\(w)"])
            worlds[w].election = String(election)
            worlds[w].survey = String(survey)
        }
        let tokens = try await pollTokens(app)
        for w in 0..<2 {
            worlds[w].ballotToken = tokens.ballot
            worlds[w].answerToken = tokens.answer
        }
    }

    /// A counted election and an open survey of a group, each with a roll of three new GPs of
    /// `practice` and the people with the GMC numbers `with`.
    static func countedPoll(
        _ app: Application, federation: String, practice: String, world w: Int, with extra: [String]
    ) async throws -> (election: Int64, survey: Int64) {
        let admin = CurrentUser(
            id: 0, username: "matrix-admin", displayName: "Matrix", isDemo: true,
            grants: [RoleGrant(role: .administrator, scope: nil)])
        let views: Roll.Views = { try await app.registryCache.view(at: $0, on: app.sql) }
        var gmcs = extra
        for n in 0..<3 {
            let gmc = "70100\(w)\(n)"
            try await adminClient(app).post(
                "/people",
                form: [
                    ("name", "Matrix elector \(w)\(n) (demo)"), ("gmc", gmc), ("organisation", practice),
                    ("role", "gp-partner"), ("from", "2022-01-01"),
                ])
            gmcs.append(gmc)
        }
        var now = Timetable.now()
        let id = try await ElectionStore.create(
            .init(
                title: "Matrix election \(w)", method: "scottish", seats: "1", motion: nil, groups: federation,
                electorate: "people", roles: [], weighting: nil, perPatients: nil, rounding: nil,
                people: gmcs.joined(separator: "\n"), rollOn: nil, nominationsOpen: Timetable.input(now - 60),
                nominationsClose: Timetable.input(now + 3_600), votingOpen: Timetable.input(now + 7_200),
                votingClose: Timetable.input(now + 9_000)),
            views: views, now: now, by: admin, on: app.db)
        let roll = try await ElectionStore.roll(.election, id: id, on: app.sql)
        let record = { try #require(try await ElectionStore.load(id, on: app.sql)) }
        for candidate in roll.prefix(2) {
            for nominator in roll where nominator.id != candidate.id {
                try await ElectionStore.nominate(
                    try await record(), person: candidate.personId, nominator: nominator.id, now: now, by: admin,
                    on: app.db)
            }
        }
        for move in [ElectionStore.Move.closeNominations, .openVoting] {
            now += 1
            try await ElectionStore.move(try await record(), move, now: now, by: admin, on: app.db)
        }
        let standing = try await ElectionStore.candidates(id, on: app.sql)
        try await ElectionStore.vote(
            try await record(), roll: roll[roll.count - 1], paper: "\(standing[0].id) \(standing[1].id)",
            now: now + 1, on: app.db)
        try await ElectionStore.move(try await record(), .closeVoting, now: now + 2, by: admin, on: app.db)
        try await ElectionStore.count(try await record(), now: now + 3, by: admin, on: app.db)
        let survey = try await SurveyStore.create(
            .init(
                title: "Matrix survey \(w)", questions: "scale: How committed?", anonymous: "anonymous",
                groups: federation, electorate: "people", roles: [], people: gmcs.joined(separator: "\n"),
                rollOn: nil, opensOn: Day.today().iso, closesOn: Day.today().adding(days: 7).iso, template: nil),
            views: views, by: admin, on: app.db)
        return (id, survey)
    }

    /// The first ballot link and survey link sent.
    static func pollTokens(_ app: Application) async throws -> (ballot: String, answer: String) {
        struct R: Decodable { let secret: String? }
        var tokens: [String] = []
        for kind in ["ballot", "survey"] {
            let sealed = try await app.sql.raw(
                "SELECT secret FROM notifications WHERE kind = \(bind: kind) AND secret IS NOT NULL ORDER BY id LIMIT 1"
            ).first(decoding: R.self)?.secret
            tokens.append(try Secrets.open(try #require(sealed)))
        }
        return (tokens[0], tokens[1])
    }

    /// A signed-in administrator's client (for the people directory's form).
    static func adminClient(_ app: Application) async throws -> TestClient {
        let client = TestClient(app: app)
        try await client.signIn("admin", testPassword)
        try await client.get("/people")
        return client
    }
}
