import ConsortCore
import ConsortWeb
import Vapor

/// Accounts: signing in and out, the account page and password, and the audit log.
package let accountsFeature: Feature = {
    var feature = Feature(name: "accounts") { routes in
        routes.get("login", access: .anyone, use: AuthController.loginForm)
        routes.post("login", access: .anyone, use: AuthController.login)
        routes.post("logout", access: .anyone, use: AuthController.logout)
        routes.get("account", access: .signedIn, use: AuthController.account)
        routes.post("account", "password", access: .signedIn, use: AuthController.changePassword)
        routes.get("audit", access: .auditReader, use: AuditController.audit)
        routes.get("audit.csv", access: .auditReader, use: AuditController.audit)
    }
    feature.api = { api in
        api.get("audit", access: .auditReader, use: AccountsAPI.audit)
        api.get("me", access: .signedIn, use: AccountsAPI.me)
    }
    feature.footer = [NavItem(order: 10, key: "audit", href: SiteURL.audit, title: "Audit log", visible: Permissions.canReadAudit)]
    return feature
}()
