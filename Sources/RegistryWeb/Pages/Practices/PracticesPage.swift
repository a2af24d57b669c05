import ConsortCore
import ConsortWeb

/// The practice search page: the practices open at the date that match the query.
package struct PracticesPage: Sendable {
    package let view: RegistryView
    package let query: PracticeQuery
    /// Indexes into `view.practices` of every match, in the query's order.
    package let rows: [Int]

    /// Runs the query on the registry at the date.
    package init(view: RegistryView, query: PracticeQuery) {
        self.view = view
        self.query = query
        rows = query.run(on: view)
    }
}
