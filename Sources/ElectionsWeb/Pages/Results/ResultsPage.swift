import ConsortCore
import ConsortWeb
import Elections
import Foundation
import SQLKit
import Vapor

/// A survey's results for those who run it: each question's answers as a chart with its table,
/// the response rate by practice and by group, and every table as CSV.
package struct ResultsPage: Sendable {
    package let survey: SurveyStore.Record
    package let tallies: [Questionnaire.Tally]
    package let responses: [(roll: Int64?, answers: [[String]])]
    package let roll: [ElectionStore.RollLine]
    package let practiceNames: [String: String]
    package let groupNames: [String: String]
    package let at: String

    package static func load(_ s: SurveyStore.Record, view: RegistryView, on db: any SQLDatabase) async throws
        -> ResultsPage
    {
        let responses = try await SurveyStore.responses(s, on: db)
        let roll = try await ElectionStore.roll(.survey, id: s.id, on: db)
        var practices: [String: String] = [:]
        for line in roll {
            if let code = line.practiceCode {
                practices[code] = view.index[code].map { view.practices[$0].name } ?? code
            }
        }
        var groups: [String: String] = [:]
        for code in s.groups { groups[code] = view.groups[code]?.name ?? code }
        return ResultsPage(
            survey: s, tallies: s.questionnaire?.tally(responses.map(\.answers)) ?? [], responses: responses,
            roll: roll,
            practiceNames: practices, groupNames: groups, at: Timetable.long(Timetable.now()))
    }

    static func percent(_ n: Int, of total: Int) -> String {
        total == 0 ? "–" : String(format: "%.0f%%", Double(n) * 100 / Double(total))
    }

    package func tallyTable() -> DataTable {
        DataTable(
            id: "answers", caption: "Answers to each question",
            columns: [
                .init(title: "Question"), .init(title: "Answer"), .init(title: "Responses", numeric: true),
                .init(title: "Share of those answering", numeric: true),
            ],
            rows: tallies.enumerated().flatMap { i, t in
                t.options.map { o in
                    [
                        .text("\(i + 1). \(t.question.prompt)"), .text(o.label), .number(o.count),
                        .text(Self.percent(o.count, of: t.answered)),
                    ]
                }
            }, fileName: "survey-\(survey.id)-answers.csv")
    }

    func rates(by key: (ElectionStore.RollLine) -> String?, names: [String: String], id: String, caption: String)
        -> DataTable
    {
        let groups = Dictionary(grouping: roll, by: { key($0) ?? "" })
        return DataTable(
            id: id, caption: caption,
            columns: [
                .init(title: "Name"), .init(title: "On the roll", numeric: true),
                .init(title: "Answered", numeric: true),
                .init(title: "Response rate", numeric: true),
            ],
            rows: groups.keys.sorted().map { code in
                let lines = groups[code] ?? []
                let done = lines.filter(\.done).count
                return [
                    .text(code.isEmpty ? "No practice" : "\(names[code] ?? code) (\(code))"), .number(lines.count),
                    .number(done), .text(Self.percent(done, of: lines.count)),
                ]
            }, fileName: "survey-\(survey.id)-\(id).csv")
    }

    package func responsesTable() -> DataTable {
        let labels = Dictionary(uniqueKeysWithValues: roll.map { ($0.id, $0.label) })
        let questions = survey.questionnaire?.questions ?? []
        var columns: [DataTable.Column] = survey.anonymous ? [] : [.init(title: "Respondent")]
        columns += questions.indices.map { DataTable.Column(title: "Q\($0 + 1)") }
        return DataTable(
            id: "responses", caption: survey.anonymous ? "Every response (anonymous, in no order)" : "Every response",
            columns: columns,
            rows: responses.map { r in
                (survey.anonymous ? [] : [DataTable.Cell.text(r.roll.flatMap { labels[$0] })])
                    + questions.enumerated().map { i, q in
                        let given = r.answers.indices.contains(i) ? r.answers[i] : []
                        switch q.kind {
                        case .single, .multiple:
                            return .text(
                                given.compactMap {
                                    Int($0).flatMap { q.options.indices.contains($0 - 1) ? q.options[$0 - 1] : nil }
                                }.joined(separator: "; "))
                        case .scale, .text: return .text(given.joined(separator: "; "))
                        }
                    }
            }, fileName: "survey-\(survey.id)-responses.csv")
    }

    package func tables() -> [DataTable] {
        [
            tallyTable(),
            rates(by: \.practiceCode, names: practiceNames, id: "practices", caption: "Response rate by practice"),
            rates(by: \.groupCode, names: groupNames, id: "groups", caption: "Response rate by group"),
            responsesTable(),
        ]
    }

    package func render(_ ctx: PageContext) -> HTMLPage {
        let s = survey
        let done = roll.filter(\.done).count
        return Layout.page(
            "Results: \(s.title)", ctx,
            crumbs: [
                .init(title: "Elections and surveys", href: ElectionsURL.list.path),
                .init(title: s.title, href: SurveysURL.survey(.value(s.id)).path),
            ], section: "elections"
        ) {
            H.h1 { "Results: \(Layout.demoName(s.title, isDemo: s.isDemo))" }
            Layout.summaryList([
                (
                    "Responses",
                    .text(
                        "\(grouped(done)) of \(grouped(roll.count)) on the roll "
                            + "(\(Self.percent(done, of: roll.count))), at \(at)"
                    )
                ),
                ("Open", .text("\(s.opens.long) to the end of \(s.closes.long)")),
                ("The roll", .text(s.rollNote)),
            ])
            if responses.isEmpty { H.p { "No one has answered yet." } }
            for (i, t) in tallies.enumerated() {
                H.h2 { "\(i + 1). \(t.question.prompt)" }
                H.p(.class("hint")) {
                    "\(t.question.kind.label). \(grouped(t.answered)) answered."
                        + (t.mean.map { String(format: " Mean %.2f on the scale of 1 to 5.", $0) } ?? "")
                }
                if t.question.kind == .text {
                    if t.texts.isEmpty { H.p { "No answers." } } else { H.ul { for text in t.texts { H.li { text } } } }
                } else {
                    H.table(.class("data bars")) {
                        H.caption(.class("visually-hidden")) { t.question.prompt }
                        H.thead {
                            H.tr {
                                H.th { "Answer" }
                                H.th(.class("numeric")) { "Responses" }
                                H.th { "Share" }
                            }
                        }
                        H.tbody {
                            for o in t.options {
                                let share = t.answered == 0 ? 0 : Double(o.count) / Double(t.answered)
                                H.tr {
                                    H.td { o.label }
                                    H.td(.class("numeric")) { grouped(o.count) }
                                    H.td {
                                        Node.raw(
                                            "<svg class=\"bar\" viewBox=\"0 0 160 14\" preserveAspectRatio=\"none\" "
                                                + "aria-hidden=\"true\">"
                                                + "<rect width=\"\(svgNumber(share * 160))\" height=\"14\"/></svg>")
                                        " " + Self.percent(o.count, of: t.answered)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            H.h2 { "Response rates" }
            for table in tables()[1...2] { table.html(ctx) }
            H.h2 { "Every response" }
            responsesTable().html(ctx)
            H.p { H.link(SurveysURL.results(.value(s.id)).csv([("table", "answers")]), "Download the answers (CSV)") }
        }
    }
}
