import ConsortCore
import ConsortWeb
import Quality
import Vapor

extension ReadinessPage {
    package func tables() -> [DataTable] {
        [
            statementsTable(),
            ReadinessView.evidenceTable(
                own, id: "evidence", caption: "The practice's own evidence", fileName: "evidence-\(code).csv",
                day: day),
            ReadinessView.evidenceTable(
                adopted, id: "adopted", caption: "Shared policies adopted", fileName: "adopted-\(code).csv", day: day),
            dsptTable(),
        ]
    }

    /// The summary every readiness view opens with: rating, evidence counts, DSPT.
    func summary() -> Node {
        let counts = Readiness.counts(lines.map(\.status))
        return Layout.summaryList([
            (
                "Last CQC rating",
                rating.map { r in
                    H.fragment {
                        H.strong { r.rating }
                        r.ratingYear.map { " (published \($0))" } ?? ""
                        r.inherited ? " – inherited from a previous provider" : ""
                        H.div(.class("hint")) { "Source: \(QualityStore.ratingsSource)." }
                    }
                } ?? .text("No rating in the shipped CQC data (April 2024).")
            ),
            (
                "Evidence on \(day.long)",
                .text(
                    EvidenceStatus.allCases.reversed().map { "\(counts[$0] ?? 0) \($0.label.lowercased())" }
                        .joined(separator: ", ") + " of 34 statements")
            ),
            ("Data security (DSPT)", .text(standing.label)),
        ])
    }

    package func render(
        _ ctx: PageContext, form: ReadinessForm = .init(), errors: FormErrors = [],
        status: HTTPStatus = .ok
    ) -> HTMLPage {
        let tables = tables()
        return Layout.page(
            "Inspection readiness: \(name)", ctx,
            crumbs: [
                .init(title: "Practices", href: "/practices"), .init(title: name, href: "/practices/\(code)"),
            ], section: "quality", status: status
        ) {
            H.h1 { "Inspection readiness: \(name) (\(code))" }
            H.p(.class("lead")) {
                "CQC's single assessment framework asks five key questions through 34 quality statements. "
                    + "Each statement here shows the evidence the practice keeps for it and whether that evidence "
                    + "is current. Statements with no evidence, or whose evidence is past its review date, are gaps."
            }
            summary()
            H.p {
                H.link(
                    QualityURL.readinessReport(.value(code)).path, "One-page readiness report (to print or save as PDF)"
                )
            }
            if !gaps.isEmpty {
                H.div(.class("callout warning")) {
                    H.h2 { "Gaps to close (\(gaps.count))" }
                    H.ul {
                        for line in gaps {
                            H.li {
                                "\(line.statement.code) \(line.statement.title) – \(line.status.label.lowercased())"
                            }
                        }
                    }
                }
            }
            H.h2 { "Quality statements" }
            for question in KeyQuestion.allCases {
                H.h3 { question.title }
                H.ul(.class("plain")) {
                    for line in lines where line.statement.question == question {
                        H.li {
                            ReadinessView.tag(line.status)
                            " \(line.statement.code) \(line.statement.title)"
                            if let latest = line.evidence.first {
                                H.span(.class("hint")) {
                                    " – \(latest.title), review by \(latest.reviewOn.long)"
                                        + (line.evidence.count > 1 ? " (and \(line.evidence.count - 1) more)" : "")
                                }
                            }
                        }
                    }
                }
            }
            H.p(.class("hint")) { "Source of the statements: \(AssessmentFramework.source)." }
            H.p(.class("downloads")) {
                H.link(
                    QualityURL.readiness(.value(code)).csv([("table", "statements")]), "Download the statements (CSV)")
            }
            H.h2 { "Evidence" }
            tables[1].html(ctx)
            if canEdit, !own.isEmpty {
                H.details {
                    H.summary { "Retire evidence that no longer applies" }
                    H.p(.class("hint")) { "Retired evidence stops counting; it stays in the audit log." }
                    H.ul {
                        for e in own {
                            H.li {
                                "\(e.title) (\(e.gatheredOn.long)) "
                                ReadinessView.retireButton(e, ctx)
                            }
                        }
                    }
                }
            }
            H.h2 { "Shared policies" }
            H.p {
                "Policies a federation or network writes once for its practices. Adopting one counts it as this "
                    + "practice's evidence for its statements, with the federation's review date."
            }
            tables[2].html(ctx)
            if !offered.isEmpty {
                H.h3 { "Offered to this practice" }
                H.ul {
                    for e in offered {
                        H.li {
                            "\(e.title) from \(groupNames[e.ownerCode] ?? e.ownerCode), review by \(e.reviewOn.long) "
                            if canEdit {
                                H.form(
                                    .attr("method", "post"),
                                    .attr("action", QualityURL.readinessAdopt(.value(code)).path),
                                    .class("inline-form")
                                ) {
                                    Layout.csrfField(ctx)
                                    H.input(.type("hidden"), .name("policy"), .value(String(e.id)))
                                    H.button(.type("submit"), .class("link-button")) {
                                        "Adopt"
                                        H.span(.class("visually-hidden")) { " \(e.title)" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            dsptSection(ctx, form: form, errors: errors)
            if canEdit {
                ReadinessView.evidenceForm(
                    action: QualityURL.readinessEvidence(.value(code)).path, heading: "Record evidence",
                    submit: "Record evidence", form: form,
                    errors: errors.filter { !Self.dsptFields.contains($0.field) },
                    people: people, ctx)
            }
        }
    }

    static let dsptFields: Set<String> = ["year", "status", "published_on", "standards"]

    func dsptSection(_ ctx: PageContext, form: ReadinessForm, errors: FormErrors) -> Node {
        let mine = errors.filter { Self.dsptFields.contains($0.field) }
        let ticked = Set(form.standards ?? (form.year == nil ? DSPT.standards.map { String($0.number) } : []))
        return H.fragment {
            H.h2(.id("dspt")) { "Data Security and Protection Toolkit" }
            H.p {
                "Every practice publishes an assessment against the 10 data security standards each year by 30 June; "
                    + "a publication stands until the next year's deadline. "
                H.strong { standing.label }
                "."
            }
            dsptTable().html(ctx)
            H.p(.class("hint")) { "Sources: \(DSPT.source)." }
            if canEdit {
                H.form(
                    .attr("method", "post"), .attr("action", QualityURL.dspt(.value(code)).path),
                    .attr("novalidate", "")
                ) {
                    Layout.csrfField(ctx)
                    H.h3 { "Record a publication" }
                    Layout.errorSummary(mine)
                    Layout.field("year", "Toolkit year", hint: "For example \(DSPT.Year.due(on: day)).", mine) {
                        H.input(
                            .type("text"), .id("year"), .name("year"),
                            .value(form.year ?? DSPT.Year.due(on: day).description), .aria("describedby", "year-hint"))
                    }
                    Layout.field("status", "Status published", mine) {
                        H.select(.id("status"), .name("status")) {
                            for s in DSPT.Status.allCases {
                                H.option(s.rawValue, s.label, selected: (form.status ?? "standards-met") == s.rawValue)
                            }
                        }
                    }
                    Layout.field("published_on", "Published on", mine) {
                        H.input(
                            .type("date"), .id("published_on"), .name("published_on"), .value(form.publishedOn ?? ""))
                    }
                    H.el("fieldset", [.class("statement-group"), .id("standards")]) {
                        H.el("legend", []) { "Standards met" }
                        Layout.fieldError(mine, "standards")
                        for (n, title) in DSPT.standards {
                            H.div(.class("checkbox")) {
                                Layout.checkbox(
                                    "std-\(n)", name: "standards[]", value: String(n),
                                    checked: ticked.contains(String(n)))
                                H.label(.for("std-\(n)")) { "\(n). \(title)" }
                            }
                        }
                    }
                    H.button(.type("submit"), .class("button")) { "Record publication" }
                }
            }
        }
    }
}
