import ConsortCore
import ConsortWeb
import Elections
import Vapor

extension ElectionPage {
    package func render(
        _ ctx: PageContext, form: EngagementForm = .init(), errors: FormErrors = [], status: HTTPStatus = .ok
    ) -> HTMLPage {
        let e = election
        let title = Layout.demoName(e.title, isDemo: e.isDemo)
        return Layout.page(
            title, ctx, crumbs: [.init(title: "Elections and surveys", href: ElectionsURL.list.path)],
            section: "elections", status: status
        ) {
            H.h1 { title }
            // The ballot's problems are summarised on the ballot itself.
            Layout.errorSummary(errors.filter { $0.field != "ballot" })
            Layout.summaryList([
                ("Stage", H.strong { stage.label }),
                (
                    "Decided by",
                    .text(
                        e.kind == .motion ? e.kind.label : "\(e.kind.label); \(e.seats) seat\(e.seats == 1 ? "" : "s")")
                ),
                (
                    "The roll",
                    .text(
                        "\(e.rollNote). \(grouped(onRoll)) on the roll; \(grouped(voted)) "
                            + (voted == 1 ? "has" : "have") + " voted.")
                ),
                (
                    "Run by",
                    .text(
                        e.groups.map { code in groupNames[code].map { "\($0) (\(code))" } ?? code }
                            .joined(separator: ", ") + " (set up by \(e.createdBy))")
                ),
            ])
            if let motion = e.motion {
                H.div(.class("callout")) {
                    H.strong { "Motion: " }
                    motion
                }
            }
            timetable(ctx)
            result(ctx)
            ballot(ctx, form: form, errors: errors)
            if e.kind != .motion { candidatesSection(ctx, form: form, errors: errors) }
            if runs, !unreachable.isEmpty, stage != .counted, stage != .closed {
                // Before voting opens the organiser sees who would never hear of their ballot.
                H.div(.class("callout warning"), .id("unreachable")) {
                    H.p {
                        H.strong {
                            "\(counted(unreachable.count, "entry", "entries")) of \(grouped(onRoll)) on the roll "
                                + "cannot be told of their ballot"
                        }
                        ": no work email and no account in the directory"
                            + (unreachable.contains { $0.personId == nil }
                                ? ", or no practice manager for a practice" : "")
                            + ". Add a work email (and invite them) in the people directory, or a practice manager "
                            + "for a practice: later messages, such as the reminder before voting closes, then reach "
                            + "them."
                    }
                    H.p {
                        unreachable.prefix(20).map(\.label).joined(separator: "; ")
                            + (unreachable.count > 20 ? " … and \(unreachable.count - 20) more (see the roll)." : ".")
                    }
                }
            }
            if runs {
                H.h2(.id("roll")) { "The roll" }
                H.p(.class("hint")) {
                    "Who has voted, never how: a cast ballot is stored with no link to its voter and no time."
                }
                rollTable().html(ctx)
            }
        }
    }

    func timetable(_ ctx: PageContext) -> Node {
        let e = election
        return H.fragment {
            H.h2(.id("timetable")) { "Timetable (UK time)" }
            H.table(.class("data")) {
                H.caption { "The timetable the server keeps to" }
                H.tbody {
                    if let o = e.nominationsOpen, let c = e.nominationsClose {
                        H.tr {
                            H.th(.attr("scope", "row")) { "Nominations" }
                            H.td { "\(Timetable.long(o)) to \(Timetable.long(c))" }
                        }
                    }
                    H.tr {
                        H.th(.attr("scope", "row")) { "Voting" }
                        H.td { "\(Timetable.long(e.votingOpen)) to \(Timetable.long(e.votingClose))" }
                    }
                }
            }
            if runs, let move = ElectionStore.Move.allCases.first(where: { $0.from == stage }) {
                H.form(.attr("method", "post"), .attr("action", ElectionsURL.move(.value(e.id)).path)) {
                    Layout.csrfField(ctx)
                    H.input(.type("hidden"), .name("move"), .value(move.rawValue))
                    H.button(.type("submit"), .class("button secondary")) { move.label }
                    H.span(.class("hint")) {
                        " Brings the next step of the timetable forward; recorded in the audit log."
                    }
                }
            }
            if runs && stage == .closed {
                H.form(.attr("method", "post"), .attr("action", ElectionsURL.tally(.value(e.id)).path)) {
                    Layout.csrfField(ctx)
                    H.button(.type("submit"), .class("button")) { "Count the votes" }
                }
            }
        }
    }

    func result(_ ctx: PageContext) -> Node {
        guard let r = election.result else { return .empty }
        let counted = election.countedAt.map(UKTime.format) ?? ""
        let e = election
        return H.div(.id("result")) {
            if let motion = r.motion {
                H.div(.class("result")) {
                    H.h2 { "Result" }
                    H.p { H.strong { motion.summary } }
                }
            } else if let unopposed = r.unopposed {
                H.div(.class("result")) {
                    H.h2 { "Result" }
                    H.p {
                        H.strong { "Elected unopposed: " }
                        unopposed.isEmpty ? "no one stood" : unopposed.joined(separator: ", ")
                    }
                }
            } else if let sheet = r.sheet {
                SheetView.summary(sheet)
                SheetView.table(sheet).html(ctx)
            }
            H.p(.class("hint")) {
                "\(grouped(r.voted)) of \(grouped(r.onRoll)) on the roll voted; \(grouped(r.papers)) ballot papers. "
                    + "Counted \(counted) by \(e.countedBy ?? "")."
            }
            H.p(.class("downloads")) {
                if r.sheet != nil {
                    H.link(ElectionsURL.election(.value(e.id)).csv([("table", "sheet")]), "Count sheet (CSV)")
                    " · "
                    H.link(ElectionsURL.sheet(.value(e.id)).path, "Count sheet (JSON)")
                    " · "
                }
                H.link(ElectionsURL.ballots(.value(e.id)).path, "The ballots (BLT file, anonymous)")
            }
            if let sheet = r.sheet { SheetView.stages(sheet) }
        }
    }

    func ballot(_ ctx: PageContext, form: EngagementForm, errors: FormErrors) -> Node {
        let open = mine.filter { !$0.done }
        guard !mine.isEmpty else { return .empty }
        return H.fragment {
            H.h2(.id("vote")) { "Your vote" }
            if stage == .voting && !open.isEmpty {
                BallotForm.render(
                    election, standing: standing, entries: open, action: ElectionsURL.vote(.value(election.id)).path,
                    form: form, errors: errors, ctx)
            } else if open.isEmpty {
                H.p { "You have voted. Your vote is stored with no link to you." }
            } else if [.closed, .counted].contains(stage) {
                H.p { "Voting has closed; you did not vote." }
            } else {
                H.p { "You are on the roll. Voting opens \(Timetable.long(election.votingOpen))." }
            }
        }
    }

    func candidatesSection(_ ctx: PageContext, form: EngagementForm, errors: FormErrors) -> Node {
        let e = election
        return H.fragment {
            H.h2(.id("candidates")) { "Candidates" }
            H.p(.class("hint")) {
                "A candidate stands once nominated by at least \(ElectionStore.minimumNominators) electors. "
                    + "A candidate "
                    + "may withdraw until nominations close."
            }
            if candidates.isEmpty { H.p { "No one has been nominated yet." } } else { candidatesTable().html(ctx) }
            let withdrawable = candidates.filter {
                !$0.withdrawn && (runs || ($0.personID != nil && $0.personID == userPerson))
            }
            if [.notOpen, .nominations].contains(stage) && !withdrawable.isEmpty {
                H.form(.attr("method", "post"), .attr("action", ElectionsURL.withdraw(.value(e.id)).path)) {
                    Layout.csrfField(ctx)
                    Layout.field("candidate", "Withdraw a candidate", errors) {
                        H.select(.id("candidate"), .name("candidate")) {
                            for c in withdrawable { H.option(String(c.id), c.name, selected: false) }
                        }
                    }
                    H.button(.type("submit"), .class("button secondary")) { "Withdraw" }
                }
            }
            if stage == .nominations && !mine.isEmpty {
                H.form(
                    .attr("method", "post"), .attr("action", ElectionsURL.nominate(.value(e.id)).path), .id("nominate")
                ) {
                    Layout.csrfField(ctx)
                    H.h3 { "Nominate a candidate, or second a nomination" }
                    Layout.field(
                        "person", "Candidate",
                        hint: "Anyone who may stand; choosing a candidate already nominated adds your nomination.",
                        errors
                    ) {
                        H.select(.id("person"), .name("person"), .aria("describedby", "person-hint")) {
                            H.option("", "Choose someone", selected: form.person == nil)
                            for p in eligible { H.option(String(p.id), p.name, selected: form.person == String(p.id)) }
                        }
                    }
                    if mine.count > 1 {
                        Layout.field("nominator", "Nominating as", errors) {
                            H.select(.id("nominator"), .name("nominator")) {
                                for line in mine {
                                    H.option(String(line.id), line.label, selected: form.nominator == String(line.id))
                                }
                            }
                        }
                    }
                    H.button(.type("submit"), .class("button")) { "Nominate" }
                }
            }
        }
    }
}
