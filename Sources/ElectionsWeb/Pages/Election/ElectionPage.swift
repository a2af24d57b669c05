import ConsortCore
import ConsortWeb
import Elections
import SQLKit
import Vapor

/// An election's page: what is decided and how, the timetable and where it stands, the roll, the
/// candidates and their nominations, the ballot for an elector who has not voted, and the result.
/// Only those who run it see the roll (who has voted; never how).
package struct ElectionPage: Sendable {
    package let election: ElectionStore.Record
    package let candidates: [ElectionStore.Candidate]
    /// The roll (for those who run the election), else empty.
    package let roll: [ElectionStore.RollLine]
    package let onRoll: Int
    package let voted: Int
    /// The user's own roll entries (theirs and their practices').
    package let mine: [ElectionStore.RollLine]
    package let runs: Bool
    package let userPerson: Int64?
    /// Who may be nominated, while nominations are open.
    package let eligible: [(id: Int64, name: String)]
    package let now: Int64
    /// How each roll entry is told (for those who run it).
    package var reach: [Int64: Roll.Reach] = [:]
    /// The names of the groups that run it, by code.
    package var groupNames: [String: String] = [:]

    /// The entries that cannot be told of their ballot: no email, no account, no manager.
    package var unreachable: [ElectionStore.RollLine] { roll.filter { reach[$0.id]?.reached == false } }

    package static func load(
        _ e: ElectionStore.Record, user: CurrentUser, view: RegistryView, now: Int64 = Timetable.now(),
        on db: any SQLDatabase
    )
        async throws -> ElectionPage
    {
        let runs = Permissions.canRunPoll(e.groups, user, view: view)
        let all = try await ElectionStore.roll(.election, id: e.id, on: db)
        let mine = ElectionStore.mine(of: user, in: all)
        let nominating = e.stage(at: now) == .nominations && !mine.isEmpty
        var page = ElectionPage(
            election: e, candidates: try await ElectionStore.candidates(e.id, on: db), roll: runs ? all : [],
            onRoll: all.count, voted: all.filter(\.done).count, mine: mine, runs: runs, userPerson: user.personID,
            eligible: nominating ? try await ElectionStore.eligible(e, on: db) : [], now: now)
        if runs { page.reach = try await Roll.reach(all, on: Day.today(), db: db) }
        for code in e.groups { page.groupNames[code] = view.groups[code]?.name }
        return page
    }

    package var stage: ElectionStore.Stage { election.stage(at: now) }
    package var standing: [ElectionStore.Candidate] {
        candidates.filter { $0.stands(motion: election.kind == .motion) }
    }

    package func tables() -> [DataTable] {
        var tables = [candidatesTable()]
        if runs { tables.append(rollTable()) }
        if let sheet = election.result?.sheet { tables.append(SheetView.table(sheet)) }
        return tables
    }

    func candidatesTable() -> DataTable {
        DataTable(
            id: "candidates", caption: election.kind == .motion ? "Choices" : "Candidates",
            columns: [.init(title: "Name"), .init(title: "Nominated by"), .init(title: "Standing")],
            rows: candidates.map { c in
                [
                    .text(c.name),
                    .text(
                        (c.nominators + (c.selfNominated ? ["put themself forward (not counted)"] : []))
                            .joined(separator: "; ")),
                    .text(
                        c.withdrawn
                            ? "Withdrawn"
                            : c.stands(motion: election.kind == .motion)
                                ? "Standing"
                                : Self.needs(ElectionStore.minimumNominators - c.nominators.count)),
                ]
            }, fileName: "candidates-\(election.id).csv")
    }

    /// "Needs 1 more nomination from another elector", "Needs 2 more nominations …".
    static func needs(_ n: Int) -> String {
        "Needs \(n) more \(n == 1 ? "nomination" : "nominations") from other electors"
    }

    func rollTable() -> DataTable {
        DataTable(
            id: "roll", caption: "The roll: \(grouped(onRoll)) entries, \(grouped(voted)) voted",
            columns: [
                .init(title: "On the roll"), .init(title: "Practice"), .init(title: "Votes", numeric: true),
                .init(title: "Told"), .init(title: "Voted"),
            ],
            rows: roll.map { line in
                [
                    .text(line.label), .text(line.practiceCode), .number(line.weight),
                    .text(reach[line.id]?.text ?? "–"), .text(line.done ? "Yes" : "Not yet"),
                ]
            }, fileName: "roll-\(election.id).csv")
    }
}
