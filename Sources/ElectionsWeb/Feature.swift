import ConsortCore
import ConsortWeb
import Vapor

/// Engagement (C9): elections by single transferable vote, practice votes and motions with secret
/// ballots, rolls drawn from the registry and the people directory, nominations and a timetable
/// the server keeps to, the full count sheet; surveys with templates, reminders and results; and
/// counting any BLT ballot file.
package let electionsFeature: Feature = {
    var feature = Feature(name: "elections") { routes in
        routes.get(ElectionsURL.count, access: .staff, use: CountController.form)
        routes.post(ElectionsURL.count, access: .staff, use: CountController.count)
        routes.get(ElectionsURL.list, access: .signedIn, use: ElectionsController.list)
        routes.get(ElectionsURL.new, access: .pollCreator, use: ElectionsController.newForm)
        routes.post(ElectionsURL.new, access: .pollCreator, use: ElectionsController.create)
        routes.get(
            ElectionsURL.election(.key), formats: [.html, .csv], access: .electionViewer, use: ElectionsController.show)
        routes.post(ElectionsURL.nominate(.key), access: .electionElector, use: ElectionsController.nominate)
        routes.post(ElectionsURL.withdraw(.key), access: .electionViewer, use: ElectionsController.withdraw)
        routes.post(ElectionsURL.move(.key), access: .electionManager, use: ElectionsController.move)
        routes.post(ElectionsURL.vote(.key), access: .electionElector, use: ElectionsController.vote)
        routes.post(ElectionsURL.tally(.key), access: .electionManager, use: ElectionsController.tally)
        routes.get(ElectionsURL.sheet(.key), access: .electionViewer, use: ElectionsController.sheet)
        routes.get(ElectionsURL.ballots(.key), access: .electionViewer, use: ElectionsController.ballots)
        routes.get(ElectionsURL.ballot(.key), access: .ballotHolder, use: ElectionsController.ballotForm)
        routes.post(ElectionsURL.ballot(.key), access: .ballotHolder, use: ElectionsController.castWithCredential)
        routes.get(SurveysURL.list, access: .signedIn, use: ElectionsController.list)
        routes.get(SurveysURL.new, access: .pollCreator, use: SurveysController.newForm)
        routes.post(SurveysURL.new, access: .pollCreator, use: SurveysController.create)
        routes.get(SurveysURL.survey(.key), access: .surveyViewer, use: SurveysController.show)
        routes.post(SurveysURL.respond(.key), access: .surveyRespondent, use: SurveysController.respond)
        routes.get(
            SurveysURL.results(.key), formats: [.html, .csv], access: .surveyManager, use: SurveysController.results)
        routes.get(SurveysURL.answer(.key), access: .ballotHolder, use: SurveysController.answerForm)
        routes.post(SurveysURL.answer(.key), access: .ballotHolder, use: SurveysController.answerWithCredential)
    }
    feature.navigation = [
        NavItem(order: 88, key: "elections", href: ElectionsURL.list.path, title: "Elections") { user in user != nil }
    ]
    feature.migrations = [CreateEngagement(), SealPapers()]
    feature.sweep = { app, day in try await EngagementSweep.run(app, on: day) }
    feature.demo = { context in try await DemoEngagement.make(context) }
    feature.today = EngagementPanels.today
    return feature
}()
