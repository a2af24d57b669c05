import ConsortCore
import ConsortWeb
import Quality

/// The pieces the readiness pages share: the evidence form (a practice's own, or a group's
/// shared policy), status tags and evidence lists.
package enum ReadinessView {
    /// A status as a tag, its colour backed by its words.
    static func tag(_ status: EvidenceStatus) -> Node {
        H.span(.class("tag status-\(status.rawValue)")) { status.label }
    }

    /// The form recording evidence: what, when, who, review date, and the statements it evidences.
    static func evidenceForm(
        action: String, heading: String, submit: String, form: ReadinessForm, errors: FormErrors,
        people: [(id: Int64, name: String)], _ ctx: PageContext
    ) -> Node {
        let chosen = Set(form.statements ?? [])
        return H.form(.attr("method", "post"), .attr("action", action), .attr("novalidate", "")) {
            Layout.csrfField(ctx)
            H.h2(.id("add-evidence")) { heading }
            Layout.errorSummary(errors)
            Layout.field(
                "title", "What it is", hint: "For example: Safeguarding policy, IPC audit, fire risk assessment.",
                errors
            ) {
                H.input(
                    .type("text"), .id("title"), .name("title"), .value(form.title ?? ""), .class("wide"),
                    .aria("describedby", "title-hint"))
            }
            Layout.field(
                "detail", "Details (optional)", hint: "Where it is kept, what it found, actions taken.", errors
            ) {
                H.textarea(
                    .id("detail"), .name("detail"), .attr("rows", "3"), .aria("describedby", "detail-hint"),
                    text: form.detail ?? "")
            }
            Layout.field("gathered_on", "Dated", errors) {
                H.input(.type("date"), .id("gathered_on"), .name("gathered_on"), .value(form.gatheredOn ?? ""))
            }
            Layout.field("review_on", "Review by", hint: "Leave empty for 12 months after the date above.", errors) {
                H.input(
                    .type("date"), .id("review_on"), .name("review_on"), .value(form.reviewOn ?? ""),
                    .aria("describedby", "review_on-hint"))
            }
            if !people.isEmpty {
                Layout.field("person", "Responsible (optional)", errors) {
                    H.select(.id("person"), .name("person")) {
                        H.option("", "No one named", selected: (form.person ?? "").isEmpty)
                        for p in people { H.option(String(p.id), p.name, selected: form.person == String(p.id)) }
                    }
                }
            }
            H.div(.class("field"), .id("statements")) {
                H.h3 { "Quality statements it evidences" }
                Layout.fieldError(errors, "statements")
                for question in KeyQuestion.allCases {
                    H.el("fieldset", [.class("statement-group")]) {
                        H.el("legend", []) { question.title }
                        for s in AssessmentFramework.statements where s.question == question {
                            H.div(.class("checkbox")) {
                                Layout.checkbox(
                                    "st-\(s.code)", name: "statements[]", value: s.id, checked: chosen.contains(s.id))
                                H.label(.for("st-\(s.code)")) { "\(s.code) \(s.title)" }
                            }
                        }
                    }
                }
            }
            H.button(.type("submit"), .class("button")) { submit }
        }
    }

    /// Evidence as a table: what, statements, dated, review, responsible, and (for those who may) retiring it.
    static func evidenceTable(
        _ items: [ReadinessStore.Evidence], id: String, caption: String, fileName: String, day: Day
    ) -> DataTable {
        var table = DataTable(
            id: id, caption: caption,
            columns: [
                .init(title: "Evidence"), .init(title: "Statements"), .init(title: "Dated"),
                .init(title: "Review by"), .init(title: "Status"), .init(title: "Responsible"),
                .init(title: "Recorded by"),
            ],
            rows: items.map { e in
                [
                    .text(e.title),
                    .text(e.statements.compactMap { AssessmentFramework.byID[$0]?.code }.joined(separator: ", ")),
                    .text(e.gatheredOn.iso), .text(e.reviewOn.iso),
                    .text(Readiness.status(reviewDates: [e.reviewOn], on: day).label), .text(e.person),
                    .text(e.createdBy),
                ]
            }, fileName: fileName)
        table.emptyText = "None recorded."
        return table
    }

    /// A button that retires a piece of evidence.
    static func retireButton(_ e: ReadinessStore.Evidence, _ ctx: PageContext) -> Node {
        H.form(
            .attr("method", "post"), .attr("action", QualityURL.retireEvidence(.value(e.id)).path),
            .class("inline-form")
        ) {
            Layout.csrfField(ctx)
            H.button(.type("submit"), .class("link-button")) {
                "Retire "
                H.span(.class("visually-hidden")) { e.title }
            }
        }
    }
}
