import ConsortCore
import Vapor

/// Every page route, each with the access rule checked before its handler runs. One route per
/// action: no `:action` wildcards.
func routes(_ app: Application) throws {
    app.get(access: .anyone) { req in try await RegistryController.home(req) }
    app.get("england.csv", access: .anyone, use: RegistryController.home)
    app.get("practices", access: .anyone, use: RegistryController.practices)
    app.get("practices.csv", access: .anyone, use: RegistryController.practices)
    app.get("practices", ":code", access: .anyone, use: RegistryController.practice)
    for kind in GroupKind.allCases {
        app.get(PathComponent(stringLiteral: kind.slug), access: .anyone, use: RegistryController.groups)
        app.get(PathComponent(stringLiteral: kind.slug + ".csv"), access: .anyone, use: RegistryController.groups)
    }
    app.get("groups", ":code", access: .anyone, use: RegistryController.group)

    app.get("federations", "new", access: .federationCreator, use: FederationController.newForm)
    app.post("federations", "new", access: .federationCreator, use: FederationController.create)
    app.get("groups", ":code", "edit", access: .federationEditor, use: FederationController.editForm)
    app.post("groups", ":code", "edit", access: .federationEditor, use: FederationController.update)
    app.post("groups", ":code", "members", access: .federationEditor, use: FederationController.addMember)
    app.post("groups", ":code", "members", ":id", access: .federationEditor, use: FederationController.updateMember)
    app.get("practices", ":code", "invitations", access: .practiceManager, use: InvitationController.practicePage)
    for action in ["accept", "decline"] {
        app.post("federation-invitations", ":id", PathComponent(stringLiteral: action), access: .invitationPractice) {
            try await InvitationController.answer($0, action)
        }
    }
    app.post("federation-invitations", ":id", "withdraw", access: .invitationFederation) { try await InvitationController.answer($0, "withdraw") }

    app.get("login", access: .anyone, use: AuthController.loginForm)
    app.post("login", access: .anyone, use: AuthController.login)
    app.post("logout", access: .anyone, use: AuthController.logout)
    app.get("account", access: .signedIn, use: AuthController.account)
    app.post("account", "password", access: .signedIn, use: AuthController.changePassword)

    app.get("audit", access: .auditReader, use: AdminController.audit)
    app.get("audit.csv", access: .auditReader, use: AdminController.audit)
    app.get("imports", access: .anyone, use: AdminController.imports)
    app.get("imports.csv", access: .anyone, use: AdminController.imports)
    app.get("imports", ":id", access: .anyone, use: AdminController.importReport)
    app.get("help", access: .anyone, use: HelpController.help)
    app.get("assurance", access: .anyone, use: AssuranceController.page)
    app.get("assurance.csv", access: .anyone, use: AssuranceController.page)
    app.get("policies", access: .anyone, use: AssuranceController.policies)
    app.get("policies", ":name", access: .anyone, use: AssuranceController.policyPage)
    app.get("finance", access: .anyone, use: FinanceController.allocation)
    app.get("finance.csv", access: .anyone, use: FinanceController.allocation)
    app.get("finance", "risk", access: .anyone, use: FinanceController.risk)
    app.get("finance", "risk.csv", access: .anyone, use: FinanceController.risk)
    app.get("finance", "models", access: .anyone, use: FinanceController.modelsPage)
    app.get("finance", "models.csv", access: .anyone, use: FinanceController.modelsPage)
    app.get("finance", "cost-model", access: .anyone, use: FinanceController.costModelPage)
    app.get("plans", access: .planner, use: PlanController.list)
    app.get("plans.csv", access: .planner, use: PlanController.list)
    app.get("plans", "new", access: .planner, use: PlanController.newForm)
    app.post("plans", "new", access: .planner, use: PlanController.create)
    app.get("plans", ":id", access: .planner, use: PlanController.show)
    app.get("plans", ":id", "plan.csv", access: .planner, use: PlanController.planCSV)
    app.post("plans", ":id", "rename", access: .planEditor, use: PlanController.rename)
    app.post("plans", ":id", "adopt", access: .planEditor, use: PlanController.adopt)
    app.post("plans", ":id", "delete", access: .planEditor, use: PlanController.delete)

    app.get("hubs", access: .staff, use: AccessController.hubList)
    app.get("hubs.csv", access: .staff, use: AccessController.hubList)
    app.get("hubs", ":id", access: .hubViewer, use: AccessController.hubPage)
    app.post("hubs", ":id", access: .hubManager, use: AccessController.updateHub)
    app.post("hubs", ":id", "templates", access: .hubManager, use: AccessController.changeTemplates)
    app.get("hub-slots", ":id", "book", access: .slotBooker, use: AccessController.bookForm)
    app.post("hub-slots", ":id", "book", access: .slotBooker, use: AccessController.book)
    app.post("hub-bookings", ":id", access: .bookingEditor, use: AccessController.changeBooking)
    app.get("practices", ":code", "hub-appointments", access: .practiceAppointments, use: AccessController.practiceAppointments)
    app.get("practices", ":code", "hub-appointments.csv", access: .practiceAppointments, use: AccessController.practiceAppointments)
    app.get("groups", ":code", "access", access: .groupAccess, use: AccessController.overview)
    app.get("groups", ":code", "access.csv", access: .groupAccess, use: AccessController.overview)
    app.post("groups", ":code", "access", "hubs", access: .groupAccessManager, use: AccessController.createHub)
    app.post("groups", ":code", "access", "rotas", access: .groupAccessManager, use: AccessController.buildRota)
    app.get("groups", ":code", "access", "clinicians", access: .groupAccessManager, use: AccessController.clinicians)
    app.get("groups", ":code", "access", "clinicians.csv", access: .groupAccessManager, use: AccessController.clinicians)
    app.post("groups", ":code", "access", "clinicians", access: .groupAccessManager, use: AccessController.saveClinician)
    app.get("groups", ":code", "access", "clinicians", ":id", access: .groupAccessManager, use: AccessController.editClinicianForm)
    app.post("groups", ":code", "access", "clinicians", ":id", access: .groupAccessManager, use: AccessController.saveClinician)
    app.get("rotas", ":id", access: .rotaManager, use: AccessController.rotaPage)
    app.get("rotas", ":id", "rota.csv", access: .rotaManager, use: AccessController.rotaPage)
    for action in ["assign", "add", "remove", "not-run", "publish", "delete"] {
        app.post("rotas", ":id", PathComponent(stringLiteral: action), access: .rotaManager) { try await AccessController.rotaAction($0, action) }
    }
    // A secret address shown only to the hub's managers: calendar programs cannot sign in.
    app.get("calendar", ":token", access: .anyone, use: AccessController.calendar)

    app.get("groups", ":code", "governance", access: .anyone, use: GovernanceController.overview)
    app.post("groups", ":code", "governance", "people", access: .governanceOfficer, use: GovernanceController.addPerson)
    app.post("groups", ":code", "governance", "boards", access: .governanceOfficer, use: GovernanceController.createBoard)
    for register in ["interests", "gifts", "procurement", "breaches"] {
        let handler: @Sendable (Request) async throws -> Response = { req in try await GovernanceController.register(req, register) }
        app.get("groups", ":code", "governance", PathComponent(stringLiteral: register), access: .anyone, use: handler)
        app.get("groups", ":code", "governance", PathComponent(stringLiteral: register + ".csv"), access: .anyone, use: handler)
    }
    app.post("groups", ":code", "governance", "gifts", access: .governanceOfficer, use: GovernanceController.addGift)
    app.post("groups", ":code", "governance", "breaches", access: .governanceOfficer, use: GovernanceController.addBreach)
    app.get("governance", "people", ":id", access: .governancePerson, use: GovernanceController.personPage)
    for action in ["affiliations", "declarations", "end", "end-role"] {
        app.post("governance", "people", ":id", PathComponent(stringLiteral: action), access: .governancePerson) {
            try await GovernanceController.personAction($0, action)
        }
    }
    app.get("governance", "boards", ":id", access: .anyone, use: GovernanceController.boardPage)
    for action in ["seats", "end-seat", "quorum", "meetings"] {
        app.post("governance", "boards", ":id", PathComponent(stringLiteral: action), access: .governanceBoard) {
            try await GovernanceController.boardAction($0, action)
        }
    }
    app.get("governance", "meetings", ":id", access: .governanceMeeting, use: GovernanceController.meetingPage)
    app.get("governance", "meetings", ":id", "minutes.md", access: .governanceMeeting, use: GovernanceController.minutes)
    for action in ["attendance", "items"] {
        app.post("governance", "meetings", ":id", PathComponent(stringLiteral: action), access: .governanceMeeting) {
            try await GovernanceController.meetingAction($0, action)
        }
    }
    for action in ["actions", "decision"] {
        app.post("governance", "items", ":id", PathComponent(stringLiteral: action), access: .governanceItem) {
            try await GovernanceController.itemAction($0, action)
        }
    }

    app.get("static", "consort.css", access: .anyone) { _ -> Response in
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: Stylesheet.css))
    }
    app.get("health", access: .anyone, use: HealthController.health)
    try APIController.register(app.grouped("api", "v1"))
}
