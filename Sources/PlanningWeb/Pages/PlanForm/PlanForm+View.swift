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
        _ form: PlanController.PlanForm, policies: [String], levels: [PlanFormPage.LevelChoice],
        areas: [(kind: GroupKind, groups: [(code: String, name: String)])] = [], errors: PlanController.Errors,
        _ ctx: PageContext, status: HTTPStatus = .ok
    ) -> HTMLPage {
        func field(_ id: String, _ label: String, hint: String? = nil, @HTMLBuilder _ control: () -> [Node]) -> Node {
            Layout.field(id, label, hint: hint, errors, control)
        }
        return Layout.page("New plan", ctx, crumbs: crumbs(), section: "plans", status: status) {
            Layout.errorSummary(errors)
            H.h1 { "New plan" }
            H.p(.class("hint")) {
                "Consort proposes groups of practices that meet the policy's size limits, are connected and "
                    + "compact, balance deprivation between groups and move few practices; a policy's advised sizes "
                    + "are preferences, not limits. It runs in the background; the plan's page shows progress and "
                    + "then compares the plan with today's groups. "
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
                        "Its size limits for the level must be met; its advised sizes are preferred: e.g. pcn-2019 "
                        + "plans networks of at least 30,000 patients, preferring no more than 50,000."
                ) {
                    H.select(.id("policy"), .name("policy"), .aria("describedby", "policy-hint")) {
                        for name in policies { H.option(name, name, selected: form.policy == name) }
                    }
                }
                field(
                    "level", "Level",
                    hint:
                        "The levels the installed policies set sizes for, with the policies that do; the policy "
                        + "chosen must be one of them."
                ) {
                    H.select(.id("level"), .name("level"), .aria("describedby", "level-hint")) {
                        for (level, names) in levels {
                            let label = level.plural.prefix(1).uppercased() + level.plural.dropFirst()
                            H.option(
                                level.rawValue,
                                names.isEmpty ? label : "\(label) (\(names.joined(separator: ", ")))",
                                selected: form.level == level.rawValue)
                        }
                    }
                }
                field(
                    "within", "Keep groups inside",
                    hint:
                        "Groups never cross this boundary; each area is planned on its own. Localities and "
                        + "multi-neighbourhood providers are planned out of whole PCNs, ICBs out of whole sub-ICB "
                        + "locations."
                ) {
                    H.select(.id("within"), .name("within"), .aria("describedby", "within-hint")) {
                        for (value, label) in Plans.Request.withinChoices {
                            H.option(value, label, selected: (form.within ?? "none") == value)
                        }
                    }
                }
                H.el("fieldset", [.class("field")]) {
                    H.el("legend", []) { "What is the plan for?" }
                    Layout.fieldError(errors, "purpose")
                    for p in purposes {
                        H.div(.class("radio")) {
                            Layout.choice(
                                "radio", "purpose-\(p.value)", name: "purpose", value: p.value,
                                checked: (form.purpose ?? "fewest-changes") == p.value,
                                .aria("describedby", "purpose-\(p.value)-hint"))
                            H.label(.for("purpose-\(p.value)")) { p.label }
                            H.span(.class("hint"), .id("purpose-\(p.value)-hint")) { p.hint }
                        }
                    }
                }
                field("area", "Area", hint: "The practices to plan: one region, STP/ICB or consortium, or England.") {
                    H.select(.id("area"), .name("area"), .aria("describedby", "area-hint")) {
                        H.option("", "All of England", selected: (form.area ?? "").isEmpty)
                        for (kind, groups) in areas where !groups.isEmpty {
                            H.el(
                                "optgroup",
                                [.attr("label", kind.plural.prefix(1).uppercased() + kind.plural.dropFirst())]
                            ) {
                                for g in groups {
                                    H.option(g.code, "\(g.name) (\(g.code))", selected: form.area == g.code)
                                }
                            }
                        }
                    }
                }
                H.details {
                    H.summary { "More settings" }
                    field(
                        "areas", "Other areas (optional)",
                        hint:
                            "More groups to plan, by code, separated by commas, e.g. 16C, 00K for two CCGs; they are "
                            + "added to the area above."
                    ) {
                        H.input(
                            .type("text"), .id("areas"), .name("areas"), .class("wide"), .value(form.areas ?? ""),
                            .aria("describedby", "areas-hint"))
                    }
                    H.el("fieldset", [.class("field")]) {
                        H.el("legend", []) {
                            "How much each aim counts (0–100; empty: as the kind of plan sets it; only their ratios "
                                + "matter)"
                        }
                        for (id, label) in [
                            ("compactness", "Compact groups"), ("balance", "Deprivation balanced between groups"),
                            ("moves", "Fewest practices moved"), ("preference", "Sizes within the policy's advice"),
                            ("districts", "Each local authority district in one group (policies with that rule)"),
                        ] {
                            field(id, label) {
                                H.input(
                                    .type("text"), .id(id), .name(id), .attr("inputmode", "decimal"),
                                    .value(value(form, id)))
                            }
                        }
                    }
                    field(
                        "min", "Smallest group (patients, optional)",
                        hint:
                            "A size every group must reach, in place of the policy's limit: e.g. 1,000,000 to hold "
                            + "ICBs to the million icb-2025 only advises. Empty: the policy's."
                    ) {
                        H.input(
                            .type("text"), .id("min"), .name("min"), .attr("inputmode", "numeric"),
                            .value(form.min ?? ""), .aria("describedby", "min-hint"))
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
                        "pins", "Keep practices together or apart (optional)",
                        hint:
                            "Give practices that must share a group the same name, and practices that must not "
                            + "different names: a practice code, =, a name, separated by commas, e.g. A81001=North, "
                            + "A81002=North, A81004=South. The group takes the name."
                    ) {
                        H.input(
                            .type("text"), .id("pins"), .name("pins"), .class("wide"), .value(form.pins ?? ""),
                            .aria("describedby", "pins-hint"))
                    }
                    field(
                        "seed", "Variant",
                        hint: "A number: the same number and settings give the same plan; another gives another try."
                    ) {
                        H.input(
                            .type("text"), .id("seed"), .name("seed"), .attr("inputmode", "numeric"),
                            .value(form.seed ?? "1"), .aria("describedby", "seed-hint"))
                    }
                }
                field("date", "Plan from the configuration on") {
                    H.input(.type("date"), .id("date"), .name("date"), .value(form.date ?? ""))
                }
                H.button(.type("submit"), .class("button")) { "Make the plan" }
            }
        }
    }

    /// The kinds of plan: what the mode weighs and where it starts.
    package static let purposes:
        [(value: String, label: String, hint: String, mode: PlanOptions.Mode, fromCurrent: Bool)] = [
            (
                "fewest-changes", "Change today's groups as little as possible",
                "Moves practices only where a group breaks the policy's limits, and places practices in no "
                    + "group; where every group meets the limits nothing else moves: a proposal to take to "
                    + "practices.", .fewestChanges, true
            ),
            (
                "design", "Redesign today's groups",
                "Starts from today's groups but weighs compact, balanced groups as much as moving few practices: "
                    + "expect many moves.", .design, true
            ),
            (
                "scratch", "Design from nothing",
                "Ignores today's groups: how the area could be grouped if starting again.", .design, false
            ),
        ]

    static func value(_ form: PlanController.PlanForm, _ id: String) -> String {
        switch id {
        case "compactness": form.compactness ?? ""
        case "balance": form.balance ?? ""
        case "moves": form.moves ?? ""
        case "districts": form.districts ?? ""
        default: form.preference ?? ""
        }
    }
}
