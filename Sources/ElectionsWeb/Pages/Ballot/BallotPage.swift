import ConsortCore
import ConsortWeb
import Vapor

/// Voting with a ballot credential (no sign-in needed): the ballot while voting is open, else
/// where the election stands; and the confirmation once cast, which shows nothing of the vote.
package struct BallotPage: Sendable {
    package let election: ElectionStore.Record
    package let entry: ElectionStore.RollLine
    package let standing: [ElectionStore.Candidate]
    package let form: EngagementForm
    package let errors: FormErrors

    package func render(_ ctx: PageContext, status: HTTPStatus = .ok) -> HTMLPage {
        let e = election
        let stage = e.stage(at: Timetable.now())
        return Layout.page("Ballot: \(e.title)", ctx, section: "elections", status: status) {
            H.h1 { "Ballot: \(Layout.demoName(e.title, isDemo: e.isDemo))" }
            if entry.done {
                H.p { "This ballot has been cast. Each ballot link works once." }
            } else if stage == .voting {
                H.p(.class("lead")) { "Voting closes \(Timetable.long(e.votingClose)) (UK time)." }
                BallotForm.render(
                    e, standing: standing, entries: [entry],
                    action: ctx.path, form: form,
                    errors: errors, ctx)
            } else {
                H.p {
                    "\(stage.label). Voting runs from \(Timetable.long(e.votingOpen)) to "
                        + "\(Timetable.long(e.votingClose)) (UK time)."
                }
            }
        }
    }

    /// The confirmation after a vote: that it was cast, nothing of what it said.
    package static func cast(_ e: ElectionStore.Record) -> DonePage {
        DonePage(
            heading: "Your vote has been cast",
            message: "\(e.title): your ballot is in the box, with no link to you. "
                + "The roll now shows that you have voted.")
    }
}
