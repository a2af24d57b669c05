import ConsortCore
import Vapor

func routes(_ app: Application) throws {
    app.get { req in try await RegistryController.home(req) }
    app.get("england.csv", use: RegistryController.home)
    app.get("practices", use: RegistryController.practices)
    app.get("practices.csv", use: RegistryController.practices)
    app.get("practices", ":code", use: RegistryController.practice)
    for kind in GroupKind.allCases {
        app.get(PathComponent(stringLiteral: kind.slug), use: RegistryController.groups)
        app.get(PathComponent(stringLiteral: kind.slug + ".csv"), use: RegistryController.groups)
    }
    app.get("groups", ":code", use: RegistryController.group)

    app.get("federations", "new", use: FederationController.newForm)
    app.post("federations", "new", use: FederationController.create)
    app.get("groups", ":code", "edit", use: FederationController.editForm)
    app.post("groups", ":code", "edit", use: FederationController.update)
    app.post("groups", ":code", "members", use: FederationController.addMember)
    app.post("groups", ":code", "members", ":id", use: FederationController.updateMember)

    app.get("login", use: AuthController.loginForm)
    app.post("login", use: AuthController.login)
    app.post("logout", use: AuthController.logout)
    app.get("account", use: AuthController.account)
    app.post("account", "password", use: AuthController.changePassword)

    app.get("audit", use: AdminController.audit)
    app.get("audit.csv", use: AdminController.audit)
    app.get("imports", use: AdminController.imports)
    app.get("imports.csv", use: AdminController.imports)
    app.get("imports", ":id", use: AdminController.importReport)
    app.get("help", use: HelpController.help)
    app.get("assurance", use: AssuranceController.page)
    app.get("assurance.csv", use: AssuranceController.page)
    app.get("policies", use: AssuranceController.policies)
    app.get("policies", ":name", use: AssuranceController.policyPage)
    app.get("finance", use: FinanceController.allocation)
    app.get("finance.csv", use: FinanceController.allocation)
    app.get("finance", "risk", use: FinanceController.risk)
    app.get("finance", "risk.csv", use: FinanceController.risk)
    app.get("finance", "models", use: FinanceController.modelsPage)
    app.get("finance", "models.csv", use: FinanceController.modelsPage)
    app.get("finance", "cost-model", use: FinanceController.costModelPage)
    app.get("plans", use: PlanController.list)
    app.get("plans.csv", use: PlanController.list)
    app.get("plans", "new", use: PlanController.newForm)
    app.post("plans", "new", use: PlanController.create)
    app.get("plans", ":id", use: PlanController.show)
    app.get("plans", ":id", "plan.csv", use: PlanController.planCSV)
    app.post("plans", ":id", "rename", use: PlanController.rename)
    app.post("plans", ":id", "adopt", use: PlanController.adopt)
    app.post("plans", ":id", "delete", use: PlanController.delete)

    app.get("static", "consort.css") { req -> Response in
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: Stylesheet.css))
    }
    app.get("health", use: HealthController.health)
    try APIController.register(app.grouped("api", "v1"))
}
