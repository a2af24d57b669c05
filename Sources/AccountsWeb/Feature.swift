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
        routes.post(AccountsURL.accountPassword, access: .signedIn, use: AuthController.changePassword)
        routes.get(AccountsURL.audit, formats: [.html, .csv], access: .auditReader, use: AuditController.audit)
    }
    feature.api = { routes in
        routes.get(AccountsURL.API.audit, access: .auditReader, use: AccountsAPI.audit)
        routes.get(AccountsURL.API.me, access: .signedIn, use: AccountsAPI.me)
    }
    feature.footer = [
        NavItem(
            order: 10, key: "audit", href: AccountsURL.audit.path, title: "Audit log", visible: Permissions.canReadAudit
        )
    ]
    feature.openAPI = OpenAPI.accounts
    return feature
}()
