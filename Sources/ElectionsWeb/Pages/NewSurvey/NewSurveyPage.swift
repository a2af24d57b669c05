import ConsortCore
import ConsortWeb
import Elections
import Vapor

/// Setting up a survey: its questions (from a template or written), anonymous or named, the roll,
/// and the days it is open.
package struct NewSurveyPage: Sendable {
    package let form: EngagementForm
    package let errors: FormErrors

    package func render(_ ctx: PageContext, status: HTTPStatus = .ok) -> HTMLPage {
        Layout.page(
            "Set up a survey", ctx, crumbs: [.init(title: "Elections and surveys", href: ElectionsURL.list.path)],
            section: "elections", status: status
        ) {
            H.h1 { "Set up a survey" }
            H.p(.class("lead")) {
                "Everyone on the roll is sent a single-use link to answer; those with an account can also answer once "
                    + "signed in. Those who have not answered are reminded three days before it closes."
            }
            H.div(.class("callout")) {
                H.h2 { "Start from a template" }
                H.ul {
                    for t in SurveyTemplate.all {
                        H.li {
                            H.link(SurveysURL.new.path([("template", t.id)]), t.title)
                            H.div(.class("hint")) { "Source: \(t.source)." }
                        }
                    }
                }
            }
            H.form(.attr("method", "post"), .attr("action", SurveysURL.new.path), .attr("novalidate", "")) {
                Layout.csrfField(ctx)
                Layout.errorSummary(errors)
                H.input(.type("hidden"), .name("template"), .value(form.template ?? ""))
                Layout.field("title", "Title", errors) {
                    H.input(.type("text"), .id("title"), .name("title"), .value(form.title ?? ""), .class("wide"))
                }
                Layout.field(
                    "questions", "Questions",
                    hint: "Start each question with single:, multiple:, scale: or text: and list a choice's options "
                        + "below it, each on a line starting with - (for a scale, the words for 1 and 5).", errors
                ) {
                    H.textarea(
                        .id("questions"), .name("questions"), .attr("rows", "18"), .class("wide"),
                        .aria("describedby", "questions-hint"), text: form.questions ?? "")
                }
                H.el("fieldset", [.class("field"), .id("anonymous")]) {
                    H.el("legend", []) { "Answers" }
                    for (value, label) in [
                        ("anonymous", "Anonymous: no one can tell who gave which answers"),
                        ("named", "Named: the results show who gave each response"),
                    ] {
                        H.div(.class("checkbox")) {
                            Layout.choice(
                                "radio", "anonymous-\(value)", name: "anonymous", value: value,
                                checked: (form.anonymous ?? "anonymous") == value)
                            H.label(.for("anonymous-\(value)")) { label }
                        }
                    }
                }
                RollFields.render(form, errors, weighting: false)
                H.p(.class("hint")) {
                    "A roll of practices gives one response per practice (answered by its practice managers); a roll "
                        + "of GPs or people, one per person."
                }
                H.h2 { "Dates" }
                Layout.field("opens_on", "Opens on", errors) {
                    H.input(.type("date"), .id("opens_on"), .name("opens_on"), .value(form.opensOn ?? ""))
                }
                Layout.field("closes_on", "Closes at the end of", errors) {
                    H.input(.type("date"), .id("closes_on"), .name("closes_on"), .value(form.closesOn ?? ""))
                }
                H.button(.type("submit"), .class("button")) { "Set up the survey" }
            }
        }
    }
}
