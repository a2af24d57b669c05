import ConsortCore
import ConsortWeb
import Quality
import Vapor

extension ReadinessPage {
    /// The one-page readiness report: the summary, every statement's status and latest evidence,
    /// and the sources, laid out to print on one A4 page (the menu and footer are not printed).
    package func report(_ ctx: PageContext) -> HTMLPage {
        Layout.page(
            "Readiness report: \(name)", ctx,
            crumbs: [
                .init(title: name, href: "/practices/\(code)"),
                .init(title: "Inspection readiness", href: QualityURL.readiness(.value(code)).path),
            ], section: "quality"
        ) {
            H.div(.class("report")) {
                H.h1 { "Inspection readiness: \(name) (\(code))" }
                H.p(.class("hint")) { "As at \(day.long). Printed from Consort." }
                H.p(.class("hint no-print")) {
                    "Use your browser's Print command to print this page or save it as a PDF; the menus are left out."
                }
                summary()
                H.div(
                    .class("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"),
                    .aria("label", "Quality statements")
                ) {
                    H.table(.id("report")) {
                        H.caption { "Quality statements, their status and latest evidence" }
                        H.thead {
                            H.tr {
                                for title in ["Code", "Quality statement", "Status", "Latest evidence", "Review by"] {
                                    H.th(.attr("scope", "col")) { title }
                                }
                            }
                        }
                        H.tbody {
                            for question in KeyQuestion.allCases {
                                H.tr { H.th(.attr("colspan", "5"), .attr("scope", "rowgroup")) { question.title } }
                                for line in lines where line.statement.question == question {
                                    H.tr {
                                        H.td { line.statement.code }
                                        H.th(.attr("scope", "row")) { line.statement.title }
                                        H.td { ReadinessView.tag(line.status) }
                                        H.td {
                                            line.evidence.first.map { $0.title + (shared($0) ? " (shared)" : "") }
                                                ?? "–"
                                        }
                                        H.td(.class("date")) { line.evidence.first?.reviewOn.short ?? "–" }
                                    }
                                }
                            }
                        }
                    }
                }
                H.p(.class("hint")) {
                    "Sources: \(AssessmentFramework.source); \(QualityStore.ratingsSource); \(DSPT.source). Status: "
                        + "current, due for review (within \(Readiness.warningDays) days), out of date (past its "
                        + "review date) or missing."
                }
            }
        }
    }
}
