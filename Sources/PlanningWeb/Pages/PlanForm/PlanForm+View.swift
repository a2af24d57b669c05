import Assurance
import AssuranceWeb
import Charts
import ConsortCore
import ConsortWeb
import Planner
import Vapor

extension PlanView {
    // MARK: Form

    package static func form(
        _ form: PlanController.PlanForm, policies: [String], errors: PlanController.Errors, _ ctx: PageContext,
        status: HTTPStatus = .ok
    ) -> HTMLPage {
        func field(_ id: String, _ label: String, hint: String? = nil, @HTMLBuilder _ control: () -> [Node]) -> Node {
            Layout.field(id, label, hint: hint, errors, control)
        }
        return Layout.page("New plan", ctx, crumbs: crumbs(), section: "plans", status: status) {
            Layout.errorSummary(errors)
            H.h1 { "New plan" }
            H.p(.class("hint")) {
                "Consort proposes groups of practices that meet the policy's size band, are connected and compact, "
                    + "balance deprivation between groups and move few practices. It runs in the background; the "
                    + "plan's page shows progress and then compares the plan with today's groups. "
                H.link(SiteURL.help.path + "#planner", "What each setting does")
            }
            H.form(.attr("method", "post"), .attr("action", PlanningURL.newPlan.path), .attr("novalidate", "")) {
                Layout.csrfField(ctx)
                field("name", "Name") {
                    H.input(.type("text"), .id("name"), .name("name"), .class("wide"), .value(form.name ?? ""))
                }
                field(
                    "policy", "Policy",
                    hint:
                        "Its size band for the level is the target: e.g. pcn-2019 plans networks of 30,000–50,000 "
                        + "patients."
                ) {
                    H.select(.id("policy"), .name("policy"), .aria("describedby", "policy-hint")) {
                        for name in policies { H.option(name, name, selected: form.policy == name) }
                    }
                }
                field("level", "Level") {
                    H.select(.id("level"), .name("level")) {
                        for level in Policy.Level.allCases {
                            H.option(
                                level.rawValue, level.plural.prefix(1).uppercased() + level.plural.dropFirst(),
                                selected: form.level == level.rawValue)
                        }
                    }
                }
                field(
                    "within", "Keep groups inside",
                    hint:
                        "Groups never cross this boundary; each area is planned on its own. Localities are always "
                        + "planned out of whole PCNs."
                ) {
                    H.select(.id("within"), .name("within"), .aria("describedby", "within-hint")) {
                        for (value, label) in Plans.Request.withinChoices {
                            H.option(value, label, selected: (form.within ?? "none") == value)
                        }
                    }
                }
                field(
                    "areas", "Areas (optional)",
                    hint:
                        "Plan only the practices of these groups: codes separated by commas, e.g. QHM for one STP, or "
                        + "16C for one CCG. Empty plans all of England."
                ) {
                    H.input(
                        .type("text"), .id("areas"), .name("areas"), .class("wide"), .value(form.areas ?? ""),
                        .aria("describedby", "areas-hint"))
                }
                field("from", "Start from") {
                    H.select(.id("from"), .name("from")) {
                        H.option(
                            "current", "Today's groups (and count practices moved)", selected: form.from != "scratch")
                        H.option("scratch", "Nothing (a fresh design)", selected: form.from == "scratch")
                    }
                }
                H.el("fieldset", [.class("field")]) {
                    H.el("legend", []) { "Weights (0–100; only their ratios matter)" }
                    field("compactness", "Compactness") {
                        H.input(
                            .type("text"), .id("compactness"), .name("compactness"), .attr("inputmode", "decimal"),
                            .value(form.compactness ?? "1"))
                    }
                    field("balance", "Deprivation balance") {
                        H.input(
                            .type("text"), .id("balance"), .name("balance"), .attr("inputmode", "decimal"),
                            .value(form.balance ?? "1"))
                    }
                    field("moves", "Fewest practices moved") {
                        H.input(
                            .type("text"), .id("moves"), .name("moves"), .attr("inputmode", "decimal"),
                            .value(form.moves ?? "0.5"))
                    }
                }
                field(
                    "locked", "Keep these groups as they are (optional)",
                    hint: "Codes of today's groups at the level that the plan must not change, e.g. U89141."
                ) {
                    H.input(
                        .type("text"), .id("locked"), .name("locked"), .class("wide"), .value(form.locked ?? ""),
                        .aria("describedby", "locked-hint"))
                }
                field(
                    "pins", "Pin practices to groups (optional)",
                    hint:
                        "PRACTICE=GROUP pairs separated by commas, e.g. A81001=NORTH, A81002=NORTH, A81004=SOUTH: "
                        + "practices with the same name stay together, different names stay apart; the group takes "
                        + "the name."
                ) {
                    H.input(
                        .type("text"), .id("pins"), .name("pins"), .class("wide"), .value(form.pins ?? ""),
                        .aria("describedby", "pins-hint"))
                }
                field("seed", "Seed", hint: "The same seed and settings give the same plan.") {
                    H.input(
                        .type("text"), .id("seed"), .name("seed"), .attr("inputmode", "numeric"),
                        .value(form.seed ?? "1"), .aria("describedby", "seed-hint"))
                }
                field("date", "Plan from the configuration on") {
                    H.input(.type("date"), .id("date"), .name("date"), .value(form.date ?? ""))
                }
                H.button(.type("submit"), .class("button")) { "Make the plan" }
            }
        }
    }
}
