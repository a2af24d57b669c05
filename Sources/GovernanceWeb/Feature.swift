import ConsortCore
import ConsortWeb
import Vapor

/// Governance (C5): registers, boards, meetings, conflicts found and managed, decisions and minutes.
package let governanceFeature: Feature = {
    var feature = Feature(name: "governance") { routes in
        routes.get("groups", ":code", "governance", access: .anyone, use: GovernanceController.overview)
        routes.post("groups", ":code", "governance", "people", access: .governanceOfficer, use: GovernanceController.addPerson)
        routes.post("groups", ":code", "governance", "boards", access: .governanceOfficer, use: GovernanceController.createBoard)
        for register in ["interests", "gifts", "procurement", "breaches"] {
            let handler: @Sendable (Request) async throws -> Response = { req in try await GovernanceController.register(req, register) }
            routes.get("groups", ":code", "governance", PathComponent(stringLiteral: register), access: .anyone, use: handler)
            routes.get("groups", ":code", "governance", PathComponent(stringLiteral: register + ".csv"), access: .anyone, use: handler)
        }
        routes.post("groups", ":code", "governance", "gifts", access: .governanceOfficer, use: GovernanceController.addGift)
        routes.post("groups", ":code", "governance", "breaches", access: .governanceOfficer, use: GovernanceController.addBreach)
        routes.get("governance", "people", ":id", access: .governancePerson, use: GovernanceController.personPage)
        for action in ["affiliations", "declarations", "end", "end-role"] {
            routes.post("governance", "people", ":id", PathComponent(stringLiteral: action), access: .governancePerson) {
                try await GovernanceController.personAction($0, action)
            }
        }
        routes.get("governance", "boards", ":id", access: .anyone, use: GovernanceController.boardPage)
        for action in ["seats", "end-seat", "quorum", "meetings"] {
            routes.post("governance", "boards", ":id", PathComponent(stringLiteral: action), access: .governanceBoard) {
                try await GovernanceController.boardAction($0, action)
            }
        }
        routes.get("governance", "meetings", ":id", access: .governanceMeeting, use: GovernanceController.meetingPage)
        routes.get("governance", "meetings", ":id", "minutes.md", access: .governanceMeeting, use: GovernanceController.minutes)
        for action in ["attendance", "items"] {
            routes.post("governance", "meetings", ":id", PathComponent(stringLiteral: action), access: .governanceMeeting) {
                try await GovernanceController.meetingAction($0, action)
            }
        }
        for action in ["actions", "decision"] {
            routes.post("governance", "items", ":id", PathComponent(stringLiteral: action), access: .governanceItem) {
                try await GovernanceController.itemAction($0, action)
            }
        }
    }
    feature.api = { api in
        for register in ["interests", "gifts", "procurement", "breaches"] {
            api.get("groups", ":code", "governance", PathComponent(stringLiteral: register), access: .anyone) { req in
                try await GovernanceController.register(req, register)
            }
        }
    }
    feature.migrations = [CreateGovernance()]
    feature.demo = { context in
            if let federation = context.federation {
                try await DemoGovernance.ensure(context.app, consortium: context.consortium, federation: federation)
            }
        }
    feature.groupSections = [.governance]
    return feature
}()
