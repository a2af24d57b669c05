import ConsortCore
import ConsortWeb
import Elections
import Vapor

/// A survey's page: its questions as a form for someone on the roll who has not answered (while it
/// is open), else where it stands; those who run it see the response rate and a link to results.
package struct SurveyPage: Sendable {
    package let survey: SurveyStore.Record
    package let mine: [ElectionStore.RollLine]
    package let runs: Bool
    package let onRoll: Int
    package let answered: Int
    package let today: Day
    package let action: String

    package func render(
        _ ctx: PageContext, form: EngagementForm = .init(), errors: FormErrors = [], status: HTTPStatus = .ok
    ) -> HTMLPage {
        let s = survey
        let title = Layout.demoName(s.title, isDemo: s.isDemo)
        let open = mine.filter { !$0.done }
        return Layout.page(
            title, ctx, crumbs: [.init(title: "Elections and surveys", href: ElectionsURL.list.path)],
            section: "elections", status: status
        ) {
            H.h1 { title }
            H.p(.class("lead")) {
                (s.isOpen(on: today) ? "Open" : today < s.opens ? "Opens" : "Closed; it was open")
                    + " from \(s.opens.long) to the end of \(s.closes.long). "
                    + (s.anonymous
                        ? "Answers are anonymous: they are stored with no link to who gave them."
                        : "Answers are named: those who run the survey see who gave each response.")
            }
            if runs {
                Layout.summaryList([
                    ("The roll", .text(s.rollNote)),
                    ("Answered", .text("\(grouped(answered)) of \(grouped(onRoll))")),
                ])
                H.p { H.link(SurveysURL.results(.value(s.id)).path, "Results and response rates") }
            }
            if !mine.isEmpty && open.isEmpty {
                H.p { "Thank you: this survey has been answered." }
            } else if !open.isEmpty && s.isOpen(on: today), let q = s.questionnaire {
                questions(q, entries: open, form: form, errors: errors, ctx)
            } else if !open.isEmpty {
                H.p { today < s.opens ? "The survey opens on \(s.opens.long)." : "The survey has closed." }
            }
        }
    }

    func questions(
        _ q: Questionnaire, entries: [ElectionStore.RollLine], form: EngagementForm, errors: FormErrors,
        _ ctx: PageContext
    ) -> Node {
        let given = form.answers
        return H.form(.attr("method", "post"), .attr("action", action), .attr("novalidate", ""), .id("survey-form")) {
            Layout.csrfField(ctx)
            Layout.errorSummary(errors)
            if entries.count > 1 {
                Layout.field("entry", "Answering for", errors) {
                    H.select(.id("entry"), .name("entry")) {
                        for line in entries {
                            H.option(String(line.id), line.label, selected: form.entry == String(line.id))
                        }
                    }
                }
            } else if let line = entries.first, line.personId == nil {
                H.p { "Answering for \(line.label)." }
            }
            for (i, question) in q.questions.enumerated() {
                let n = i + 1
                let name = "q[\(n)][]"
                H.el("fieldset", [.class("field"), .id("q\(n)")]) {
                    H.el("legend", []) { "\(n). \(question.prompt)" }
                    H.div(.class("hint")) { question.kind.label }
                    Layout.fieldError(errors, "q\(n)")
                    switch question.kind {
                    case .single, .multiple:
                        for (j, option) in question.options.enumerated() {
                            H.div(.class("checkbox")) {
                                Layout.choice(
                                    question.kind == .single ? "radio" : "checkbox", "q\(n)-\(j + 1)", name: name,
                                    value: String(j + 1), checked: (given[i] ?? []).contains(String(j + 1)))
                                H.label(.for("q\(n)-\(j + 1)")) { option }
                            }
                        }
                    case .scale:
                        H.div(.class("scale")) {
                            for point in 1...Questionnaire.scaleTop {
                                H.span(.class("checkbox")) {
                                    Layout.choice(
                                        "radio", "q\(n)-\(point)", name: name, value: String(point),
                                        checked: (given[i] ?? []).contains(String(point)))
                                    H.label(.for("q\(n)-\(point)")) {
                                        point == 1 && question.options.count == 2
                                            ? "1 \(question.options[0])"
                                            : point == Questionnaire.scaleTop && question.options.count == 2
                                                ? "\(point) \(question.options[1])" : String(point)
                                    }
                                }
                            }
                        }
                    case .text:
                        H.textarea(
                            .id("q\(n)-text"), .name(name), .attr("rows", "4"), .class("wide"),
                            .aria("label", question.prompt), text: given[i]?.first ?? "")
                    }
                }
            }
            H.button(.type("submit"), .class("button")) { "Send my answers" }
        }
    }

    /// The confirmation after a response.
    package static func thanks(_ s: SurveyStore.Record) -> DonePage {
        DonePage(
            heading: "Thank you",
            message: "Your answers to \(s.title) have been recorded" + (s.anonymous ? ", with no link to you." : "."))
    }
}
