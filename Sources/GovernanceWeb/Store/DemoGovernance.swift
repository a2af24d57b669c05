import ConsortCore
import ConsortWeb
import Foundation
import Governance
import SQLKit
import Vapor

/// Governance for the demo consortium: generated board members (named "Demo …", marked demo)
/// with roles at real member practices, a governing body with a quorum rule, declarations and
/// nil returns, a past meeting at which the demo federation bid for a contract (the conflict is
/// found through a member's practice, managed and the decision recorded), gifts and hospitality,
/// and an anonymised breach. Made once.
package enum DemoGovernance {
    package static func ensure(_ app: Application, consortium: String, federation: String) async throws {
        let db = Store.sql(app.db)
        guard try await db.raw("SELECT id FROM gov_boards WHERE body_code = \(bind: consortium)").first() == nil else {
            return
        }
        let view = try await app.registryCache.view(at: Day.today(), on: db)
        guard let body = view.groups[consortium], let fed = view.groups[federation],
            let practice = view.members(of: fed).first?.code
        else { return }
        let other = view.members(of: body).map(\.code).first {
            !fed.members.map { view.practices[$0].code }.contains($0)
        }
        let system = CurrentUser(
            id: 0, username: "system:demo", displayName: "Demo", isDemo: true,
            grants: [RoleGrant(role: .administrator, scope: nil)])
        let year = Day.today().year
        let start = Day(year: year - 1, month: 4, day: 1)!
        var ids: [String: Int64] = [:]
        for name in [
            "Demo GP member A", "Demo GP member B", "Demo lay member C", "Demo lay member D", "Demo executive E",
            "Demo executive F", "Demo staff G",
        ] {
            ids[name] = try await GovernanceStore.addPerson(
                body: body, name: name + " (demo)", isDemo: true, by: system, app: app)
        }
        func person(_ name: String) async throws -> GovernanceStore.Person {
            try await GovernanceStore.person(ids[name]!, on: db)
        }
        try await GovernanceStore.addAffiliation(
            person: try await person("Demo GP member A"), body: body, organisation: practice, role: "GP partner",
            from: Day(year: year - 8, month: 1, day: 1)!.iso, to: nil, by: system, app: app)
        if let other {
            try await GovernanceStore.addAffiliation(
                person: try await person("Demo GP member B"), body: body, organisation: other, role: "Salaried GP",
                from: Day(year: year - 3, month: 9, day: 1)!.iso, to: nil, by: system, app: app)
        }
        let boardID = try await GovernanceStore.createBoard(
            body: body, name: "Governing body (demo)", by: system, app: app)
        var board = try await GovernanceStore.board(boardID, on: db)
        try await GovernanceStore.setQuorum(
            board, body: body, minimum: "4", atLeast: [.lay: "1", .executive: "1"], majority: [.lay, .executive],
            by: system, app: app)
        board = try await GovernanceStore.board(boardID, on: db)
        for (name, role) in [
            ("Demo GP member A", "gp"), ("Demo GP member B", "gp"), ("Demo lay member C", "chair"),
            ("Demo lay member D", "lay"),
            ("Demo executive E", "executive"), ("Demo executive F", "executive"),
        ] {
            try await GovernanceStore.addSeat(
                board, body: body, person: String(ids[name]!), role: role, from: start.iso, to: nil, by: system,
                app: app)
        }
        // Declarations: nil returns, an interest outside the registry, one ended last year; GP member A's
        // partnership is not declared.
        for name in ["Demo lay member C", "Demo executive E", "Demo GP member B"] {
            try await GovernanceStore.addDeclaration(
                person: try await person(name), body: body, kind: "nil", organisation: nil, description: nil,
                from: start.iso, to: nil, declaredOn: start.adding(days: 10).iso, by: system, app: app)
        }
        try await GovernanceStore.addDeclaration(
            person: try await person("Demo lay member D"), body: body, kind: "non-financial-personal",
            organisation: "Demo carers' charity",
            description: "Trustee", from: start.adding(days: -200).iso, to: nil, declaredOn: start.adding(days: 5).iso,
            by: system, app: app)
        try await GovernanceStore.addDeclaration(
            person: try await person("Demo executive F"), body: body, kind: "financial",
            organisation: "Demo Health Analytics Ltd",
            description: "Shareholder (sold)", from: start.adding(days: -400).iso,
            to: Day.today().adding(days: -60).iso,
            declaredOn: start.adding(days: 40).iso, by: system, app: app)
        // A meeting: the demo federation bids for the extended access contract.
        let meetingID = try await GovernanceStore.createMeeting(
            board, body: body, title: "Extended access contract (demo)", heldOn: Day.today().adding(days: -30).iso,
            by: system, app: app)
        let meeting = try await GovernanceStore.meeting(meetingID, on: db)
        try await GovernanceStore.setAttendance(
            meeting, board: board, body: body, present: ids.filter { $0.key != "Demo staff G" }.map(\.value),
            by: system, app: app)
        try await GovernanceStore.addItem(
            meeting, body: body, title: "Award the extended access contract", procurement: true, subjects: nil,
            bidders: federation,
            by: system, app: app)
        try await GovernanceStore.addItem(
            meeting, body: body, title: "Review of the member practices' prescribing", procurement: false,
            subjects: practice, bidders: nil,
            by: system, app: app)
        let items = try await GovernanceStore.items(meeting: meetingID, on: db)
        try await GovernanceStore.setAction(
            items[0], meeting: meeting, body: body, person: ids["Demo GP member A"]!,
            action: ConflictAction.excludedFromDiscussion.rawValue,
            reason: "", by: system, app: app)
        var votes: [Int64: Vote] = [:]
        for name in [
            "Demo GP member B", "Demo lay member C", "Demo lay member D", "Demo executive E", "Demo executive F",
        ] { votes[ids[name]!] = .inFavour }
        votes[ids["Demo GP member B"]!] = .abstain
        try await GovernanceStore.recordDecision(
            items[0], meeting: meeting, board: board, body: body,
            decision: "Award the contract to \(fed.name) for two years", votes: votes, by: system, app: app)
        // Gifts and hospitality.
        let lay = try await person("Demo lay member D")
        let exec = try await person("Demo executive E")
        for (who, kind, source, value, donor, what, promotional) in [
            (exec, "hospitality", "supplier", "45", "Demo Software Ltd", "Dinner after a product demonstration", false),
            (exec, "gift", "supplier", "5", "Demo Software Ltd", "Branded notebook", true),
            (lay, "hospitality", "other", "18", "Demo Hospice", "Lunch at an open day", false),
            (lay, "gift", "other", "60", "Demo patient group", "Hamper for the practice staff", false),
        ] {
            _ = try await GovernanceStore.addGift(
                body: body, person: who, kind: kind, source: source, promotional: promotional, donor: donor,
                description: what,
                value: value, receivedOn: Day.today().adding(days: -45).iso, approvedBy: nil, by: system, app: app)
        }
        try await GovernanceStore.addBreach(
            body: body, occurredOn: Day.today().adding(days: -100).iso,
            summary: "A member spoke on an item in which they had an interest before declaring it (demo)",
            action: "The item was discussed again at the next meeting without the member; the register was updated",
            by: system, app: app)
    }
}
