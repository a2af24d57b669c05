import ConsortWeb

/// The sign-in form: where to go after, and the username typed (kept when the form is refused).
/// It reads nothing: the session it needs is started by the controller.
package struct SignInPage: Sendable {
    package let next: String?
    package let username: String

    package init(next: String?, username: String = "") {
        self.next = next
        self.username = username
    }
}
