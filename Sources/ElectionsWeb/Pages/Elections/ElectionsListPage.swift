import ConsortCore
import ConsortWeb
import Vapor

/// The elections and surveys a user runs or is on the roll of.
package struct ElectionsListPage: Sendable {
    package let elections: [ElectionStore.Record]
    package let surveys: [SurveyStore.Record]
    package let canCreate: Bool
    package let now: Int64
    package let today: Day

    package func render(_ ctx: PageContext) -> HTMLPage {
        Layout.page("Elections and surveys", ctx, section: "elections") {
            H.h1 { "Elections and surveys" }
            H.p(.class("lead")) {
                "Elections of leaders by single transferable vote, practice votes and motions, and surveys of GPs "
                    + "and practices, each with its roll drawn from the registry and the people directory. Ballots "
                    + "are secret: no one, not even an administrator with the whole database, can tell how anyone "
                    + "voted."
            }
            if canCreate {
                H.p {
                    H.link(ElectionsURL.new.path, "Set up an election or motion", .class("button"))
                    " "
                    H.link(SurveysURL.new.path, "Set up a survey", .class("button secondary"))
                }
            }
            H.h2 { "Elections" }
            if elections.isEmpty {
                H.p { "There are no elections you run or are on the roll of." }
            } else {
                H.ul(.class("plain-list")) {
                    for e in elections {
                        H.li {
                            H.link(ElectionsURL.election(.value(e.id)).path, Layout.demoName(e.title, isDemo: e.isDemo))
                            " – \(e.kind.label); \(e.stage(at: now).label.lowercased()); voting "
                                + "\(Timetable.long(e.votingOpen)) to \(Timetable.long(e.votingClose))"
                        }
                    }
                }
            }
            H.h2 { "Surveys" }
            if surveys.isEmpty {
                H.p { "There are no surveys you run or are asked to answer." }
            } else {
                H.ul(.class("plain-list")) {
                    for s in surveys {
                        H.li {
                            H.link(SurveysURL.survey(.value(s.id)).path, Layout.demoName(s.title, isDemo: s.isDemo))
                            " – " + (s.isOpen(on: today) ? "open" : today < s.opens ? "opens" : "closed")
                                + " \(s.opens.long) to \(s.closes.long)"
                        }
                    }
                }
            }
            H.h2 { "Count a ballot file" }
            H.p {
                "To count an election run elsewhere, or check a count, "
                H.link(ElectionsURL.count.path, "paste its ballot file (BLT)")
                "."
            }
        }
    }
}
