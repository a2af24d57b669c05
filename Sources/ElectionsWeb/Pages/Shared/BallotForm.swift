import ConsortCore
import ConsortWeb

/// The ballot paper: numbered preferences for a ranked count, one choice for first past the post
/// or a motion, ticks for approval. Nothing on it identifies the voter.
enum BallotForm {
    static func render(
        _ e: ElectionStore.Record, standing: [ElectionStore.Candidate], entries: [ElectionStore.RollLine],
        action: String, form: EngagementForm, errors: FormErrors, _ ctx: PageContext
    ) -> Node {
        H.form(.attr("method", "post"), .attr("action", action), .attr("novalidate", ""), .id("ballot-form")) {
            Layout.csrfField(ctx)
            Layout.errorSummary(errors.filter { $0.field == "ballot" })
            if entries.count > 1 {
                Layout.field("entry", "Voting for", errors) {
                    H.select(.id("entry"), .name("entry")) {
                        for line in entries {
                            H.option(
                                String(line.id), "\(line.label) (\(line.weight) vote\(line.weight == 1 ? "" : "s"))",
                                selected: form.entry == String(line.id))
                        }
                    }
                }
            } else if let line = entries.first, line.weight > 1 || line.personId == nil {
                H.p { "Voting for \(line.label): \(line.weight) vote\(line.weight == 1 ? "" : "s")." }
            }
            H.el("fieldset", [.class("field"), .id("ballot")]) {
                H.el("legend", []) {
                    switch e.kind {
                    case .scottish, .meek:
                        "Number the candidates in your order of preference: 1 by your first choice, 2 by your "
                            + "second, and so on. Number as many or as few as you wish."
                    case .approval: "Tick every candidate you approve of."
                    case .motion: e.motion ?? "The motion"
                    case .fptp: "Choose one candidate."
                    }
                }
                Layout.fieldError(errors, "ballot")
                for c in standing {
                    H.div(.class("checkbox")) {
                        switch e.kind {
                        case .scottish, .meek:
                            H.input(
                                .type("text"), .attr("inputmode", "numeric"), .attr("size", "3"), .id("rank-\(c.id)"),
                                .name("ranks[\(c.id)]"), .value(form.rankings[c.id] ?? ""))
                        case .approval:
                            Layout.checkbox(
                                "rank-\(c.id)", name: "choice[]", value: String(c.id),
                                checked: (form.choice ?? []).contains(String(c.id)))
                        case .fptp, .motion:
                            Layout.choice(
                                "radio", "rank-\(c.id)", name: "choice[]", value: String(c.id),
                                checked: (form.choice ?? []).contains(String(c.id)))
                        }
                        H.label(.for("rank-\(c.id)")) { c.name }
                    }
                }
            }
            H.button(.type("submit"), .class("button")) { "Cast my vote" }
            H.p(.class("hint")) {
                "Your vote is final once cast. It is stored with no link to you and no time; the roll records only "
                    + "that you have voted."
            }
        }
    }
}
