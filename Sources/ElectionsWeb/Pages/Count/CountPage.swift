import ConsortCore
import ConsortWeb
import Elections
import Vapor

/// The count page: a ballot file pasted in and counted, and the count sheet as returning officers
/// publish it, candidates down the side and stages across, with each stage's notes.
package struct CountPage: Sendable {
    package let form: CountController.Form
    package let sheet: CountSheet?
    package let errors: FormErrors

    /// The count sheet as a table (see `SheetView.table`).
    package func sheetTable() -> DataTable { SheetView.table(sheet) }

    package func render(_ ctx: PageContext, status: HTTPStatus = .ok) -> HTMLPage {
        Layout.page("Count an election", ctx, section: "elections", status: status) {
            H.h1 { "Count an election by single transferable vote" }
            H.p(.class("lead")) {
                "Paste a ballot file in the BLT format (as OpenSTV, OpaVote and Droop.py write it) and choose the "
                    + "rules. The count sheet shows every stage: each candidate's votes, transfers, non-transferable "
                    + "votes, who was elected or excluded and why, and how ties were broken."
            }
            if let sheet { result(sheet, ctx) }
            H.form(.attr("method", "post"), .attr("action", ElectionsURL.count.path), .attr("novalidate", "")) {
                Layout.csrfField(ctx)
                Layout.errorSummary(errors)
                H.el("fieldset", [.class("field"), .id("method")]) {
                    H.el("legend", []) { "Rules" }
                    Layout.fieldError(errors, "method")
                    for (value, label) in [
                        ("scottish", "Scottish STV (SSI 2007/42, rules 45–52: transfer values to five places)"),
                        ("meek", "Meek's method (as Droop.py counts it: 9 places, omega 10⁻⁶)"),
                        ("fptp", "First past the post (each ballot's first preference)"),
                        ("approval", "Approval (every candidate a ballot ranks is approved)"),
                    ] {
                        H.div(.class("checkbox")) {
                            Layout.choice(
                                "radio", "method-\(value)", name: "method", value: value,
                                checked: (form.method ?? "scottish") == value)
                            H.label(.for("method-\(value)")) { label }
                        }
                    }
                }
                Layout.field(
                    "ballots", "Ballot file (BLT)",
                    hint: "The first line gives the candidates and seats; each ballot line ends with 0; a line with 0 "
                        + "ends the ballots; then the candidates' names and the title, in quotes.", errors
                ) {
                    H.textarea(
                        .id("ballots"), .name("ballots"), .attr("rows", "12"), .class("wide"),
                        .aria("describedby", "ballots-hint"), text: form.ballots ?? "")
                }
                H.button(.type("submit"), .class("button")) { "Count" }
            }
            H.p(.class("hint")) {
                "Ties decided by lot follow the file's [tie] order, else candidate order, so that a count can be "
                    + "repeated. The same count from the command line: consort election count FILE.blt --method "
                    + "scottish. "
                H.link(SiteURL.help.path + "#elections", "How elections are counted")
            }
        }
    }

    func result(_ sheet: CountSheet, _ ctx: PageContext) -> Node {
        H.fragment {
            SheetView.summary(sheet)
            sheetTable().html(ctx)
            H.form(.attr("method", "post"), .attr("action", ElectionsURL.count.path), .class("downloads")) {
                Layout.csrfField(ctx)
                H.input(.type("hidden"), .name("ballots"), .value(form.ballots ?? ""))
                H.input(.type("hidden"), .name("method"), .value(form.method ?? ""))
                H.button(.type("submit"), .name("download"), .value("csv"), .class("link-button")) {
                    "Download the count sheet (CSV)"
                }
                " · "
                H.button(.type("submit"), .name("download"), .value("json"), .class("link-button")) {
                    "Download the count sheet (JSON)"
                }
            }
            SheetView.stages(sheet)
        }
    }
}
