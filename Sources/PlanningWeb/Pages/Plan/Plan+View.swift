import Assurance
import AssuranceWeb
import Charts
import ConsortCore
import ConsortWeb
import Planner
import Vapor

extension PlanView {
    package static func detail(
        _ row: Plans.Row, result: Plans.Result, request: Plans.Request, tables: Tables, view: RegistryView,
        canEdit: Bool, canAdopt: Bool, page: Int, movesPage: Int, errors: PlanController.Errors, _ ctx: PageContext,
        status: HTTPStatus = .ok
    ) -> HTMLPage {
        let plan = result.plan
        let (todayMap, planMap) = maps(plan, view: view, backdrop: ctx.backdrop)
        let band = plan.options.band
        return Layout.page(row.name, ctx, crumbs: crumbs(), section: "plans", status: status) {
            Layout.errorSummary(errors)
            H.h1 { row.name }
            Layout.sizeNotice(view.sizeStatus())
            Layout.summaryList([
                (
                    "Plans",
                    .text(
                        "\(request.level.plural) under \(request.policy) (\(band)"
                            + "\(plan.options.advisedBand.map { ", advised " + $0 } ?? ""), aiming for "
                            + "\(grouped(plan.options.targetPatients)))"
                    )
                ),
                ("Area", .text(request.areas.isEmpty ? "England" : request.areas.joined(separator: ", "))),
                (
                    "Kept inside",
                    .text(Plans.Request.withinChoices.first { $0.0 == request.within }?.1 ?? request.within)
                ),
                (
                    "Kept as they are",
                    .text((request.locked ?? []).isEmpty ? "none" : request.locked!.joined(separator: ", "))
                ),
                (
                    "Kept together or apart",
                    .text(
                        (request.pins ?? [:]).isEmpty
                            ? "none"
                            : request.pins!.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }.joined(
                                separator: ", "))
                ),
                (
                    "For",
                    .text(
                        purposes.first { $0.value == request.purpose }?.label
                            ?? (request.fromCurrent ? "a plan from today's groups" : "a design from nothing"))
                ),
                (
                    "How much each aim counted",
                    .text(
                        "compact groups \(svgNumber(request.weights.compactness)), deprivation balance "
                            + "\(svgNumber(request.weights.balance)), fewest moves "
                            + "\(svgNumber(request.weights.moves)), "
                            + "sizes within the advice \(svgNumber(request.weights.preference)); variant "
                            + "\(request.seed)"
                    )
                ),
                ("Configuration of", .text(request.date.long)),
                (
                    "Made by",
                    .text(
                        "\(row.createdBy), \(UKTime.format(row.createdAt)), "
                            + (result.seconds.map {
                                "in \(Self.duration($0)) (the search itself \(Self.duration(plan.seconds)))"
                            } ?? "the search in \(Self.duration(plan.seconds))")
                    )
                ),
                ("Adopted", .text(row.adoptedOn.map { "from \($0) by \(row.adoptedBy ?? "")" } ?? "not adopted")),
            ])
            H.p {
                H.a(PlanningURL.planCSV(.value(row.id)).path, .class("button")) {
                    "Download the plan (practice_code,group CSV)"
                }
            }
            H.h2 { "Today and the plan" }
            tables.comparison.html(ctx)
            H.div(.class("map-pair")) {
                H.el("figure", []) {
                    H.el("figcaption", []) { "Today" }
                    Node.raw(todayMap)
                }
                H.el("figure", []) {
                    H.el("figcaption", []) { "Plan" }
                    Node.raw(planMap)
                }
            }
            H.h2 { "Issues" }
            tables.issues.html(ctx)
            H.h2 { "Assurance of the plan" }
            let after = result.after.levels.first { $0.level == request.level }
            let before = result.before.levels.first { $0.level == request.level }
            H.p {
                "The policy's rules applied to the planned practices with the plan in place: "
                    + (after.map {
                        "\($0.blocking) blocking and \($0.advisory) advisory findings at the "
                            + "\(request.level.rawValue) level"
                    } ?? "no rules at this level")
                    + " (today: \(before.map { "\($0.blocking) blocking, \($0.advisory) advisory" } ?? "–"))."
            }
            tables.findings.html(ctx)
            H.h2(.id("groups-heading")) { "Groups" }
            tables.groups.html(ctx, query: [("moves_page", String(movesPage))])
            if plan.groups.count > PlanController.pageSize {
                Layout.pagination(
                    ctx, page: page, pageSize: PlanController.pageSize, total: plan.groups.count,
                    query: [("moves_page", String(movesPage))])
            }
            H.h2 { "Practices that change group" }
            tables.moves.html(ctx, query: [("page", String(page))])
            if plan.moves.count > PlanController.pageSize {
                movesPagination(ctx, page: movesPage, total: plan.moves.count, groupsPage: page)
            }
            if canEdit || canAdopt {
                H.h2 { "Change the plan" }
            }
            if canEdit {
                H.form(
                    .attr("method", "post"), .attr("action", PlanningURL.action(.value(row.id), .rename).path),
                    .class("filters"), .attr("novalidate", ""), .aria("label", "Rename")
                ) {
                    Layout.csrfField(ctx)
                    H.div(.class("field")) {
                        H.label(.for("name")) { "New name" }
                        error(errors, "name")
                        H.input(.type("text"), .id("name"), .name("name"), .value(row.name))
                    }
                    H.button(.type("submit"), .class("button secondary")) { "Rename" }
                }
            }
            if row.adoptedOn != nil {
                H.p(.id("adopted")) {
                    "Adopted from \(row.adoptedOn!): the registry's memberships changed on that date (see the audit "
                        + "log)."
                }
            } else if canAdopt {
                H.form(
                    .attr("method", "post"), .attr("action", PlanningURL.action(.value(row.id), .adopt).path),
                    .attr("novalidate", ""), .aria("label", "Adopt")
                ) {
                    Layout.csrfField(ctx)
                    H.h3 { "Adopt as the configuration" }
                    H.p(.class("hint")) {
                        "Each practice that changes group leaves its "
                            + "\(PlanInput.currentKind(request.level).singular.lowercased()) on this date and joins "
                            + "its planned group; new groups are recorded with codes P\(row.id)-…, and groups left "
                            + "empty close. Every change is audited. A later NHS import records what the NHS "
                            + "itself publishes."
                    }
                    H.div(.class("field")) {
                        H.label(.for("adopt_on")) { "Takes effect on" }
                        error(errors, "adopt_on")
                        H.input(
                            .type("date"), .id("adopt_on"), .name("adopt_on"),
                            .value(max(request.date, Day.today()).iso))
                    }
                    H.div(.class("field")) {
                        error(errors, "confirm_adopt")
                        H.input(.type("checkbox"), .id("confirm_adopt"), .name("confirm"), .value("yes"))
                        H.label(.for("confirm_adopt")) {
                            " I understand that on this date " + Self.changes(plan)
                        }
                    }
                    H.button(.type("submit"), .class("button")) { "Adopt the plan" }
                }
            }
            if canEdit {
                H.form(
                    .attr("method", "post"), .attr("action", PlanningURL.action(.value(row.id), .delete).path),
                    .attr("novalidate", ""), .aria("label", "Delete")
                ) {
                    Layout.csrfField(ctx)
                    H.div(.class("field")) {
                        error(errors, "confirm")
                        H.input(.type("checkbox"), .id("confirm"), .name("confirm"), .value("yes"))
                        H.label(.for("confirm")) {
                            " Delete this plan (an adopted plan's changes stay in the registry)"
                        }
                    }
                    H.button(.type("submit"), .class("button secondary")) { "Delete" }
                }
            }
        }
    }

    package static func movesPagination(_ ctx: PageContext, page: Int, total: Int, groupsPage: Int) -> Node {
        let size = PlanController.pageSize
        let pages = max(1, (total + size - 1) / size)
        return H.nav(.aria("label", "Pages of moved practices")) {
            H.ul(.class("pagination")) {
                if page > 1 {
                    H.li {
                        H.a(ctx.link(ctx.path, [("page", String(groupsPage)), ("moves_page", String(page - 1))])) {
                            "← Previous"
                        }
                    }
                }
                H.li { "Page \(page) of \(pages) (\(grouped(total)) in all)" }
                if page < pages {
                    H.li {
                        H.a(ctx.link(ctx.path, [("page", String(groupsPage)), ("moves_page", String(page + 1))])) {
                            "Next →"
                        }
                    }
                }
            }
        }
    }

    /// A duration as people read it: "under 0.1 s", "4.2 s", "2 min 5 s".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0.05 else { return "under 0.1 s" }
        if seconds < 60 { return "\(svgNumber(seconds, digits: 1)) s" }
        let whole = Int(seconds.rounded())
        return "\(whole / 60) min \(whole % 60) s"
    }

    /// What adopting changes, in the words of the plan's figures: practices that change group
    /// (as "Practices moved" counts them) and practices in no group that join one.
    static func changes(_ plan: Plan) -> String {
        let moved = plan.moves.filter { $0.from != nil }.count
        let placed = plan.moves.count - moved
        var parts = ["\(grouped(moved)) \(moved == 1 ? "practice changes" : "practices change") group"]
        if placed > 0 { parts.append("\(grouped(placed)) in no group \(placed == 1 ? "joins" : "join") one") }
        return parts.joined(separator: " and ")
    }
}
