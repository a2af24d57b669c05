import ConsortCore
import ConsortWeb
import Elections

/// The roll's part of the new-election and new-survey forms.
enum RollFields {
    static func render(_ form: EngagementForm, _ errors: FormErrors, weighting: Bool) -> Node {
        H.fragment {
            H.h2 { "The roll" }
            Layout.field(
                "groups", "For which groups",
                hint: "The code of each federation, network, consortium or locality whose practices are on the roll, "
                    + "separated by commas (an LMC gives its consortia). You must run each one.", errors
            ) {
                H.input(
                    .type("text"), .id("groups"), .name("groups"), .value(form.groups ?? ""),
                    .aria("describedby", "groups-hint"))
            }
            H.el("fieldset", [.class("field"), .id("electorate")]) {
                H.el("legend", []) { "Who is on the roll" }
                Layout.fieldError(errors, "electorate")
                for kind in Electorate.Kind.allCases {
                    H.div(.class("checkbox")) {
                        Layout.choice(
                            "radio", "electorate-\(kind.rawValue)", name: "electorate", value: kind.rawValue,
                            checked: (form.electorate ?? "gps") == kind.rawValue)
                        H.label(.for("electorate-\(kind.rawValue)")) { kind.label }
                    }
                }
            }
            H.el("fieldset", [.class("field"), .id("roles")]) {
                H.el("legend", []) { "Which GPs (for a roll of GPs; for a practice vote weighted by GPs)" }
                Layout.fieldError(errors, "roles")
                for role in PersonRole.allCases where role.isGP {
                    H.div(.class("checkbox")) {
                        Layout.checkbox(
                            "role-\(role.rawValue)", name: "roles[]", value: role.rawValue,
                            checked: (form.roles ?? []).contains(role.rawValue))
                        H.label(.for("role-\(role.rawValue)")) { role.label + "s" }
                    }
                }
            }
            if weighting {
                H.el("fieldset", [.class("field"), .id("weighting")]) {
                    H.el("legend", []) { "A practice's votes (for a practice vote)" }
                    Layout.fieldError(errors, "weighting")
                    for (value, label) in [
                        ("one", "One vote per practice"),
                        ("patients", "One vote per so many registered patients"),
                        ("gps", "One vote per GP at the practice"),
                    ] {
                        H.div(.class("checkbox")) {
                            Layout.choice(
                                "radio", "weighting-\(value)", name: "weighting", value: value,
                                checked: (form.weighting ?? "one") == value)
                            H.label(.for("weighting-\(value)")) { label }
                        }
                    }
                }
                Layout.field(
                    "per_patients", "Registered patients per vote",
                    hint: "For example 2,000. Each practice has at least one vote.", errors
                ) {
                    H.input(
                        .type("text"), .attr("inputmode", "numeric"), .id("per_patients"), .name("per_patients"),
                        .value(form.perPatients ?? ""), .aria("describedby", "per_patients-hint"))
                }
                Layout.field("rounding", "Part of a vote", errors) {
                    H.select(.id("rounding"), .name("rounding")) {
                        for r in Weighting.Rounding.allCases {
                            H.option(
                                r.rawValue,
                                r == .up
                                    ? "Counts as a whole vote (\"or part thereof\")"
                                    : r == .down ? "Does not count" : "Half or more counts as a whole vote",
                                selected: (form.rounding ?? "up") == r.rawValue)
                        }
                    }
                }
            }
            Layout.field(
                "people", "People (for a list of people)",
                hint: "One per line: a GMC number, NMC PIN or email address of someone in the people directory.",
                errors
            ) {
                H.textarea(
                    .id("people"), .name("people"), .attr("rows", "4"), .aria("describedby", "people-hint"),
                    text: form.people ?? "")
            }
            Layout.field(
                "roll_on", "The roll's date", hint: "Who is on the roll on this day (today if left blank).", errors
            ) {
                H.input(
                    .type("date"), .id("roll_on"), .name("roll_on"), .value(form.rollOn ?? ""),
                    .aria("describedby", "roll_on-hint"))
            }
        }
    }

    /// A date-and-time field of a timetable.
    static func moment(_ id: String, _ label: String, _ value: String?, _ errors: FormErrors) -> Node {
        Layout.field(id, label, errors) {
            H.input(.type("datetime-local"), .id(id), .name(id), .value(value ?? ""))
        }
    }
}
