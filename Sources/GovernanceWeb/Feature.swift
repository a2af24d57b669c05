import ConsortCore
import ConsortWeb
import PeopleWeb
import Vapor

/// Governance (C5): registers, boards, meetings, conflicts found and managed, decisions and minutes.
package let governanceFeature: Feature = {
    var feature = Feature(name: "governance") { routes in
        routes.get(GovernanceURL.governance(.key), access: .anyone, use: GovernanceController.overview)
        // One's own declarations and gifts: the register entry a form names is checked to be one's own.
        routes.get(
            GovernanceURL.mine(.declarations), formats: [.html, .csv], access: .oneself,
            use: MineController.declarations)
        routes.post(GovernanceURL.mine(.declarations), access: .oneself, use: MineController.declare)
        routes.post(GovernanceURL.mineEnd, access: .oneself, use: MineController.end)
        routes.get(GovernanceURL.mine(.gifts), formats: [.html, .csv], access: .oneself, use: MineController.gifts)
        routes.post(GovernanceURL.mine(.gifts), access: .oneself, use: MineController.gift)
        routes.post(GovernanceURL.people(.key), access: .governanceOfficer, use: GovernanceController.addPerson)
        routes.post(GovernanceURL.boards(.key), access: .governanceOfficer, use: GovernanceController.createBoard)
        for register in GovernanceURL.Register.allCases {
            routes.get(GovernanceURL.register(.key, register), formats: [.html, .csv], access: .anyone) {
                try await GovernanceController.register($0, register)
            }
        }
        routes.post(GovernanceURL.register(.key, .gifts), access: .governanceOfficer, use: GovernanceController.addGift)
        routes.post(
            GovernanceURL.register(.key, .breaches), access: .governanceOfficer, use: GovernanceController.addBreach)
        routes.get(GovernanceURL.person(.key), access: .governancePerson, use: GovernanceController.personPage)
        for action in GovernanceURL.PersonAction.allCases {
            routes.post(GovernanceURL.personAction(.key, action), access: .governancePerson) {
                try await GovernanceController.personAction($0, action)
            }
        }
        routes.get(GovernanceURL.board(.key), access: .anyone, use: GovernanceController.boardPage)
        for action in GovernanceURL.BoardAction.allCases {
            routes.post(GovernanceURL.boardAction(.key, action), access: .governanceBoard) {
                try await GovernanceController.boardAction($0, action)
            }
        }
        routes.get(GovernanceURL.meeting(.key), access: .governanceMeeting, use: GovernanceController.meetingPage)
        routes.get(GovernanceURL.minutes(.key), access: .governanceMeeting, use: GovernanceController.minutes)
        for action in GovernanceURL.MeetingAction.allCases {
            routes.post(GovernanceURL.meetingAction(.key, action), access: .governanceMeeting) {
                try await GovernanceController.meetingAction($0, action)
            }
        }
        for action in GovernanceURL.ItemAction.allCases {
            routes.post(GovernanceURL.itemAction(.key, action), access: .governanceItem) {
                try await GovernanceController.itemAction($0, action)
            }
        }
    }
    feature.api = { routes in
        for register in GovernanceURL.Register.allCases {
            routes.get(GovernanceURL.API.register(.key, register), access: .anyone) {
                try await GovernanceController.register($0, register)
            }
        }
    }
    feature.migrations = [CreateGovernance(), LinkGovernancePeople()]
    feature.demo = { context in
        if let federation = context.federation {
            try await DemoGovernance.ensure(context.app, consortium: context.consortium, federation: federation)
        }
    }
    feature.groupSections = [.governance]
    feature.today = GovernancePanels.today
    feature.selfService = [
        NavItem(
            order: 10, key: "my-declarations", href: GovernanceURL.mine(.declarations).path,
            title: "My declarations of interest"),
        NavItem(order: 11, key: "my-gifts", href: GovernanceURL.mine(.gifts).path, title: "My gifts and hospitality"),
    ]
    feature.personPanels = { person, app in try await GovernanceStore.registerPanel(person, app: app) }
    feature.sweep = { app, day in try await DeclarationSweep.run(app, on: day) }
    feature.openAPI = OpenAPI.governance
    return feature
}()
