import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// Reminders to those on a roll who have not answered: for a survey, once when it has three days
/// or fewer to run; for an election, once when voting has two days or fewer to run. Each is keyed
/// by poll, roll entry and person, so a second sweep adds nothing. A reminder carries no
/// credential: the first message's link, or signing in, still works.
package enum EngagementSweep {
    package static let surveyDays = 3
    package static let electionSeconds: Int64 = 2 * 86_400

    package static func run(_ app: Application, on day: Day, now: Int64 = Timetable.now()) async throws {
        let db = Store.sql(app.db)
        var messages: [Outbox.Message] = []
        struct S: Decodable {
            let id: Int64
            let title: String
            let closesOn: String
            let rollOn: String
        }
        let surveys = try await db.raw(
            """
            SELECT id, title, closes_on, roll_on FROM surveys
            WHERE opens_on <= \(bind: day.iso) AND closes_on >= \(bind: day.iso) \
            AND closes_on <= \(bind: day.adding(days: surveyDays).iso)
            """
        ).all(decoding: S.self, with: snakeCaseRows)
        for s in surveys {
            let closes = Day(iso: s.closesOn)?.long ?? s.closesOn
            messages += try await reminders(
                .survey, id: s.id, rollOn: s.rollOn, subject: "Reminder: \(s.title) closes on \(closes)",
                body: "You have not answered yet. The survey closes at the end of \(closes).",
                link: SurveysURL.survey(.value(s.id)).path, on: db)
        }
        struct E: Decodable {
            let id: Int64
            let title: String
            let votingClose: Int64
            let rollOn: String
        }
        let elections = try await db.raw(
            """
            SELECT id, title, voting_close, roll_on FROM elections
            WHERE counted_at IS NULL AND voting_open <= \(bind: now) AND voting_close > \(bind: now) \
            AND voting_close <= \(bind: now + electionSeconds)
            """
        ).all(decoding: E.self, with: snakeCaseRows)
        for e in elections {
            messages += try await reminders(
                .election, id: e.id, rollOn: e.rollOn, subject: "Reminder: voting in \(e.title) closes soon",
                body: "You have not voted yet. Voting closes at \(Timetable.long(e.votingClose)) (UK time).",
                link: ElectionsURL.election(.value(e.id)).path, on: db)
        }
        guard !messages.isEmpty else { return }
        let batch = messages
        try await Store.write(app.db) { db in
            for message in batch { try await Outbox.add(message, on: db) }
        }
    }

    /// A message to each person on the roll who has not voted or answered (for a practice's
    /// entry, each of its practice managers), keyed by `event` so that it is sent once.
    static func reminders(
        _ poll: Poll, id: Int64, rollOn: String, subject: String, body: String, link: String,
        event: String = "reminder", on db: any SQLDatabase
    ) async throws -> [Outbox.Message] {
        let waiting = try await ElectionStore.roll(poll, id: id, on: db).filter { !$0.done }
        let managers = try await Roll.practiceManagers(
            waiting.filter { $0.personId == nil }.compactMap(\.practiceCode), day: Day(iso: rollOn) ?? Day.today(),
            db: db)
        return waiting.flatMap { line in
            (line.personId.map { [$0] } ?? line.practiceCode.flatMap { managers[$0] } ?? []).map { person in
                Outbox.Message(
                    personID: person, kind: poll == .election ? .ballot : .survey, subject: subject, body: body,
                    link: link, eventKey: "\(poll.rawValue)-\(event):\(id):\(line.id):\(person)")
            }
        }
    }
}
