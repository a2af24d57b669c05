import Charts
import ConsortCore
import ConsortWeb

/// The list of groups of one kind at the date, filtered and sorted by the query.
package struct GroupsPage: Sendable {
    package let view: RegistryView
    package let kind: GroupKind
    package let query: GroupQuery
    /// Every match, in the query's order.
    package let rows: [GroupInfo]
    /// Whether the reader may record a federation (the list of federations offers it).
    package let canCreate: Bool

    /// Runs the query on the registry at the date.
    package init(view: RegistryView, kind: GroupKind, query: GroupQuery, canCreate: Bool) {
        self.view = view
        self.kind = kind
        self.query = query
        self.canCreate = canCreate
        rows = query.run(kind: kind, on: view)
    }

    /// The groups with members, binned by registered patients into about 15 bands.
    package var sizeBins: (width: Int, bins: [Histogram.Bin]) {
        let sizes = rows.filter { !$0.members.isEmpty }.map(\.patients)
        let width = Histogram.niceWidth(maximum: sizes.max() ?? 1, target: 15)
        return (width, Histogram.bins(sizes, width: width))
    }
}
