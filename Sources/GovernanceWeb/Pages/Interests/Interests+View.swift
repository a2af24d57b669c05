import ConsortCore
import ConsortWeb
import Governance
import Vapor

extension GovernanceView {
    // MARK: Interests

    package static func interestTables(
        _ body: GroupInfo, published: [G.DeclarationRow], all: [G.DeclarationRow]?, makers: [Int64: [String]],
        names: [Int64: G.Person], roleFrom: [Int64: Day], day: Day
    ) -> [DataTable] {
        func rows(_ list: [G.DeclarationRow], full: Bool) -> [[DataTable.Cell]] {
            list.sorted {
                (names[$0.personId]?.name ?? "", $0.validFrom) < (names[$1.personId]?.name ?? "", $1.validFrom)
            }.map { d in
                var row: [DataTable.Cell] = [
                    full
                        ? .link(names[d.personId]?.name ?? "–", GovernanceURL.person(.value(d.personId)).path)
                        : .text(names[d.personId]?.name),
                    .text((makers[d.personId] ?? []).joined(separator: "; ")), .text(d.interest.label),
                    .text(
                        d.interest == .none
                            ? "–"
                            : (d.organisationCode.map { "\(d.organisationName) (\($0))" } ?? d.organisationName)),
                    .text(d.interest == .none ? "No interests to declare" : d.description), .text(d.validFrom),
                    .text(d.validTo), .text(d.declaredOn),
                ]
                if full {
                    let late =
                        Day(iso: d.declaredOn).map {
                            InterestRegister.isLate(d.declaration, declaredOn: $0, roleFrom: roleFrom[d.personId])
                        } ?? false
                    row.append(.text(late ? "late" : ""))
                    row.append(
                        .text(
                            InterestRegister.isPublished(
                                d.declaration, decisionMaker: makers[d.personId] != nil, on: day) ? "yes" : "no"))
                }
                return row
            }
        }
        let columns: [DataTable.Column] = [
            .init(title: "Name"), .init(title: "Position"), .init(title: "Type of interest"),
            .init(title: "Organisation"),
            .init(title: "Nature of interest"), .init(title: "From"), .init(title: "To"), .init(title: "Declared on"),
        ]
        var tables = [
            DataTable(
                id: "register", caption: "Register of interests of decision-makers on \(day.long)", columns: columns,
                rows: rows(published, full: false), fileName: "\(body.code)-register-of-interests-\(day.iso).csv",
                emptyText: "No declarations to publish: no one holds a seat on the body's boards, or none has declared."
            )
        ]
        if let all {
            tables.append(
                DataTable(
                    id: "all", caption: "Every declaration (officers only)",
                    columns: columns + [.init(title: "Declared late"), .init(title: "Published")],
                    rows: rows(all, full: true), fileName: "\(body.code)-all-declarations-\(day.iso).csv",
                    emptyText: "No declarations yet."))
        }
        return tables
    }

    package static func overdueTable(_ body: GroupInfo, _ overdue: [InterestRegister.Overdue], names: [Int64: G.Person])
        -> DataTable
    {
        DataTable(
            id: "overdue", caption: "Overdue declarations",
            columns: [
                .init(title: "Name"), .init(title: "Seat since"), .init(title: "Due by"),
                .init(title: "Days overdue", numeric: true),
            ],
            rows: overdue.map { o in
                let id = Int64(o.person) ?? 0
                return [
                    .link(names[id]?.name ?? o.person, GovernanceURL.person(.value(id)).path), .text(o.seatFrom.short),
                    .text(o.dueBy.short), .number(o.daysOverdue),
                ]
            }, fileName: "\(body.code)-overdue-declarations.csv",
            emptyText: "None: every decision-maker has declared or made a nil return.")
    }

    package static func interests(
        _ body: GroupInfo, tables: [DataTable], overdue: DataTable?, day: Day, _ ctx: PageContext
    ) -> HTMLPage {
        Layout.page("Register of interests: \(body.name)", ctx, crumbs: crumbs(body), section: body.kind.slug) {
            H.h1 { "Register of interests" }
            H.p(.class("hint")) {
                "The interests of \(body.name)'s decision-makers (everyone holding a seat on one of its boards or "
                    + "committees): current interests, and those that ended in the last six months. Interests are "
                    + "declared within 28 days of a change. Source: \(InterestRegister.source)."
            }
            H.form(.attr("method", "get"), .attr("action", ctx.path), .class("filters"), .aria("label", "Date")) {
                H.div(.class("field")) {
                    H.label(.for("as-at")) { "As at" }
                    H.input(.type("date"), .id("as-at"), .name("date"), .value(day.iso))
                }
                H.button(.type("submit"), .class("button secondary")) { "Show" }
            }
            tables[0].html(ctx, query: [("date", day.iso)])
            if let overdue {
                H.h2 { "For officers" }
                overdue.html(ctx, query: [("date", day.iso)])
                if tables.count > 1 { tables[1].html(ctx, query: [("date", day.iso)]) }
            }
        }
    }
}
