import ConsortCore
import ConsortWeb
import Governance
import Vapor

extension GovernanceView {
    // MARK: Meeting

    package static func meeting(
        _ meeting: G.Meeting, _ board: G.Board, _ body: GroupInfo, state s: MeetingPage.State,
        form: Form, errors: Errors,
        _ ctx: PageContext, status: HTTPStatus
    ) -> HTMLPage {
        let members = s.members.sorted { $0.value.name < $1.value.name }
        return Layout.page(
            "\(meeting.title), \(meeting.day.long)", ctx,
            crumbs: crumbs(body, [.init(title: board.name, href: GovernanceURL.board(.value(board.id)).path)]),
            section: body.kind.slug, status: status
        ) {
            Layout.errorSummary(errors)
            H.p(.class("hint")) { "\(board.name), \(meeting.day.long)" }
            H.h1 { meeting.title }
            H.p { H.link(GovernanceURL.minutes(.value(meeting.id)).path, "Download the minutes (Markdown)") }
            H.h2(.id("attendance")) { "Attendance" }
            H.p(.class("hint")) { "Quorum: \(board.rule.description)." }
            H.form(
                .attr("method", "post"),
                .attr("action", GovernanceURL.meetingAction(.value(meeting.id), .attendance).path)
            ) {
                Layout.csrfField(ctx)
                H.el("fieldset", [.class("field"), .id("attendance-list")]) {
                    H.el("legend", []) { "Members present" }
                    Layout.fieldError(errors, "attendance")
                    for (id, m) in members {
                        H.div(.class("checkbox")) {
                            Layout.checkbox(
                                "present-\(id)", name: "present[]", value: String(id), checked: s.present.contains(id))
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
            H.el(
                "details",
                errors.contains { ["item_title", "subjects", "bidders"].contains($0.field) } ? [.attr("open", "")] : []
            ) {
                H.summary { "Add an agenda item" }
                H.form(
                    .attr("method", "post"),
                    .attr("action", GovernanceURL.meetingAction(.value(meeting.id), .items).path),
                    .attr("novalidate", "")
                ) {
                    Layout.csrfField(ctx)
                    field("item_title", "Title", errors) { input("item_title", form, wide: true) }
                    H.div(.class("checkbox")) {
                        Layout.checkbox(
                            "procurement", name: "procurement", value: "yes", checked: form["procurement"] == "yes")
                        H.label(.for("procurement")) {
                            "A procurement decision (goes on the register of procurement decisions)"
                        }
                    }
                    field(
                        "subjects", "Organisations it concerns (codes)",
                        hint: "Practice or group codes separated by commas.", errors
                    ) { input("subjects", form, wide: true) }
                    field(
                        "bidders", "Bidders (codes)", hint: "For a procurement: every practice or federation bidding.",
                        errors
                    ) { input("bidders", form, wide: true) }
                    H.button(.type("submit"), .class("button")) { "Add the item" }
                }
            }
        }
    }

    package static func itemSection(
        _ item: G.Item, meeting: G.Meeting, state s: MeetingPage.State, form: Form, errors: Errors,
        _ ctx: PageContext
    ) -> Node {
        let conflicts = s.conflicts[item.id] ?? []
        let byPerson = Dictionary(grouping: conflicts, by: \.person)
        let actions = s.actions[item.id] ?? [:]
        let present = s.present.sorted().filter { s.members[$0] != nil }
        return H.div(.class("item-block"), .id("item-\(item.id)")) {
            H.h3 {
                "\(item.number). \(item.title)"
                if item.isProcurement {
                    " "
                    H.span(.class("tag")) { "procurement" }
                }
            }
            let orgs = s.orgs[item.id] ?? []
            if !orgs.isEmpty {
                H.p {
                    "Concerns: "
                        + orgs.map {
                            "\($0.organisationName) (\($0.organisationCode))\($0.role == "bidder" ? ", bidding" : "")"
                        }.joined(separator: "; ")
                }
            }
            H.h4 { "Conflicts of interest (\(byPerson.count))" }
            if byPerson.isEmpty {
                H.p(.class("hint")) {
                    "None found among the board's members, from their declarations, their roles at practices and "
                        + "groups, their practices' groups, or their seats on other boards."
                }
            }
            for pid in byPerson.keys.sorted(by: {
                (s.members[Int64($0) ?? 0]?.name ?? "") < (s.members[Int64($1) ?? 0]?.name ?? "")
            }) {
                let id = Int64(pid) ?? 0
                H.div(.class("callout warning")) {
                    H.p {
                        H.strong { s.members[id]?.name ?? pid }
                        s.present.contains(id) ? "" : " (not present)"
                    }
                    H.ul {
                        for c in byPerson[pid]! {
                            H.li {
                                H.span(.class("tag \(c.source == .declared ? "grey" : "advisory")")) {
                                    c.source.rawValue
                                }
                                " "
                                c.reason
                            }
                        }
                    }
                    if let a = actions[id] {
                        H.p {
                            "Managed: \(a.label)\(a.reason.isEmpty ? "" : ": \(a.reason)")"
                        }
                    }
                    if item.decision == nil {
                        H.form(
                            .attr("method", "post"),
                            .attr("action", GovernanceURL.itemAction(.value(item.id), .actions).path),
                            .attr("novalidate", "")
                        ) {
                            Layout.csrfField(ctx)
                            H.input(.type("hidden"), .name("person"), .value(pid))
                            field("action-\(pid)", "The chair's decision", errors) {
                                H.select(.id("action-\(pid)"), .name("action")) {
                                    for a in ConflictAction.allCases {
                                        H.option(a.rawValue, a.label, selected: actions[id]?.action == a.rawValue)
                                    }
                                }
                            }
                            field("reason-\(pid)", "Reason (needed when allowed)", errors) {
                                H.input(
                                    .type("text"), .id("reason-\(pid)"), .name("reason"), .class("wide"),
                                    .value(actions[id]?.reason ?? ""))
                            }
                            H.button(.type("submit"), .class("button small secondary")) { "Record" }
                        }
                    }
                }
            }
            if let decision = item.decision {
                H.div(.class("callout success")) {
                    H.p {
                        H.strong { "Decision: " }
                        decision
                    }
                    if let json = item.record,
                        let r = try? JSONDecoder().decode(G.DecisionRecord.self, from: Data(json.utf8))
                    {
                        H.p {
                            "Taken by \(r.counted.joined(separator: ", ")); for \(r.votesFor), against "
                                + "\(r.votesAgainst), abstaining \(r.abstentions)."
                        }
                    }
                }
            } else {
                if let check = s.checks[item.id] {
                    H.p(.class(check.quorate ? "hint" : "error-message")) {
                        check.quorate
                            ? "Quorate for this item once conflicted members are set aside (\(check.counted.count) "
                                + "taking part)."
                            : "Not quorate for this item once conflicted members are set aside."
                    }
                }
                H.form(
                    .attr("method", "post"), .attr("action", GovernanceURL.itemAction(.value(item.id), .decision).path),
                    .attr("novalidate", "")
                ) {
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
                                        for v in Vote.allCases {
                                            H.option(
                                                v.rawValue,
                                                v == .inFavour ? "For" : v == .against ? "Against" : "Abstain",
                                                selected: false)
                                        }
                                    }
                                }
                            }
                        }
                    }
                    field("decision-text-\(item.id)", "Decision", errors) {
                        H.input(
                            .type("text"), .id("decision-text-\(item.id)"), .name("decision"), .class("wide"),
                            .value(form["item"] == String(item.id) ? form["decision"] ?? "" : ""))
                    }
                    H.button(.type("submit"), .class("button")) { "Record the decision" }
                }
            }
        }
    }

    /// The minutes in Markdown.
    package static func minutes(
        _ meeting: G.Meeting, _ board: G.Board, _ body: GroupInfo, state s: MeetingPage.State
    ) -> String {
        var out = "# \(md(board.name)): \(md(meeting.title))\n\n\(md(body.name)), \(meeting.day.long)\n\n## Present\n\n"
        let present = s.present.compactMap { id in s.members[id].map { ($0.name, $0.role) } }.sorted { $0.0 < $1.0 }
        out +=
            present.isEmpty
            ? "No attendance recorded.\n"
            : present.map { "- \(md($0.0)), \($0.1.label.lowercased())" }.joined(separator: "\n") + "\n"
        out += "\nQuorum: \(board.rule.description).\n"
        for item in s.items {
            out += "\n## \(item.number). \(md(item.title))\n\n"
            let orgs = s.orgs[item.id] ?? []
            if !orgs.isEmpty {
                out +=
                    "Concerns: "
                    + orgs.map {
                        "\(md($0.organisationName)) "
                            + "(\(md($0.organisationCode)))\($0.role == "bidder" ? ", bidding" : "")"
                    }.joined(separator: "; ") + ".\n\n"
            }
            let byPerson = Dictionary(grouping: s.conflicts[item.id] ?? [], by: \.person)
            if byPerson.isEmpty {
                out += "Conflicts of interest: none found.\n"
            } else {
                out += "Conflicts of interest:\n\n"
                for (pid, list) in byPerson.sorted(by: { $0.key < $1.key }) {
                    let id = Int64(pid) ?? 0
                    let action = s.actions[item.id]?[id]
                    out +=
                        "- \(md(s.members[id]?.name ?? pid)): " + list.map { md($0.reason) }.joined(separator: "; ")
                        + ". "
                    out +=
                        action.map {
                            "\($0.label)\($0.reason.isEmpty ? "" : " (\(md($0.reason)))")."
                        } ?? "No action recorded."
                    out += "\n"
                }
            }
            if let decision = item.decision {
                out += "\nDecision: \(md(decision))\n"
                if let json = item.record,
                    let r = try? JSONDecoder().decode(G.DecisionRecord.self, from: Data(json.utf8))
                {
                    out +=
                        "\nVotes: for \(r.votesFor), against \(r.votesAgainst), abstaining \(r.abstentions). Taken by "
                        + "\(md(r.counted.joined(separator: ", "))).\n"
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
                out.append("\\")
                out.append(c)
            case "\n", "\r", "\r\n": out.append(" ")
            default: out.append(c)
            }
        }
        return out
    }
}
