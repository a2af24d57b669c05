import Charts
import ConsortCore
import ConsortWeb

/// A histogram's figures as a table (under "Show the figures as a table", and for CSV).
package func binsTable(
    _ bins: [Histogram.Bin], _ ctx: PageContext, id: String, caption: String, unit: String, file: String
) -> DataTable {
    DataTable(
        id: id, caption: caption,
        columns: [.init(title: "Registered patients"), .init(title: unit, numeric: true)],
        rows: bins.map { [.text($0.label), .number($0.count)] }, fileName: file)
}

/// The patient-weighted mean IMD 2019 score of practices (the deprivation of the patients a
/// group serves), over the practices with both a score and a list size.
package func meanIMD(_ practices: [PracticeInfo]) -> Double? {
    var weight = 0.0
    var sum = 0.0
    for p in practices {
        guard let score = p.imdScore, let size = p.listSize, size > 0 else { continue }
        weight += Double(size)
        sum += score * Double(size)
    }
    return weight > 0 ? sum / weight : nil
}
