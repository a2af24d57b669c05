import ConsortCore
import ConsortWeb
import Vapor

/// Who may run and take part in elections and surveys.
extension Permissions {
    /// Running a poll for some groups: administrators, and those who manage every one of them (a
    /// federation's or network's managers, a consortium's officers, the LMC's officers for its
    /// consortia).
    /// Whether the user runs polls for every one of `groups`: groups they manage or are an
    /// officer of, and for an LMC officer also the groups within their LMC's area (an LMC for an
    /// ICB gives its consortia and networks), found in `view`.
    package static func canRunPoll(_ groups: [String], _ user: CurrentUser?, view: RegistryView) -> Bool {
        guard let user, !groups.isEmpty else { return false }
        if user.isAdministrator { return true }
        let lmc = Set(user.scopes(of: .lmcOfficer))
        let mine = Set(user.scopes(of: .federationManager) + user.scopes(of: .consortiumOfficer)).union(lmc)
        return groups.allSatisfy { code in
            mine.contains(code)
                || (!lmc.isEmpty && view.ancestors(of: code).contains { lmc.contains($0.code) })
        }
    }
}

extension Scope {
    /// Everyone who may run a poll for some group.
    package static let pollRunners: Set<Role> = [.administrator, .federationManager, .consortiumOfficer, .lmcOfficer]

    /// The poll named by `:id`, if the user runs it or is on its roll (as a person or as the
    /// manager of a practice on it); otherwise the same 404 as for a poll that does not exist.
    static func poll(_ poll: Poll, _ req: Request, _ user: CurrentUser) async throws -> (groups: [String], runs: Bool) {
        let id = try Scope.id(req, poll.rawValue)
        let db = Store.sql(req.db)
        struct R: Decodable { let groupCodes: String }
        guard
            let row = try await db.raw("SELECT group_codes FROM \(unsafeRaw: poll.table) WHERE id = \(bind: id)")
                .first(decoding: R.self, with: snakeCaseRows)
        else { throw Scope.hidden(poll.rawValue, req) }
        let groups = row.groupCodes.split(separator: ",").map(String.init)
        if Permissions.canRunPoll(groups, user, view: try await req.registryView(at: Day.today())) {
            return (groups, true)
        }
        guard try await ElectionStore.rollPolls(of: user, poll, on: db).contains(id) else {
            throw Scope.hidden(poll.rawValue, req)
        }
        return (groups, false)
    }
}

/// The access rules of the engagement routes (see `Access`).
extension Access {
    package static let pollCreator = Access("poll-creator", roles: Scope.pollRunners)

    package static let electionViewer = Access("election-viewer", roles: []) { req, user in
        _ = try await Scope.poll(.election, req, user)
    }

    package static let electionManager = Access("election-manager", roles: Scope.pollRunners) { req, user in
        guard try await Scope.poll(.election, req, user).runs else {
            throw NotPermitted(description: "Only those who run this election can do this.")
        }
    }

    package static let electionElector = Access("election-elector", roles: []) { req, user in
        let runs = try await Scope.poll(.election, req, user).runs
        let entries = try await ElectionStore.entries(
            of: user, .election, id: Scope.id(req, "election"), on: Store.sql(req.db))
        guard !runs || !entries.isEmpty else {
            throw NotPermitted(description: "Only those on the election's roll can do this.")
        }
    }

    package static let surveyViewer = Access("survey-viewer", roles: []) { req, user in
        _ = try await Scope.poll(.survey, req, user)
    }

    package static let surveyManager = Access("survey-manager", roles: Scope.pollRunners) { req, user in
        guard try await Scope.poll(.survey, req, user).runs else {
            throw NotPermitted(description: "Only those who run this survey can see its results while it is open.")
        }
    }

    package static let surveyRespondent = Access("survey-respondent", roles: []) { req, user in
        let runs = try await Scope.poll(.survey, req, user).runs
        let entries = try await ElectionStore.entries(
            of: user, .survey, id: Scope.id(req, "survey"), on: Store.sql(req.db))
        guard !runs || !entries.isEmpty else {
            throw NotPermitted(description: "Only those on the survey's roll can answer it.")
        }
    }

    /// A ballot credential is its own authority: anyone holding one may use it once.
    package static let ballotHolder = Access.link("ballot-holder")
}
