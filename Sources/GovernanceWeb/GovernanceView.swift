import ConsortWeb
import ConsortCore
import Governance
import Vapor

/// The governance pages.
package enum GovernanceView {
    package typealias Errors = FormErrors
    package typealias G = GovernanceStore
    package typealias Form = GovernanceController.Form

    package static func field(_ id: String, _ label: String, hint: String? = nil, _ errors: Errors, @HTMLBuilder _ control: () -> [Node]) -> Node {
        Layout.field(id, label, hint: hint, errors, control)
    }

    package static func input(_ id: String, _ form: Form, type: String = "text", wide: Bool = false, value: String? = nil) -> Node {
        var a: [Attribute] = [.type(type), .id(id), .name(id), .value(form[id] ?? value ?? "")]
        if wide { a.append(.class("wide")) }
        return Node(storage: .void("input", a))
    }

    package static func crumbs(_ body: GroupInfo, _ extra: [Layout.Crumb] = []) -> [Layout.Crumb] {
        [.init(title: "England", href: SiteURL.home.path), .init(title: body.kind.plural, href: SiteURL.groups(body.kind).path),
         .init(title: body.name, href: SiteURL.group(body.code)), .init(title: "Governance", href: GovernanceURL.governance(.value(body.code)).path)] + extra
    }

    package static func registerLinks(_ body: GroupInfo) -> Node {
        H.ul {
            H.li { H.link(GovernanceURL.register(.value(body.code), .interests).path, "Register of interests") }
            H.li { H.link(GovernanceURL.register(.value(body.code), .gifts).path, "Register of gifts and hospitality") }
            H.li { H.link(GovernanceURL.register(.value(body.code), .procurement).path, "Register of procurement decisions") }
            H.li { H.link(GovernanceURL.register(.value(body.code), .breaches).path, "Breaches (anonymised)") }
        }
    }

    // MARK: Overview

    package static func overview(_ body: GroupInfo, boards: [G.Board], people: [G.Person], canEdit: Bool, form: Form, errors: Errors,
                         _ ctx: PageContext, status: HTTPStatus) -> HTMLPage {
        Layout.page("Governance: \(body.name)", ctx, crumbs: Array(crumbs(body).dropLast()), section: body.kind.slug, status: status) {
            Layout.errorSummary(errors)
            H.p(.class("hint")) { body.kind.singular }
            H.h1 { "Governance: \(body.name)" }
            H.p(.class("hint")) {
                "GPs are commissioners in their consortium and providers in their practices and federations. Consort finds conflicts of interest from declarations and from the organisation graph, records how each is managed at each decision, and publishes the registers NHS England's statutory guidance requires. "
                H.link(SiteURL.help.path + "#governance", "How it works")
            }
            H.h2 { "Registers" }
            registerLinks(body)
            H.h2(.id("boards")) { "Boards and committees" }
            if boards.isEmpty {
                H.p(.class("hint")) { "No boards recorded yet." }
            } else {
                H.ul { for b in boards { H.li { H.link(GovernanceURL.board(.value(b.id)).path, b.name); " — quorum: \(b.rule.description)" } } }
            }
            if canEdit {
                H.el("details", errors.contains { $0.field == "board_name" } ? [.attr("open", "")] : []) {
                    H.summary { "Add a board or committee" }
                    H.form(.attr("method", "post"), .attr("action", GovernanceURL.boards(.value(body.code)).path), .attr("novalidate", "")) {
                        Layout.csrfField(ctx)
                        field("board_name", "Name", errors) { input("board_name", form, wide: true) }
                        H.button(.type("submit"), .class("button")) { "Add the board" }
                    }
                }
                H.h2(.id("people")) { "People on the registers" }
                if people.isEmpty {
                    H.p(.class("hint")) { "No one yet. Add each board and committee member, then their roles at practices and groups and their declarations." }
                } else {
                    H.ul { for p in people { H.li { H.link(GovernanceURL.person(.value(p.id)).path, p.name) } } }
                }
                H.el("details", errors.contains { $0.field == "name" } ? [.attr("open", "")] : []) {
                    H.summary { "Add a person" }
                    H.form(.attr("method", "post"), .attr("action", GovernanceURL.people(.value(body.code)).path), .attr("novalidate", "")) {
                        Layout.csrfField(ctx)
                        field("name", "Name", errors) { input("name", form, wide: true) }
                        H.button(.type("submit"), .class("button")) { "Add the person" }
                    }
                }
            }
        }
    }

    // MARK: Interests

    package static func interestTables(_ body: GroupInfo, published: [G.DeclarationRow], all: [G.DeclarationRow]?, makers: [Int64: [String]],
                               names: [Int64: G.Person], roleFrom: [Int64: Day], day: Day) -> [DataTable] {
        func rows(_ list: [G.DeclarationRow], full: Bool) -> [[DataTable.Cell]] {
            list.sorted { (names[$0.personId]?.name ?? "", $0.validFrom) < (names[$1.personId]?.name ?? "", $1.validFrom) }.map { d in
                var row: [DataTable.Cell] = [
                    full ? .link(names[d.personId]?.name ?? "–", GovernanceURL.person(.value(d.personId)).path) : .text(names[d.personId]?.name),
                    .text((makers[d.personId] ?? []).joined(separator: "; ")), .text(d.interest.label),
                    .text(d.interest == .none ? "–" : (d.organisationCode.map { "\(d.organisationName) (\($0))" } ?? d.organisationName)),
                    .text(d.interest == .none ? "No interests to declare" : d.description), .text(d.validFrom), .text(d.validTo), .text(d.declaredOn),
                ]
                if full {
                    let late = Day(iso: d.declaredOn).map { InterestRegister.isLate(d.declaration, declaredOn: $0, roleFrom: roleFrom[d.personId]) } ?? false
                    row.append(.text(late ? "late" : ""))
                    row.append(.text(InterestRegister.isPublished(d.declaration, decisionMaker: makers[d.personId] != nil, on: day) ? "yes" : "no"))
                }
                return row
            }
        }
        let columns: [DataTable.Column] = [.init(title: "Name"), .init(title: "Position"), .init(title: "Type of interest"), .init(title: "Organisation"),
                                           .init(title: "Nature of interest"), .init(title: "From"), .init(title: "To"), .init(title: "Declared on")]
        var tables = [DataTable(id: "register", caption: "Register of interests of decision-makers on \(day.long)", columns: columns,
                                rows: rows(published, full: false), fileName: "\(body.code)-register-of-interests-\(day.iso).csv",
                                emptyText: "No declarations to publish: no one holds a seat on the body's boards, or none has declared.")]
        if let all {
            tables.append(DataTable(id: "all", caption: "Every declaration (officers only)", columns: columns + [.init(title: "Declared late"), .init(title: "Published")],
                                    rows: rows(all, full: true), fileName: "\(body.code)-all-declarations-\(day.iso).csv", emptyText: "No declarations yet."))
        }
        return tables
    }

    package static func overdueTable(_ body: GroupInfo, _ overdue: [InterestRegister.Overdue], names: [Int64: G.Person]) -> DataTable {
        DataTable(id: "overdue", caption: "Overdue declarations",
                  columns: [.init(title: "Name"), .init(title: "Seat since"), .init(title: "Due by"), .init(title: "Days overdue", numeric: true)],
                  rows: overdue.map { o in
                      let id = Int64(o.person) ?? 0
                      return [.link(names[id]?.name ?? o.person, GovernanceURL.person(.value(id)).path), .text(o.seatFrom.short), .text(o.dueBy.short), .number(o.daysOverdue)]
                  }, fileName: "\(body.code)-overdue-declarations.csv", emptyText: "None: every decision-maker has declared or made a nil return.")
    }

    package static func interests(_ body: GroupInfo, tables: [DataTable], overdue: DataTable?, day: Day, _ ctx: PageContext) -> HTMLPage {
        Layout.page("Register of interests: \(body.name)", ctx, crumbs: crumbs(body), section: body.kind.slug) {
            H.h1 { "Register of interests" }
            H.p(.class("hint")) {
                "The interests of \(body.name)'s decision-makers (everyone holding a seat on one of its boards or committees): current interests, and those that ended in the last six months. Interests are declared within 28 days of a change. Source: \(InterestRegister.source)."
            }
            H.form(.attr("method", "get"), .attr("action", ctx.path), .class("filters"), .aria("label", "Date")) {
                H.div(.class("field")) { H.label(.for("as-at")) { "As at" }; H.input(.type("date"), .id("as-at"), .name("date"), .value(day.iso)) }
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

    // MARK: Gifts

    package static func giftsTable(_ body: GroupInfo, gifts: [G.GiftRow], names: [Int64: String], full: Bool) -> DataTable {
        var columns: [DataTable.Column] = [.init(title: "Received"), .init(title: "Name"), .init(title: "Gift or hospitality"), .init(title: "Offered by"),
                                           .init(title: "Description"), .init(title: "Value", numeric: true)]
        if full { columns += [.init(title: "Outcome"), .init(title: "Rule applied"), .init(title: "Approved by")] }
        return DataTable(id: "gifts", caption: full ? "Every gift and hospitality offered (officers)" : "Gifts and hospitality declared", columns: columns,
                         rows: gifts.map { g in
                             var row: [DataTable.Cell] = [.text(g.receivedOn), .text(names[g.personId]), .text(g.kind == "gift" ? "Gift" : "Hospitality"),
                                                          .text(g.donor + (g.source == "supplier" ? " (supplier)" : "")), .text(g.description),
                                                          DataTable.Cell(text: GiftRules.money(g.valuePence), csv: String(format: "%.2f", Double(g.valuePence) / 100))]
                             if full { row += [.text(g.outcome == "not-required" ? "not required to declare" : g.outcome), .text(g.reason), .text(g.approvedBy)] }
                             return row
                         }, fileName: "\(body.code)-gifts-and-hospitality.csv", emptyText: "Nothing recorded.")
    }

    package static func gifts(_ body: GroupInfo, table: DataTable, people: [G.Person], canEdit: Bool, form: Form, errors: Errors,
                      outcome: (GiftRules.Outcome, String)?, _ ctx: PageContext, status: HTTPStatus) -> HTMLPage {
        Layout.page("Gifts and hospitality: \(body.name)", ctx, crumbs: crumbs(body), section: body.kind.slug, status: status) {
            Layout.errorSummary(errors)
            H.h1 { "Register of gifts and hospitality" }
            H.p(.class("hint")) { "Gifts from suppliers are declined unless promotional and worth £6 or less; other gifts over £50 (from one source in twelve months) are accepted only for the organisation and declared; hospitality up to £25 need not be declared, £25–£75 is declared, over £75 is refused without senior approval. Source: \(GiftRules.source)." }
            if let (result, reason) = outcome {
                H.div(.class(result == .refuse ? "callout warning" : "callout success"), .attr("role", "status")) {
                    H.p { H.strong { result == .refuse ? "Refuse it. " : result == .declare ? "Recorded and declared. " : "Recorded: no declaration needed. " }; reason }
                }
            }
            table.html(ctx)
            if canEdit {
                H.h2(.id("record")) { "Record a gift or hospitality" }
                if people.isEmpty {
                    H.p(.class("hint")) { "Add people on the governance page first." }
                } else {
                    H.form(.attr("method", "post"), .attr("action", GovernanceURL.register(.value(body.code), .gifts).path), .attr("novalidate", "")) {
                        Layout.csrfField(ctx)
                        field("person", "Offered to", errors) {
                            H.select(.id("person"), .name("person")) { for p in people { H.option(String(p.id), p.name, selected: form["person"] == String(p.id)) } }
                        }
                        field("gift_kind", "What", errors) {
                            H.select(.id("gift_kind"), .name("gift_kind")) {
                                H.option("gift", "A gift", selected: form["gift_kind"] != "hospitality")
                                H.option("hospitality", "Hospitality (a meal, an event, travel)", selected: form["gift_kind"] == "hospitality")
                            }
                        }
                        field("source", "Offered by a", errors) {
                            H.select(.id("source"), .name("source")) {
                                H.option("supplier", "Supplier or contractor (current or prospective)", selected: form["source"] == "supplier")
                                H.option("other", "Someone else (a patient, a partner organisation)", selected: form["source"] == "other")
                            }
                        }
                        H.div(.class("checkbox")) {
                            Layout.checkbox("promotional", name: "promotional", value: "yes", checked: form["promotional"] == "yes")
                            H.label(.for("promotional")) { "A low-cost branded promotional item" }
                        }
                        field("donor", "Name of who offered it", errors) { input("donor", form, wide: true) }
                        field("gift_description", "Description", errors) { input("gift_description", form, wide: true) }
                        field("value", "Value (£)", errors) { input("value", form) }
                        field("received_on", "Date offered", errors) { input("received_on", form, type: "date", value: Day.today().iso) }
                        field("approved_by", "Senior approval (hospitality over £75)", hint: "The name of the senior officer who approved it; empty if none.", errors) { input("approved_by", form, wide: true) }
                        H.button(.type("submit"), .class("button")) { "Record it" }
                    }
                }
            }
        }
    }

    // MARK: Procurement and breaches

    package static func procurementTable(_ body: GroupInfo, rows: [(String, String, String, String, [G.ItemOrg], G.DecisionRecord?)]) -> DataTable {
        DataTable(id: "procurement", caption: "Procurement decisions",
                  columns: [.init(title: "Date"), .init(title: "Board"), .init(title: "Item"), .init(title: "Decision"), .init(title: "Bidders"),
                            .init(title: "Taken by"), .init(title: "Votes (for, against, abstain)"), .init(title: "Conflicts and how they were managed")],
                  rows: rows.map { day, board, title, decision, orgs, record in
                      [.text(day), .text(board), .text(title), .text(decision),
                       .text(orgs.filter { $0.role == "bidder" }.map { "\($0.organisationName) (\($0.organisationCode))" }.joined(separator: "; ")),
                       .text(record?.counted.joined(separator: ", ")),
                       .text(record.map { "\($0.votesFor), \($0.votesAgainst), \($0.abstentions)" }),
                       .text(record.map { r in r.conflicts.isEmpty ? "None found" : r.conflicts.map { "\($0.name): \($0.reasons.joined(separator: "; ")). \($0.action)\($0.note.isEmpty ? "" : " (\($0.note))")" }.joined(separator: " | ") })]
                  }, fileName: "\(body.code)-procurement-decisions.csv", emptyText: "No procurement decisions recorded yet.")
    }

    package static func breachTable(_ body: GroupInfo, _ list: [G.Breach]) -> DataTable {
        DataTable(id: "breaches", caption: "Breaches", columns: [.init(title: "Date"), .init(title: "What happened"), .init(title: "What was done")],
                  rows: list.map { [.text($0.occurredOn), .text($0.summary), .text($0.action)] }, fileName: "\(body.code)-breaches.csv",
                  emptyText: "No breaches recorded.")
    }

    package static func register(_ body: GroupInfo, title: String, slug: String, intro: String, table: DataTable, breachForm: (Form, Errors)? = nil,
                         _ ctx: PageContext, status: HTTPStatus = .ok) -> HTMLPage {
        Layout.page("\(title): \(body.name)", ctx, crumbs: crumbs(body), section: body.kind.slug, status: status) {
            if let (_, errors) = breachForm { Layout.errorSummary(errors) }
            H.h1 { title }
            H.p(.class("hint")) { intro }
            table.html(ctx)
            if let (form, errors) = breachForm {
                H.h2 { "Record a breach" }
                H.form(.attr("method", "post"), .attr("action", GovernanceURL.register(.value(body.code), .breaches).path), .attr("novalidate", "")) {
                    Layout.csrfField(ctx)
                    field("occurred_on", "Date", errors) { input("occurred_on", form, type: "date") }
                    field("summary", "What happened (no names: the log is published)", errors) { input("summary", form, wide: true) }
                    field("breach_action", "What was done", errors) { input("breach_action", form, wide: true) }
                    H.button(.type("submit"), .class("button")) { "Record the breach" }
                }
            }
        }
    }

    /// A small form that ends a dated row (a role, a seat) on a day.
    package static func endForm(_ action: String, key: String, id: Int64, field: String, label: String, _ errors: Errors, _ ctx: PageContext) -> Node {
        H.form(.attr("method", "post"), .attr("action", action), .class("inline-form")) {
            Layout.csrfField(ctx)
            " "
            Layout.fieldError(errors, field)
            H.input(.type("hidden"), .name(key), .value(String(id)))
            H.label(.for(field), .class("visually-hidden")) { label }
            H.input(.type("date"), .id(field), .name("to"))
            " "
            H.button(.type("submit"), .class("button small secondary")) { "End" }
        }
    }

    // MARK: Person

    package static func person(_ person: G.Person, _ body: GroupInfo, affiliations: [G.AffiliationRow], declarations: [G.DeclarationRow], seats: [G.SeatRow],
                       boards: [Int64: G.Board], form: Form, errors: Errors, _ ctx: PageContext, status: HTTPStatus) -> HTMLPage {
        Layout.page(person.name, ctx, crumbs: crumbs(body), section: body.kind.slug, status: status) {
            Layout.errorSummary(errors)
            H.p(.class("hint")) { "On the registers of \(body.name)" }
            H.h1 { person.name; if person.isDemo { " "; H.span(.class("tag demo")) { "demo" } } }
            H.h2 { "Seats on boards" }
            if seats.isEmpty { H.p(.class("hint")) { "None: not a decision-maker, so not on the public register." } }
            else {
                H.ul { for s in seats { H.li { "\(s.boardRole.label), "; H.link(GovernanceURL.board(.value(s.boardId)).path, boards[s.boardId]?.name ?? "board"); ", from \(s.validFrom)\(s.validTo.map { " to \($0)" } ?? "")" } } }
            }
            H.h2(.id("roles")) { "Roles at practices and groups" }
            H.p(.class("hint")) { "Consort follows these through the registry (a practice's federations and networks) to find conflicts nobody declared." }
            if affiliations.isEmpty { H.p(.class("hint")) { "None recorded." } }
            else {
                H.ul {
                    for a in affiliations {
                        H.li {
                            "\(a.role) at \(a.organisationCode), from \(a.validFrom)\(a.validTo.map { " to \($0)" } ?? "")"
                            if a.validTo == nil { endForm(GovernanceURL.personAction(.value(person.id), .endRole).path, key: "role", id: a.id, field: "end-role-\(a.id)", label: "Role ended on", errors, ctx) }
                        }
                    }
                }
            }
            H.el("details", errors.contains { $0.field.hasPrefix("affiliation") } ? [.attr("open", "")] : []) {
                H.summary { "Add a role" }
                H.form(.attr("method", "post"), .attr("action", GovernanceURL.personAction(.value(person.id), .affiliations).path), .attr("novalidate", "")) {
                    Layout.csrfField(ctx)
                    field("affiliation_organisation", "Practice or group code", hint: "An ODS code such as A81001, or a group code such as FED-0001.", errors) { input("affiliation_organisation", form) }
                    field("affiliation_role", "Role", hint: "GP partner, salaried GP, practice manager, director…", errors) { input("affiliation_role", form, wide: true) }
                    field("affiliation_from", "From", errors) { input("affiliation_from", form, type: "date") }
                    field("affiliation_to", "To (if it has ended)", errors) { input("affiliation_to", form, type: "date") }
                    H.button(.type("submit"), .class("button secondary")) { "Add the role" }
                }
            }
            H.h2(.id("declarations")) { "Declarations" }
            if declarations.isEmpty { H.p(.class("hint")) { "Nothing declared yet, not even a nil return." } }
            else {
                H.table(.id("declaration-list")) {
                    H.caption(.class("visually-hidden")) { "Declarations" }
                    H.thead { H.tr { for t in ["Type", "Organisation", "Nature", "From", "To", "Declared on", ""] { H.th(.attr("scope", "col")) { t } } } }
                    H.tbody {
                        for d in declarations {
                            H.tr {
                                H.th(.attr("scope", "row")) { d.interest.label }
                                H.td { d.organisationCode.map { "\(d.organisationName) (\($0))" } ?? d.organisationName }
                                H.td { d.description }
                                H.td { d.validFrom }
                                H.td { d.validTo ?? "–" }
                                H.td { d.declaredOn }
                                H.td {
                                    if d.validTo == nil {
                                        endForm(GovernanceURL.personAction(.value(person.id), .end).path, key: "declaration", id: d.id, field: "end-\(d.id)", label: "Ended on", errors, ctx)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            H.el("details", errors.contains { ["kind", "organisation", "description", "from", "to", "declared_on"].contains($0.field) } ? [.attr("open", "")] : []) {
                H.summary { "Add a declaration or nil return" }
                H.form(.attr("method", "post"), .attr("action", GovernanceURL.personAction(.value(person.id), .declarations).path), .attr("novalidate", "")) {
                    Layout.csrfField(ctx)
                    field("kind", "Type", errors) {
                        H.select(.id("kind"), .name("kind")) { for k in InterestKind.allCases { H.option(k.rawValue, k.label, selected: form["kind"] == k.rawValue) } }
                    }
                    field("organisation", "Organisation", hint: "A registry code (practice or group) where there is one, so Consort can follow it; otherwise its name.", errors) { input("organisation", form, wide: true) }
                    field("description", "Nature of the interest", errors) { input("description", form, wide: true) }
                    field("from", "Interest began", errors) { input("from", form, type: "date") }
                    field("to", "Interest ended (if it has)", errors) { input("to", form, type: "date") }
                    field("declared_on", "Declared on", errors) { input("declared_on", form, type: "date", value: Day.today().iso) }
                    H.button(.type("submit"), .class("button")) { "Add the declaration" }
                }
            }
        }
    }

    // MARK: Board

    package static func board(_ board: G.Board, _ body: GroupInfo, seats: [G.SeatRow], people: [G.Person], meetings: [G.Meeting], canEdit: Bool,
                      form: Form, errors: Errors, _ ctx: PageContext, status: HTTPStatus) -> HTMLPage {
        let names = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0.name) })
        let rule = board.rule
        return Layout.page(board.name, ctx, crumbs: crumbs(body), section: body.kind.slug, status: status) {
            Layout.errorSummary(errors)
            H.p(.class("hint")) { "Board of \(body.name)" }
            H.h1 { board.name }
            Layout.summaryList([("Quorum", .text(rule.description))])
            H.h2 { "Members" }
            if seats.isEmpty { H.p(.class("hint")) { "No members yet." } }
            else {
                H.ul {
                    for s in seats {
                        H.li {
                            "\(names[s.personId] ?? "–"), \(s.boardRole.label.lowercased()), from \(s.validFrom)\(s.validTo.map { " to \($0)" } ?? "")"
                            if canEdit && s.validTo == nil { endForm(GovernanceURL.boardAction(.value(board.id), .endSeat).path, key: "seat", id: s.id, field: "end-seat-\(s.id)", label: "Left on", errors, ctx) }
                        }
                    }
                }
            }
            if canEdit {
                H.el("details", errors.contains { ["person", "role", "seat_from", "seat_to"].contains($0.field) } ? [.attr("open", "")] : []) {
                    H.summary { "Add a member" }
                    H.form(.attr("method", "post"), .attr("action", GovernanceURL.boardAction(.value(board.id), .seats).path), .attr("novalidate", "")) {
                        Layout.csrfField(ctx)
                        field("person", "Person", hint: "Anyone on a register in Consort; add new people on the governance page.", errors) {
                            H.select(.id("person"), .name("person")) { for p in people { H.option(String(p.id), p.name, selected: form["person"] == String(p.id)) } }
                        }
                        field("role", "Role on the board", errors) {
                            H.select(.id("role"), .name("role")) { for r in BoardRole.allCases { H.option(r.rawValue, r.label, selected: form["role"] == r.rawValue) } }
                        }
                        field("seat_from", "From", errors) { input("seat_from", form, type: "date") }
                        field("seat_to", "To (if the seat has ended)", errors) { input("seat_to", form, type: "date") }
                        H.button(.type("submit"), .class("button secondary")) { "Add the member" }
                    }
                }
                H.el("details", errors.contains { $0.field == "minimum" || $0.field.hasPrefix("at_least") } ? [.attr("open", "")] : []) {
                    H.summary { "Change the quorum" }
                    H.form(.attr("method", "post"), .attr("action", GovernanceURL.boardAction(.value(board.id), .quorum).path), .attr("novalidate", "")) {
                        Layout.csrfField(ctx)
                        field("minimum", "Fewest members taking part", errors) { input("minimum", form, value: String(rule.minimum)) }
                        for r in BoardRole.allCases where r != .chair {
                            field("at_least_\(r.rawValue)", "At least this many \(r.label.lowercased())s", errors) { input("at_least_\(r.rawValue)", form, value: rule.atLeast[r].map(String.init) ?? "0") }
                        }
                        H.el("fieldset", [.class("field")]) {
                            H.el("legend", []) { "In the majority among those taking part (optional)" }
                            for r in BoardRole.allCases {
                                H.div(.class("checkbox")) {
                                    Layout.checkbox("majority-\(r.rawValue)", name: "majority[]", value: r.rawValue, checked: rule.majorityOf.contains(r))
                                    H.label(.for("majority-\(r.rawValue)")) { r.label + "s" }
                                }
                            }
                        }
                        H.button(.type("submit"), .class("button secondary")) { "Save the quorum" }
                    }
                }
                H.h2(.id("meetings")) { "Meetings" }
                if meetings.isEmpty { H.p(.class("hint")) { "No meetings yet." } }
                else { H.ul { for m in meetings { H.li { H.link(GovernanceURL.meeting(.value(m.id)).path, "\(m.day.long): \(m.title)") } } } }
                H.el("details", errors.contains { ["title", "held_on"].contains($0.field) } ? [.attr("open", "")] : []) {
                    H.summary { "Add a meeting" }
                    H.form(.attr("method", "post"), .attr("action", GovernanceURL.boardAction(.value(board.id), .meetings).path), .attr("novalidate", "")) {
                        Layout.csrfField(ctx)
                        field("title", "Title", errors) { input("title", form, wide: true) }
                        field("held_on", "Date", errors) { input("held_on", form, type: "date") }
                        H.button(.type("submit"), .class("button")) { "Add the meeting" }
                    }
                }
            }
        }
    }

    // MARK: Meeting

    package static func meeting(_ meeting: G.Meeting, _ board: G.Board, _ body: GroupInfo, state s: GovernanceController.MeetingState, form: Form, errors: Errors,
                        _ ctx: PageContext, status: HTTPStatus) -> HTMLPage {
        let members = s.members.sorted { $0.value.name < $1.value.name }
        return Layout.page("\(meeting.title), \(meeting.day.long)", ctx, crumbs: crumbs(body, [.init(title: board.name, href: GovernanceURL.board(.value(board.id)).path)]),
                           section: body.kind.slug, status: status) {
            Layout.errorSummary(errors)
            H.p(.class("hint")) { "\(board.name), \(meeting.day.long)" }
            H.h1 { meeting.title }
            H.p { H.link(GovernanceURL.minutes(.value(meeting.id)).path, "Download the minutes (Markdown)") }
            H.h2(.id("attendance")) { "Attendance" }
            H.p(.class("hint")) { "Quorum: \(board.rule.description)." }
            H.form(.attr("method", "post"), .attr("action", GovernanceURL.meetingAction(.value(meeting.id), .attendance).path)) {
                Layout.csrfField(ctx)
                H.el("fieldset", [.class("field"), .id("attendance-list")]) {
                    H.el("legend", []) { "Members present" }
                    Layout.fieldError(errors, "attendance")
                    for (id, m) in members {
                        H.div(.class("checkbox")) {
                            Layout.checkbox("present-\(id)", name: "present[]", value: String(id), checked: s.present.contains(id))
                            H.label(.for("present-\(id)")) { "\(m.name) (\(m.role.label.lowercased()))" }
                        }
                    }
                }
                H.button(.type("submit"), .class("button secondary")) { "Save attendance" }
            }
            H.h2(.id("agenda")) { "Agenda" }
            if s.items.isEmpty { H.p(.class("hint")) { "No items yet." } }
            for item in s.items {
                itemSection(item, meeting: meeting, state: s, form: form, errors: errors, ctx)
            }
            H.el("details", errors.contains { ["item_title", "subjects", "bidders"].contains($0.field) } ? [.attr("open", "")] : []) {
                H.summary { "Add an agenda item" }
                H.form(.attr("method", "post"), .attr("action", GovernanceURL.meetingAction(.value(meeting.id), .items).path), .attr("novalidate", "")) {
                    Layout.csrfField(ctx)
                    field("item_title", "Title", errors) { input("item_title", form, wide: true) }
                    H.div(.class("checkbox")) {
                        Layout.checkbox("procurement", name: "procurement", value: "yes", checked: form["procurement"] == "yes")
                        H.label(.for("procurement")) { "A procurement decision (goes on the register of procurement decisions)" }
                    }
                    field("subjects", "Organisations it concerns (codes)", hint: "Practice or group codes separated by commas.", errors) { input("subjects", form, wide: true) }
                    field("bidders", "Bidders (codes)", hint: "For a procurement: every practice or federation bidding.", errors) { input("bidders", form, wide: true) }
                    H.button(.type("submit"), .class("button")) { "Add the item" }
                }
            }
        }
    }

    package static func itemSection(_ item: G.Item, meeting: G.Meeting, state s: GovernanceController.MeetingState, form: Form, errors: Errors, _ ctx: PageContext) -> Node {
        let conflicts = s.conflicts[item.id] ?? []
        let byPerson = Dictionary(grouping: conflicts, by: \.person)
        let actions = s.actions[item.id] ?? [:]
        let present = s.present.sorted().filter { s.members[$0] != nil }
        return H.div(.class("item-block"), .id("item-\(item.id)")) {
            H.h3 { "\(item.number). \(item.title)"; if item.isProcurement { " "; H.span(.class("tag")) { "procurement" } } }
            let orgs = s.orgs[item.id] ?? []
            if !orgs.isEmpty {
                H.p { "Concerns: " + orgs.map { "\($0.organisationName) (\($0.organisationCode))\($0.role == "bidder" ? ", bidding" : "")" }.joined(separator: "; ") }
            }
            H.h4 { "Conflicts of interest (\(byPerson.count))" }
            if byPerson.isEmpty {
                H.p(.class("hint")) { "None found among the board's members, from their declarations, their roles at practices and groups, their practices' groups, or their seats on other boards." }
            }
            for pid in byPerson.keys.sorted(by: { (s.members[Int64($0) ?? 0]?.name ?? "") < (s.members[Int64($1) ?? 0]?.name ?? "") }) {
                let id = Int64(pid) ?? 0
                H.div(.class("callout warning")) {
                    H.p { H.strong { s.members[id]?.name ?? pid }; s.present.contains(id) ? "" : " (not present)" }
                    H.ul { for c in byPerson[pid]! { H.li { H.span(.class("tag \(c.source == .declared ? "grey" : "advisory")")) { c.source.rawValue }; " "; c.reason } } }
                    if let a = actions[id] {
                        H.p { "Managed: \(ConflictAction(rawValue: a.action)?.label ?? a.action)\(a.reason.isEmpty ? "" : ": \(a.reason)")" }
                    }
                    if item.decision == nil {
                        H.form(.attr("method", "post"), .attr("action", GovernanceURL.itemAction(.value(item.id), .actions).path), .attr("novalidate", "")) {
                            Layout.csrfField(ctx)
                            H.input(.type("hidden"), .name("person"), .value(pid))
                            field("action-\(pid)", "The chair's decision", errors) {
                                H.select(.id("action-\(pid)"), .name("action")) {
                                    for a in ConflictAction.allCases { H.option(a.rawValue, a.label, selected: actions[id]?.action == a.rawValue) }
                                }
                            }
                            field("reason-\(pid)", "Reason (needed when allowed)", errors) {
                                H.input(.type("text"), .id("reason-\(pid)"), .name("reason"), .class("wide"), .value(actions[id]?.reason ?? ""))
                            }
                            H.button(.type("submit"), .class("button small secondary")) { "Record" }
                        }
                    }
                }
            }
            if let decision = item.decision {
                H.div(.class("callout success")) {
                    H.p { H.strong { "Decision: " }; decision }
                    if let json = item.record, let r = try? JSONDecoder().decode(G.DecisionRecord.self, from: Data(json.utf8)) {
                        H.p { "Taken by \(r.counted.joined(separator: ", ")); for \(r.votesFor), against \(r.votesAgainst), abstaining \(r.abstentions)." }
                    }
                }
            } else {
                if let check = s.checks[item.id] {
                    H.p(.class(check.quorate ? "hint" : "error-message")) {
                        check.quorate ? "Quorate for this item once conflicted members are set aside (\(check.counted.count) taking part)."
                            : "Not quorate for this item once conflicted members are set aside."
                    }
                }
                H.form(.attr("method", "post"), .attr("action", GovernanceURL.itemAction(.value(item.id), .decision).path), .attr("novalidate", "")) {
                    Layout.csrfField(ctx)
                    Layout.fieldError(errors, "decision-\(item.id)")
                    if !present.isEmpty {
                        H.el("fieldset", [.class("field")]) {
                            H.el("legend", []) { "Votes" }
                            for id in present {
                                H.div(.class("field")) {
                                    H.label(.for("vote-\(item.id)-\(id)")) { s.members[id]!.name }
                                    H.select(.id("vote-\(item.id)-\(id)"), .name("vote[\(id)]")) {
                                        H.option("", "No vote", selected: true)
                                        for v in Vote.allCases { H.option(v.rawValue, v == .inFavour ? "For" : v == .against ? "Against" : "Abstain", selected: false) }
                                    }
                                }
                            }
                        }
                    }
                    field("decision-text-\(item.id)", "Decision", errors) {
                        H.input(.type("text"), .id("decision-text-\(item.id)"), .name("decision"), .class("wide"), .value(form["item"] == String(item.id) ? form["decision"] ?? "" : ""))
                    }
                    H.button(.type("submit"), .class("button")) { "Record the decision" }
                }
            }
        }
    }

    /// The minutes in Markdown.
    package static func minutes(_ meeting: G.Meeting, _ board: G.Board, _ body: GroupInfo, state s: GovernanceController.MeetingState) -> String {
        var out = "# \(md(board.name)): \(md(meeting.title))\n\n\(md(body.name)), \(meeting.day.long)\n\n## Present\n\n"
        let present = s.present.compactMap { id in s.members[id].map { ($0.name, $0.role) } }.sorted { $0.0 < $1.0 }
        out += present.isEmpty ? "No attendance recorded.\n" : present.map { "- \(md($0.0)), \($0.1.label.lowercased())" }.joined(separator: "\n") + "\n"
        out += "\nQuorum: \(board.rule.description).\n"
        for item in s.items {
            out += "\n## \(item.number). \(md(item.title))\n\n"
            let orgs = s.orgs[item.id] ?? []
            if !orgs.isEmpty { out += "Concerns: " + orgs.map { "\(md($0.organisationName)) (\(md($0.organisationCode)))\($0.role == "bidder" ? ", bidding" : "")" }.joined(separator: "; ") + ".\n\n" }
            let byPerson = Dictionary(grouping: s.conflicts[item.id] ?? [], by: \.person)
            if byPerson.isEmpty { out += "Conflicts of interest: none found.\n" }
            else {
                out += "Conflicts of interest:\n\n"
                for (pid, list) in byPerson.sorted(by: { $0.key < $1.key }) {
                    let id = Int64(pid) ?? 0
                    let action = s.actions[item.id]?[id]
                    out += "- \(md(s.members[id]?.name ?? pid)): " + list.map { md($0.reason) }.joined(separator: "; ") + ". "
                    out += action.map { "\(ConflictAction(rawValue: $0.action)?.label ?? $0.action)\($0.reason.isEmpty ? "" : " (\(md($0.reason)))")." } ?? "No action recorded."
                    out += "\n"
                }
            }
            if let decision = item.decision {
                out += "\nDecision: \(md(decision))\n"
                if let json = item.record, let r = try? JSONDecoder().decode(G.DecisionRecord.self, from: Data(json.utf8)) {
                    out += "\nVotes: for \(r.votesFor), against \(r.votesAgainst), abstaining \(r.abstentions). Taken by \(md(r.counted.joined(separator: ", "))).\n"
                }
            } else {
                out += "\nNo decision recorded.\n"
            }
        }
        return out
    }

    /// Text typed by people, made inert in Markdown: every character that could start markup
    /// (HTML tags, links, images, emphasis, code, headings, tables, entities) is backslash-escaped,
    /// as CommonMark allows for any ASCII punctuation, and line breaks become spaces so that no
    /// text can start a block of its own.
    package static func md(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "!", "&", "~", "{", "}":
                out.append("\\"); out.append(c)
            case "\n", "\r", "\r\n": out.append(" ")
            default: out.append(c)
            }
        }
        return out
    }

}
