import ConsortCore
import ConsortWeb
import Elections
import Foundation
import SQLKit

/// Demo polls for `consort serve --demo`, in the demo federation and among its demo GPs: an
/// election of two GP directors taking nominations, a motion already voted on and counted, and
/// the federation's commitment survey of its practices with some answers. Every title says "(demo)".
enum DemoEngagement {
    static func make(_ context: DemoContext) async throws {
        guard let federation = context.federation else { return }
        let app = context.app
        let db = Store.sql(app.db)
        guard try await db.raw("SELECT id FROM elections WHERE is_demo = \(bind: true)").first() == nil else { return }
        let views: Roll.Views = { try await app.registryCache.view(at: $0, on: db) }
        let system = CurrentUser(
            id: 0, username: "system:demo", displayName: "Demo", isDemo: true,
            grants: [RoleGrant(role: .administrator, scope: nil)])
        let now = Timetable.now()
        func at(_ offset: Int64) -> String { Timetable.input(now + offset) }
        let day: Int64 = 86_400
        var rng = SystemRandomNumberGenerator()
        let election = try await ElectionStore.create(
            .init(
                title: "GP directors of the federation's board (demo)", method: "scottish", seats: "2", motion: nil,
                groups: federation, electorate: "gps", roles: ["gp-partner", "salaried-gp", "sessional-gp"],
                weighting: nil, perPatients: nil, rounding: nil, people: nil, rollOn: nil,
                nominationsOpen: at(-3_600 + 120), nominationsClose: at(7 * day), votingOpen: at(8 * day),
                votingClose: at(15 * day)), views: views, now: now, demo: true, by: system, on: app.db)
        if let e = try await ElectionStore.load(election, on: db) {
            let roll = try await ElectionStore.roll(.election, id: election, on: db).filter { $0.personId != nil }
            for (i, candidate) in roll.prefix(3).enumerated() {
                for nominator in roll.dropFirst(3 + i * 2).prefix(i == 2 ? 1 : 2) {
                    try await ElectionStore.nominate(
                        e, person: candidate.personId, nominator: nominator.id, now: now, by: system, on: app.db)
                }
            }
        }
        let motion = try await ElectionStore.create(
            .init(
                title: "Set up a shared staff bank (demo)", method: "motion", seats: nil,
                motion: "That the federation sets up a shared staff bank for its member practices.", groups: federation,
                electorate: "practices", roles: ["gp-partner", "salaried-gp", "sessional-gp"], weighting: "patients",
                perPatients: "2000", rounding: "up", people: nil, rollOn: nil, nominationsOpen: nil,
                nominationsClose: nil, votingOpen: at(600), votingClose: at(2 * day)),
            views: views, now: now, demo: true, by: system, on: app.db)
        if var e = try await ElectionStore.load(motion, on: db) {
            try await ElectionStore.move(e, .openVoting, now: now, by: system, on: app.db)
            e = try await ElectionStore.load(motion, on: db) ?? e
            let choices = try await ElectionStore.candidates(motion, on: db)
            for (i, line) in try await ElectionStore.roll(.election, id: motion, on: db).enumerated() where i % 5 != 4 {
                let choice = choices[i == 1 ? 1 : 0]
                try await ElectionStore.vote(e, roll: line, paper: String(choice.id), now: now, on: app.db)
            }
            try await ElectionStore.move(e, .closeVoting, now: now + 1, by: system, on: app.db)
            if let closed = try await ElectionStore.load(motion, on: db) {
                try await ElectionStore.count(closed, now: now + 2, by: system, on: app.db)
            }
        }
        let template = SurveyTemplate.federationCommitment
        let survey = try await SurveyStore.create(
            .init(
                title: template.title + " (demo)", questions: template.text, anonymous: "named", groups: federation,
                electorate: "practices", roles: [], people: nil, rollOn: nil, opensOn: Day.today().iso,
                closesOn: Day.today().adding(days: 14).iso, template: template.id),
            views: views, demo: true, by: system, on: app.db)
        if let s = try await SurveyStore.load(survey, on: db), let q = s.questionnaire {
            for line in try await ElectionStore.roll(.survey, id: survey, on: db)
            where line.practiceCode != context.practices.first {
                var given: [Int: [String]] = [:]
                for (j, question) in q.questions.enumerated() {
                    switch question.kind {
                    case .scale: given[j] = [String(Int.random(in: 2...5, using: &rng))]
                    case .single: given[j] = [String(Int.random(in: 1...question.options.count, using: &rng))]
                    case .multiple: given[j] = [String(Int.random(in: 1...question.options.count, using: &rng)), "1"]
                    case .text: given[j] = line.weight > 0 ? ["Time for the partners to meet (demo answer)."] : []
                    }
                }
                if case .success(let answers) = q.answers(given) {
                    try await SurveyStore.respond(s, roll: line.id, answers: answers, on: app.db)
                }
            }
        }
    }
}
