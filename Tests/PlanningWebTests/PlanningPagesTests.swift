import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import PlanningWeb
import Testing
import Vapor

private let officer = CurrentUser(
    id: 3, username: "officer", displayName: "Halton Officer", isDemo: false,
    grants: [RoleGrant(role: .consortiumOfficer, scope: "01F")])

private func row(_ id: Int64, _ name: String, status: String, progress: Double = 1, error: String? = nil) -> Plans.Row {
    Plans.Row(
        id: id, name: name, status: status, progress: progress,
        requestJson: #"{"policy":"pcn-2019","level":"network","within":"icb","areas":["01F"],"#
            + #""fromCurrent":true,"weights":{"compactness":1,"balance":1,"moves":0.5},"seed":1,"date":"2022-01-01"}"#,
        error: error, createdBy: "officer", createdAt: "2022-01-02T09:30:00Z", updatedAt: "2022-01-02T09:31:00Z",
        adoptedOn: nil, adoptedBy: nil)
}

@Suite("Planner pages: models and views")
struct PlanningPagesTests {
    @Test("The new-plan form: the defaults, and each error beside its field and in the summary")
    func form() {
        let fresh = PlanFormPage.new(
            policies: ["gp-consortia-2010", "pcn-2019"], today: Day(year: 2026, month: 12, day: 1)!)
        let html = fresh.render(mockContext(path: "/plans/new", user: officer)).html
        #expect(html.contains(#"value="2026-12-01""#))
        #expect(html.contains(#"<option value="pcn-2019" selected"#))
        #expect(!html.contains("There is a problem"))
        let wrong = fresh.render(
            mockContext(path: "/plans/new", user: officer), errors: [("seed", "Enter a whole number as the seed")],
            status: .badRequest)
        #expect(wrong.status == .badRequest)
        #expect(visibleText(wrong.html).contains("There is a problem Enter a whole number as the seed"))
    }

    @Test("The level list comes from the installed policies; a level the chosen policy lacks is refused by name")
    func levels() throws {
        let library = PolicyLibrary(directory: repositoryRoot.appendingPathComponent("policies"))
        let levels = PlanFormPage.levels(PolicyService(library: library))
        let named = Dictionary(uniqueKeysWithValues: levels.map { ($0.level.rawValue, $0.policies) })
        #expect(named["multi-neighbourhood"] == ["neighbourhood-2025"])
        #expect(named["icb"] == ["icb-2025"])
        #expect(named["network"]?.contains("pcn-2019") == true)
        #expect(levels.first?.level == .icb)  // largest first
        let html = PlanFormPage.new(policies: library.names, levels: levels, today: Day(year: 2026, month: 12, day: 1)!)
            .render(mockContext(path: "/plans/new", user: officer)).html
        #expect(
            html.contains(#"<option value="multi-neighbourhood">Multi-neighbourhood providers (neighbourhood-2025)"#))
        var request = Plans.Request(
            policy: "pcn-2019", level: .icb, within: "region", areas: [], fromCurrent: true,
            weights: .init(compactness: 1, balance: 1, moves: 1, preference: 1), seed: 1,
            date: Day(year: 2022, month: 1, day: 1)!)
        #expect {
            try Plans.options(for: request, library: library)
        } throws: { error in
            (error as? FieldProblem)?.field == "level"
                && "\((error as? FieldProblem)?.message ?? "")".contains(
                    "Policy pcn-2019 sets no rules for the icb level")
        }
        request.policy = "icb-2025"
        #expect(try Plans.options(for: request, library: library).0.level == .icb)
        #expect(
            Policy.Level.icb.defaultAtoms == .consortium && Policy.Level.multiNeighbourhood.defaultAtoms == .network)
    }

    @Test("The list links each plan and shows a running plan's progress; a plan without a result says why")
    func listAndPending() {
        let plans = PlansPage(
            rows: [row(2, "Halton networks", status: "running", progress: 0.4), row(1, "Old plan", status: "done")],
            total: 2, page: 1, canPlan: true)
        let table = plans.tables(mockContext(path: "/plans"))[0]
        #expect(table.rows.map { $0[5].text } == ["running (40%)", "done"])
        let html = plans.render(mockContext(path: "/plans", user: officer)).html
        #expect(html.contains(#"href="/plans/2""#))
        #expect(html.contains(#"href="/plans/new""#))
        #expect(
            !PlansPage(rows: [], total: 0, page: 1, canPlan: false).render(mockContext(path: "/plans")).html
                .contains(#"href="/plans/new""#))
        let running = PendingPlanPage(row: row(2, "Halton networks", status: "running"), progress: 0.4)
        #expect(visibleText(running.render(mockContext(path: "/plans/2")).html).contains("Planning: 40% done"))
        let failed = PendingPlanPage(row: row(3, "Broken", status: "failed", error: "No practices in 01F"), progress: 0)
        #expect(visibleText(failed.render(mockContext(path: "/plans/3")).html).contains("The plan failed No practices"))
    }

    @Test("Page models: the list from the database; a finished plan with what its maker may do; none while queued")
    func load() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let empty = try await PlansPage.load(page: 1, all: false, user: officer, on: Store.sql(app.db))
            #expect(empty.total == 0 && empty.canPlan)
            try await makeUser(app, "officer", .consortiumOfficer, scope: "01F")
            let client = TestClient(app: app)
            try await client.signIn("officer", testPassword)
            try await client.get("/plans/new")
            #expect(try await client.post("/plans/new", form: planForm).status == .seeOther)
            _ = try await waitForPlan(client, 1)
            let stored = try #require(try await Plans.find(1, on: Store.sql(app.db)))
            let maker = CurrentUser(
                id: 2, username: "officer", displayName: "officer", isDemo: false,
                grants: [RoleGrant(role: .consortiumOfficer, scope: "01F")])
            let plan = try #require(try await PlanPage.load(stored, user: maker, app: app))
            #expect(plan.request.areas == ["01F"])
            #expect(plan.canEdit)
            #expect(plan.result.plan.practiceCodes.count == 14)
            let other = CurrentUser(
                id: 9, username: "other", displayName: "other", isDemo: false,
                grants: [RoleGrant(role: .consortiumOfficer, scope: "02Q")])
            #expect(try await PlanPage.load(stored, user: other, app: app)?.canEdit == false)
            #expect(try await PlanPage.load(row(1, "Queued", status: "queued"), user: maker, app: app) == nil)
            let list = try await PlansPage.load(page: 1, all: false, user: maker, on: Store.sql(app.db))
            #expect(list.rows.map(\.name) == ["Halton networks"])
        }
    }
}
