import ConsortCore
import ConsortWeb
import Vapor

/// Accounts: signing in and out, the account page and password, and the audit log.
package let accountsFeature: Feature = {
    var feature = Feature(name: "accounts") { routes in
        routes.get(SiteURL.login, access: .anyone, use: AuthController.loginForm)
        routes.post(SiteURL.login, access: .anyone, use: AuthController.login)
        routes.post(SiteURL.logout, access: .anyone, use: AuthController.logout)
        routes.get(SiteURL.account, access: .signedIn, use: AuthController.account)
        routes.get(AccountsURL.today, formats: [.html, .csv], access: .signedIn) { req -> Response in
            let page = try await TodayPage.load(try req.requireUser(), req)
            if let csv = try await alternate(page.tables, req) { return csv }
            return try await page.render(PageContext(request: req)).encodeResponse(for: req)
        }
        routes.post(AccountsURL.accountPassword, access: .signedIn, use: AuthController.changePassword)
        routes.get(AccountsURL.audit, formats: [.html, .csv], access: .auditReader, use: AuditController.audit)
    }
    feature.api = { routes in
        routes.get(AccountsURL.API.audit, access: .auditReader, use: AccountsAPI.audit)
        routes.get(AccountsURL.API.me, access: .signedIn, use: AccountsAPI.me)
    }
    feature.navigation = [
        NavItem(order: 5, key: "today", href: AccountsURL.today.path, title: "Today") { $0 != nil }
    ]
    feature.today = { user, req in
        guard user.isAdministrator else { return [] }
        return [try await AuditPanel.today(req)]
    }
    feature.footer = [
        NavItem(
            order: 10, key: "audit", href: AccountsURL.audit.path, title: "Audit log", visible: Permissions.canReadAudit
        )
    ]
    feature.openAPI = OpenAPI.accounts
    return feature
}()
