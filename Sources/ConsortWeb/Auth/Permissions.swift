/// Who may do what. The rules follow PRODUCT.md's roles: administrators may do everything; a
/// consortium officer manages structure within their consortium; a federation manager manages
/// only their own federation; everyone else reads. Each capability adds its own rules.
package enum Permissions {
    /// Practices whose staff the user is (practice managers and clinicians).
    package static func staffPractices(_ user: CurrentUser) -> Set<String> {
        Set(user.scopes(of: .practiceManager) + user.scopes(of: .clinician))
    }
}
