import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The engagement panel of a person's "Today" page: the elections, motions and surveys open now
/// whose roll has them (or a practice they manage) on it, each with whether their vote or
/// answer is in and a link to it; and for those who run polls, how many on each open roll
/// cannot be reached.
enum EngagementPanels {
    static func today(_ user: CurrentUser, _ req: Request) async throws -> [TodayPanel] {
        let db = Store.sql(req.db)
        let now = Timetable.now()
        let today = Day.today()
        var rows: [[DataTable.Cell]] = []
        var waiting = 0
        let elections = try await ElectionStore.rollPolls(of: user, .election, on: db)
        for id in elections.sorted() {
            guard let e = try await ElectionStore.load(id, on: db) else { continue }
            let stage = e.stage(at: now)
            guard stage == .voting || stage == .nominations else { continue }
            let mine = try await ElectionStore.entries(of: user, .election, id: id, on: db)
            guard !mine.isEmpty else { continue }
            let left = mine.filter { !$0.done }.count
            if stage == .voting { waiting += left }
            rows.append([
                .link(e.title, ElectionsURL.election(.value(id)).path),
                .text(e.kind == .motion ? "Motion" : "Election"),
                .text(
                    stage == .nominations
                        ? "Nominations open until \(e.nominationsClose.map(Timetable.long) ?? "the timetable says")"
                        : "Voting closes \(Timetable.long(e.votingClose))"),
                .text(stage == .nominations ? "Nominate" : left == 0 ? "Voted" : Self.toCast(left, mine.count)),
            ])
        }
        let surveys = try await ElectionStore.rollPolls(of: user, .survey, on: db)
        for id in surveys.sorted() {
            guard let s = try await SurveyStore.load(id, on: db), s.isOpen(on: today) else { continue }
            let mine = try await ElectionStore.entries(of: user, .survey, id: id, on: db)
            guard !mine.isEmpty else { continue }
            let left = mine.filter { !$0.done }.count
            waiting += left
            rows.append([
                .link(s.title, SurveysURL.survey(.value(id)).path), .text("Survey"),
                .text("Closes at the end of \(s.closes.long)"),
                .text(left == 0 ? "Answered" : left == 1 ? "To answer" : "\(left) of \(mine.count) to answer"),
            ])
        }
        guard !rows.isEmpty else { return [] }
        let table = DataTable(
            id: "my-polls", caption: "Votes and surveys open to you",
            columns: [.init(title: "What"), .init(title: "Kind"), .init(title: "When"), .init(title: "You")],
            rows: rows, fileName: "my-votes-and-surveys-\(today.iso).csv")
        return [
            TodayPanel(
                urgency: waiting > 0 ? 0 : 2,
                .init(
                    heading: "Your votes and surveys",
                    hint: waiting > 0
                        ? "\(counted(waiting, "ballot or answer", "ballots or answers")) of yours "
                            + "\(waiting == 1 ? "is" : "are") still to give."
                        : "Everything open to you has your vote or answer.",
                    tables: [table],
                    links: [(ElectionsURL.list.path, "All elections and surveys")]))
        ]
    }

    static func toCast(_ left: Int, _ all: Int) -> String {
        all == 1 ? "To vote" : "\(left) of \(all) ballots to cast"
    }
}
