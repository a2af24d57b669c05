import Charts
import ConsortCore
import ConsortWeb

/// The home page: England at a date. Its query is the registry at the date (shared by every
/// registry page and cached).
package struct HomePage: Sendable {
    package let view: RegistryView

    package init(view: RegistryView) {
        self.view = view
    }

    /// Practices by registered list size in bands of 2,000, the last band open (30,000 or more).
    package var sizeBins: [Histogram.Bin] {
        Histogram.bins(view.practices.compactMap(\.listSize), width: 2_000, cap: 30_000)
    }
}
