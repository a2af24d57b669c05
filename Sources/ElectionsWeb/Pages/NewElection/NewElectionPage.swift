import ConsortCore
import ConsortWeb
import Vapor

/// Setting up an election or a motion: what is decided and how, the roll, the timetable.
package struct NewElectionPage: Sendable {
    package let form: EngagementForm
    package let errors: FormErrors

    package func render(_ ctx: PageContext, status: HTTPStatus = .ok) -> HTMLPage {
        Layout.page(
            "Set up an election", ctx, crumbs: [.init(title: "Elections and surveys", href: ElectionsURL.list.path)],
            section: "elections", status: status
        ) {
            H.h1 { "Set up an election or motion" }
            H.p(.class("lead")) {
                "Everyone on the roll is sent a single-use ballot link when the election is set up; those with an "
                    + "account can also vote once signed in. Candidates need nominations from at least two electors."
            }
            H.form(.attr("method", "post"), .attr("action", ElectionsURL.new.path), .attr("novalidate", "")) {
                Layout.csrfField(ctx)
                Layout.errorSummary(errors)
                Layout.field("title", "Title", errors) {
                    H.input(.type("text"), .id("title"), .name("title"), .value(form.title ?? ""), .class("wide"))
                }
                H.el("fieldset", [.class("field"), .id("method")]) {
                    H.el("legend", []) { "How it is decided" }
                    Layout.fieldError(errors, "method")
                    for m in ElectionStore.Method.allCases {
                        H.div(.class("checkbox")) {
                            Layout.choice(
                                "radio", "method-\(m.rawValue)", name: "method", value: m.rawValue,
                                checked: (form.method ?? "scottish") == m.rawValue)
                            H.label(.for("method-\(m.rawValue)")) { m.label }
                        }
                    }
                }
                Layout.field("seats", "Seats to fill", hint: "Not asked for a motion.", errors) {
                    H.input(
                        .type("text"), .attr("inputmode", "numeric"), .id("seats"), .name("seats"),
                        .value(form.seats ?? "1"), .aria("describedby", "seats-hint"))
                }
                Layout.field("motion", "The motion (for a motion)", errors) {
                    H.textarea(
                        .id("motion"), .name("motion"), .attr("rows", "3"), .class("wide"), text: form.motion ?? "")
                }
                RollFields.render(form, errors, weighting: true)
                H.h2(.id("timetable")) { "Timetable (UK time)" }
                H.p(.class("hint")) {
                    "The server keeps to it: nominations and withdrawals only while nominations are open, votes only "
                        + "while voting is open. A motion has no nominations."
                }
                RollFields.moment("nominations_open", "Nominations open", form.nominationsOpen, errors)
                RollFields.moment("nominations_close", "Nominations close", form.nominationsClose, errors)
                RollFields.moment("voting_open", "Voting opens", form.votingOpen, errors)
                RollFields.moment("voting_close", "Voting closes", form.votingClose, errors)
                H.button(.type("submit"), .class("button")) { "Set up the election" }
            }
        }
    }
}
