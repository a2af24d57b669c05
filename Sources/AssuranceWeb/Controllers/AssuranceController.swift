import Assurance
import ConsortCore
import ConsortWeb
import Vapor

/// Configuration assurance: a policy's verdict on the registry at a date (C2).
package enum AssuranceController {
    /// The policy a request names, or the first of the folder (gp-consortia-2010 when shipped).
    package static func chosenPolicy(_ req: Request) throws -> Policy {
        if let name = QueryReader(req: req).string("policy") { return try req.application.policies.policy(named: name) }
        return try defaultPolicy(req.application)
    }

    /// The policy pages show when none is asked for: the GP consortia rules of 2010, else the first.
    package static func defaultPolicy(_ app: Application) throws -> Policy {
        let service = app.policies
        guard
            let first = service.library.names.first(where: { $0 == "gp-consortia-2010" }) ?? service.library.names.first
        else {
            throw Abort(
                .notFound,
                reason:
                    "No policies are installed. Set CONSORT_POLICY_DIR to a folder of policy files like the "
                    + "repository's policies/."
            )
        }
        return try service.policy(named: first)
    }

    package static func filters(_ req: Request) throws -> ReportPage.Filters {
        let q = QueryReader(req: req)
        var filters = ReportPage.Filters()
        filters.severity = try q.choice("severity", Policy.Severity.self, default: nil)
        filters.rule = try q.choice("rule", Finding.Rule.self, default: nil)
        if let text = q.string("level") {
            guard let level = Policy.Level(rawValue: text) else {
                throw BadParameter(
                    name: "level", value: text, expected: "a level of the policy, e.g. consortium or network")
            }
            filters.level = level
        }
        filters.text = q.string("q")
        filters.page = try q.int("page", range: 1...1_000_000) ?? 1
        return filters
    }

    @Sendable package static func page(_ req: Request) async throws -> Response {
        let (view, ctx) = try await req.registryContext()
        let page = try await ReportPage.load(
            policy: try chosenPolicy(req), view: view, filters: try filters(req), req: req)
        if let csv = try await alternate(page.tables(ctx), req) { return csv }
        return try await req.cachedPage(view: view) { page.render(ctx) }
    }

    @Sendable package static func policies(_ req: Request) async throws -> HTMLPage {
        try PoliciesPage.load(app: req.application).render(PageContext(request: req))
    }

    @Sendable package static func policyPage(_ req: Request) async throws -> HTMLPage {
        try PolicyPage.load(req.parameters.get("name") ?? "", app: req.application).render(PageContext(request: req))
    }

    // MARK: API

    @Sendable package static func apiReport(_ req: Request) async throws -> Response {
        let view = try await req.registryView(at: QueryReader(req: req).date().day)
        let policy = try chosenPolicy(req)
        return try await req.cachedJSON(view: view) {
            try await req.application.assuranceReports.report(policy, view: view, for: req)
        }
    }

    package struct PolicySummary: Content {
        package let name: String
        package let title: String
        package let version: String
        package let levels: [String]

        package init(name: String, title: String, version: String, levels: [String]) {
            self.name = name
            self.title = title
            self.version = version
            self.levels = levels
        }
    }

    @Sendable package static func apiPolicies(_ req: Request) async throws -> [PolicySummary] {
        try req.application.policies.allPolicies().map {
            PolicySummary(name: $0.name, title: $0.title, version: $0.version, levels: $0.levels.map(\.level.rawValue))
        }
    }

    @Sendable package static func apiPolicy(_ req: Request) async throws -> Policy {
        let name = req.parameters.get("name") ?? ""
        do { return try req.application.policies.policy(named: name) } catch is BadParameter {
            throw Abort(.notFound, reason: "There is no policy called \(name); GET /api/v1/policies lists them.")
        }
    }
}

extension Report: Content {}
extension Policy: Content {}
