import ConsortCore
import ConsortWeb
import Quality
import SQLKit
import Vapor

/// Reminders of the DSPT deadline to each practice's managers: 60, 30 and 7 days before 30 June
/// while the year's assessment is unrecorded, then once when it is overdue or does not meet the
/// standards (`DSPT.reminder`). Each reminder is keyed by practice, year, stage and account, so a
/// second sweep adds nothing.
package enum DSPTSweep {
    package static func run(_ app: Application, on day: Day) async throws {
        let db = Store.sql(app.db)
        let managers = try await ReadinessStore.practiceManagers(on: db)
        guard !managers.isEmpty else { return }
        let publications = try await ReadinessStore.publications(of: managers.keys.sorted(), on: db)
        let view = try await app.registryCache.view(at: day, on: db)
        var messages: [Outbox.Message] = []
        for (practice, users) in managers.sorted(by: { $0.key < $1.key }) {
            guard view.index[practice] != nil,
                let reminder = DSPT.reminder(DSPT.standing(publications[practice] ?? [], on: day), on: day)
            else { continue }
            let name = view.index[practice].map { view.practices[$0].name } ?? practice
            for (user, person) in users {
                messages.append(
                    Outbox.Message(
                        userID: user, personID: person, kind: .dspt,
                        subject: reminder.stage.hasSuffix("days")
                            ? "\(name): the \(reminder.year) data security toolkit is due"
                            : "\(name): the data security toolkit needs action",
                        body: reminder.text + " Record the publication in Consort once it is made. Source: "
                            + DSPT.source + ".",
                        link: QualityURL.readiness(.value(practice)).path + "#dspt",
                        eventKey: "dspt:\(practice):\(reminder.year):\(reminder.stage):\(user)"))
            }
        }
        guard !messages.isEmpty else { return }
        let batch = messages
        try await Store.write(app.db) { db in
            for message in batch { try await Outbox.add(message, on: db) }
        }
    }
}
