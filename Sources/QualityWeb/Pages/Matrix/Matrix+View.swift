import ConsortCore
import ConsortWeb
import Quality
import Vapor

extension MatrixPage {
    package func tables() -> [DataTable] { [matrixTable(), policiesTable(), dsptTable()] }

    static let marks: [EvidenceStatus: String] = [
        .current: "✓", .dueForReview: "due", .outOfDate: "old", .missing: "–",
    ]

    package func render(
        _ ctx: PageContext, form: ReadinessForm = .init(), errors: FormErrors = [], status: HTTPStatus = .ok
    ) -> HTMLPage {
        let statements = AssessmentFramework.statements
        let tables = tables()
        return Layout.page(
            "Readiness matrix: \(name)", ctx,
            crumbs: [.init(title: name, href: "/groups/\(code)")], section: "quality", status: status
        ) {
            H.h1 { "Inspection readiness: \(name)" }
            H.p(.class("lead")) {
                "Each member practice against CQC's 34 quality statements on \(day.long): ✓ current, due (review "
                    + "within \(Readiness.warningDays) days), old (past its review date), – missing. Practices with "
                    + "most gaps first."
            }
            Layout.summaryList([
                ("Practices", .text(grouped(rows.count))),
                ("Without gaps", .text(grouped(rows.filter { $0.gaps == 0 }.count))),
                (
                    "Meeting the DSPT",
                    .text("\(grouped(rows.filter(\.standing.meets).count)) of \(grouped(rows.count))")
                ),
            ])
            if let top = commonGaps.first {
                H.h2 { "Commonest gaps" }
                H.p {
                    "A shared policy could close these for many practices at once. The commonest is "
                        + "\(top.statement.code) "
                        + "\(top.statement.title), a gap at \(top.practices) of \(rows.count) practices."
                }
                H.ul {
                    for gap in commonGaps.prefix(5) {
                        H.li { "\(gap.statement.code) \(gap.statement.title): \(gap.practices) practices" }
                    }
                }
            }
            H.h2 { "Matrix" }
            if rows.isEmpty {
                H.p(.class("hint")) { "The group has no member practices today." }
            } else {
                H.div(
                    .class("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"),
                    .aria("label", "Readiness matrix")
                ) {
                    H.table(.class("matrix"), .id("matrix")) {
                        H.caption { "Readiness of \(name)'s practices by quality statement" }
                        H.thead {
                            H.tr {
                                H.th(.attr("scope", "col")) { "Practice" }
                                for s in statements {
                                    H.th(.attr("scope", "col")) { H.el("abbr", [.attr("title", s.title)]) { s.code } }
                                }
                                H.th(.attr("scope", "col")) { "Gaps" }
                                H.th(.attr("scope", "col")) { "CQC" }
                                H.th(.attr("scope", "col")) { "DSPT" }
                            }
                        }
                        H.tbody {
                            for r in pageRows {
                                H.tr {
                                    H.th(.attr("scope", "row")) {
                                        H.link(QualityURL.readiness(.value(r.code)).path, r.name)
                                    }
                                    for (i, s) in r.statuses.enumerated() {
                                        H.td(.class("cell status-\(s.rawValue)")) {
                                            H.span(.aria("hidden", "true")) { Self.marks[s] ?? "" }
                                            H.span(.class("visually-hidden")) {
                                                let code = statements.indices.contains(i) ? statements[i].code : ""
                                                "\(code): \(s.label)"
                                            }
                                        }
                                    }
                                    H.td(.class("numeric")) { String(r.gaps) }
                                    H.td { r.rating ?? "–" }
                                    H.td { r.standing.meets ? "Met" : "Not met" }
                                }
                            }
                        }
                    }
                }
                Layout.pagination(ctx, page: page, pageSize: Self.pageSize, total: rows.count, query: [])
                H.p(.class("downloads")) {
                    H.link(
                        QualityURL.groupReadiness(.value(code)).csv([("table", "matrix")]), "Download the matrix (CSV)")
                }
            }
            H.details {
                H.summary { "What the codes mean" }
                H.ul {
                    for s in statements { H.li { "\(s.code) (\(s.question.title)): \(s.title)" } }
                }
                H.p(.class("hint")) {
                    "Sources: \(AssessmentFramework.source); \(QualityStore.ratingsSource); \(DSPT.source)."
                }
            }
            H.h2(.id("dspt")) { "Data Security and Protection Toolkit" }
            H.p {
                "Every practice publishes its assessment against the 10 data security standards by 30 June each "
                    + "year (\(DSPT.Year.due(on: day)) is due by \(DSPT.Year.due(on: day).deadline.long)); practices "
                    + "that do not meet the standards today come first. Their managers are reminded 60, 30 and 7 days "
                    + "before the deadline."
            }
            tables[2].html(ctx)
            H.h2(.id("policies")) { "Shared policies" }
            H.p {
                "A policy written once by \(name) that its practices adopt. Once adopted it counts as the practice's "
                    + "evidence for its statements, until its review date."
            }
            tables[1].html(ctx)
            if !policies.isEmpty {
                H.ul {
                    for p in policies {
                        H.li {
                            "\(p.title): adopted by \(p.adoptions.count) of \(rows.count) practices "
                            if canShare { ReadinessView.retireButton(p, ctx) }
                        }
                    }
                }
            }
            if canShare {
                ReadinessView.evidenceForm(
                    action: QualityURL.groupPolicies(.value(code)).path, heading: "Share a policy",
                    submit: "Share the policy", form: form, errors: errors, people: people, ctx)
            }
        }
    }
}
