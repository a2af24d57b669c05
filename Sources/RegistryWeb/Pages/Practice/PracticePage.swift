import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// One practice's page: its details, its groups at the date, its membership and list-size
/// history, and maps.
package struct PracticePage: Sendable {
    /// The practice's record, every membership it has had and every list size recorded.
    package let history: PracticeHistory
    /// The registry at the page's date.
    package let view: RegistryView

    package init(history: PracticeHistory, view: RegistryView) {
        self.history = history
        self.view = view
    }

    /// Loads the practice with `code`; 404 when the registry has never held it.
    package static func load(code: String, view: RegistryView, on db: any SQLDatabase) async throws -> PracticePage {
        guard let history = try await PracticeHistory.load(code: code, on: db) else {
            throw Abort(
                .notFound,
                reason:
                    "There is no practice with the code \(code) in the registry. Search for it by name or postcode "
                    + "on the practices page."
            )
        }
        return PracticePage(history: history, view: view)
    }
}
