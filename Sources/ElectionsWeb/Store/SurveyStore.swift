import ConsortCore
import ConsortWeb
import Elections
import Fluent
import Foundation
import SQLKit

/// Surveys: questions, a roll drawn like an election's, open and close dates, anonymous or named
/// answers, reminders, and results.
package enum SurveyStore {
    package struct Record: Sendable, Decodable {
        package let id: Int64
        package let title: String
        package let bodyCode: String
        package let groupCodes: String
        package let questions: String
        package let anonymous: Bool
        package let electorate: String
        package let rollOn: String
        package let rollNote: String
        package let opensOn: String
        package let closesOn: String
        package let template: String?
        package let isDemo: Bool
        package let createdBy: String

        package var groups: [String] { groupCodes.split(separator: ",").map(String.init) }
        package var questionnaire: Questionnaire? { try? Questionnaire.parse(questions) }
        package var opens: Day { Day(iso: opensOn) ?? Day(ordinal: 0) }
        package var closes: Day { Day(iso: closesOn) ?? Day(ordinal: 0) }
        /// Open from the start of `opens` to the end of `closes`.
        package func isOpen(on day: Day) -> Bool { opens <= day && day <= closes }
        package var perPractice: Bool { electorate == Electorate.Kind.practices.rawValue }
    }

    package struct Input: Sendable {
        package var title: String?
        package var questions: String?
        package var anonymous: String?
        package var groups: String?
        package var electorate: String?
        package var roles: [String]
        package var people: String?
        package var rollOn: String?
        package var opensOn: String?
        package var closesOn: String?
        package var template: String?

        package init(
            title: String?, questions: String?, anonymous: String?, groups: String?, electorate: String?,
            roles: [String], people: String?, rollOn: String?, opensOn: String?, closesOn: String?, template: String?
        ) {
            self.title = title
            self.questions = questions
            self.anonymous = anonymous
            self.groups = groups
            self.electorate = electorate
            self.roles = roles
            self.people = people
            self.rollOn = rollOn
            self.opensOn = opensOn
            self.closesOn = closesOn
            self.template = template
        }
    }

    package static func load(_ id: Int64, on db: any SQLDatabase) async throws -> Record? {
        try await db.raw("SELECT * FROM surveys WHERE id = \(bind: id)").first(
            decoding: Record.self, with: snakeCaseRows)
    }

    package static func visible(to user: CurrentUser, view: RegistryView, on db: any SQLDatabase) async throws
        -> [Record]
    {
        let all = try await db.raw("SELECT * FROM surveys ORDER BY closes_on DESC, id DESC LIMIT 500")
            .all(decoding: Record.self, with: snakeCaseRows)
        let onRoll = try await ElectionStore.rollPolls(of: user, .survey, on: db)
        return all.filter { Permissions.canRunPoll($0.groups, user, view: view) || onRoll.contains($0.id) }
    }

    package static func create(
        _ input: Input, views: Roll.Views, today: Day = Day.today(), demo: Bool = false, by user: CurrentUser,
        on database: any Database
    ) async throws -> Int64 {
        var problems: [FieldProblem] = []
        let title = (input.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 200 {
            problems.append(FieldProblem(field: "title", message: "give the survey a title of up to 200 characters"))
        }
        var questionnaire: Questionnaire?
        do {
            questionnaire = try Questionnaire.parse(input.questions ?? "")
        } catch {
            problems.append(FieldProblem(field: "questions", message: "line \(error.line): \(error.reason)"))
        }
        let electorate = ElectionStore.electorate(
            kind: input.electorate, groups: input.groups, roles: input.roles, weighting: "one", perPatients: nil,
            rounding: nil, people: input.people, rollOn: input.rollOn, today: today, user: user,
            view: try await views(today), problems: &problems)
        let opens = Day(iso: (input.opensOn ?? "").trimmingCharacters(in: .whitespaces))
        let closes = Day(iso: (input.closesOn ?? "").trimmingCharacters(in: .whitespaces))
        if opens == nil || opens! < today || opens! > today.adding(days: 366) {
            problems.append(FieldProblem(field: "opens_on", message: "give the day it opens: today or within a year"))
        }
        if closes == nil {
            problems.append(FieldProblem(field: "closes_on", message: "give the last day for answers"))
        } else if let o = opens, let c = closes, c < o || c > o.adding(days: 366) {
            problems.append(
                FieldProblem(field: "closes_on", message: "it closes on or after the day it opens, within a year"))
        }
        guard problems.isEmpty, let questionnaire, let electorate, let opens, let closes else {
            throw FieldProblems(all: problems)
        }
        let anonymous = input.anonymous != "named"
        // Weighted by "one": one response per practice or person.
        let roll = try await Roll.draw(electorate, views: views, db: Store.sql(database))
        let template = SurveyTemplate.all.first { $0.id == input.template }?.id
        return try await Store.write(database) { db in
            struct ID: Decodable { let id: Int64 }
            guard
                let id = try await db.raw(
                    """
                    INSERT INTO surveys (title, body_code, group_codes, questions, anonymous, electorate, weighting, \
                    roll_on, roll_note, opens_on, closes_on, template, box_version, is_demo, created_by, created_at)
                    VALUES (\(bind: title), \(bind: electorate.groups[0]), \
                    \(bind: electorate.groups.joined(separator: ",")), \(bind: questionnaire.text), \
                    \(bind: anonymous), \
                    \(bind: electorate.kind.rawValue), 'one', \
                    \(bind: electorate.day.iso), \(bind: roll.note), \(bind: opens.iso), \(bind: closes.iso), \
                    \(bind: template), 0, \(bind: demo), \(bind: user.username), \(bind: AuditChain.timestamp()))
                    RETURNING id
                    """
                ).first(decoding: ID.self)?.id
            else { throw FieldProblem(field: "title", message: "the survey could not be saved; try again") }
            try await ElectionStore.issue(
                .survey, id: id, title: title, roll: roll, opens: Timetable.start(of: opens),
                closes: Timetable.start(of: closes.adding(days: 1)) - 60, on: db)
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "survey.create", entity: "surveys", entityID: String(id),
                after: [
                    "title": title, "roll": roll.note, "entries": String(roll.entries.count), "opensOn": opens.iso,
                    "closesOn": closes.iso, "anonymous": String(anonymous),
                ])
            return id
        }
    }

    /// Records a roll entry's answers (checked against the questions by the caller).
    package static func respond(
        _ s: Record, roll: Int64, answers: [[String]], today: Day = Day.today(), on database: any Database
    ) async throws {
        guard s.isOpen(on: today) else {
            throw ElectionStore.refuse(
                "answers",
                today < s.opens ? "the survey opens on \(s.opens.long)" : "the survey closed on \(s.closes.long)")
        }
        let json = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
        do {
            try await Box.cast(.survey, id: s.id, roll: roll, paper: json, named: !s.anonymous, on: database)
        } catch CastRefusal.alreadyDone {
            throw ElectionStore.refuse("answers", "this survey has been answered already; one response each")
        }
    }

    /// Every response's answers, and for a named survey who gave it.
    package static func responses(_ s: Record, on db: any SQLDatabase) async throws -> [(
        roll: Int64?, answers: [[String]]
    )] {
        try await Box.papers(.survey, id: s.id, on: db).map { paper in
            (paper.roll, (try? JSONDecoder().decode([[String]].self, from: Data(paper.paper.utf8))) ?? [])
        }
    }
}

extension Timetable {
    /// The first second of a UK day.
    package static func start(of day: Day) -> Int64 {
        parse(day.iso + "T00:00") ?? Int64(day.ordinal) * 86_400
    }
}
