import ConsortCore
import Foundation
import Interop

/// Indicator values read from a CSV file in either of two layouts:
///
/// - **Consort's** (as shipped in `data/quality/`): `indicator_id, indicator_name, period,
///   area_code, area_name, area_type, numerator, denominator`.
/// - **Fingertips'** data export: `Indicator ID`, `Area Code`, `Area Name`, `Area Type`,
///   `Time period`, `Count`, `Denominator` (area type `GPs` is a practice, `England` England);
///   rows of a breakdown (a non-empty `Category Type`) and rows without counts (suppressed) are
///   left out. The export's own `Value` and confidence limits are ignored: Consort computes them.
///
/// A missing column, a count that is not a number, a negative count or a numerator above its
/// denominator is refused with the file, the line and the column.
public struct IndicatorFile: Sendable {
    public enum Layout: String, Sendable { case consort, fingertips }

    public let layout: Layout
    public let values: [IndicatorValue]
    /// Rows left out (breakdowns, suppressed counts).
    public let skipped: Int
    /// Rows without an indicator id that took the id of the rows with the same indicator name (the
    /// shipped QOF file's 2023/24 rows carry no id).
    public let inferredIDs: Int

    public static func read(_ text: String, file: String) throws -> IndicatorFile {
        let records: [CSVRecord]
        do { records = try CSVReader.parse(text, file: file) } catch let e as CSVError {
            throw QualityError(file: file, line: e.line, column: nil, e.reason)
        }
        guard let header = records.first else {
            throw QualityError(file: file, line: 1, column: nil, "the file is empty")
        }
        let headings = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        func index(_ name: String) -> Int? { headings.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame } }
        let layout: Layout
        let columns: [String]
        if index("indicator_id") != nil {
            layout = .consort
            columns = ["indicator_id", "period", "area_code", "area_name", "area_type", "numerator", "denominator"]
        } else if index("Indicator ID") != nil {
            layout = .fingertips
            columns = ["Indicator ID", "Time period", "Area Code", "Area Name", "Area Type", "Count", "Denominator"]
        } else {
            throw QualityError(
                file: file, line: header.line, column: nil,
                "neither Consort's layout (indicator_id, period, area_code, …, numerator, denominator) nor a "
                    + "Fingertips export (Indicator ID, Time period, Area Code, …, Count, Denominator)")
        }
        var at: [Int] = []
        for name in columns {
            guard let i = index(name) else {
                throw QualityError(file: file, line: header.line, column: name, "the column is missing")
            }
            at.append(i)
        }
        let category = layout == .fingertips ? index("Category Type") : nil
        var values: [IndicatorValue] = []
        var names: [String] = []
        var skipped = 0
        for record in records.dropFirst() {
            let f = record.fields
            if f.count == 1 && f[0].isEmpty { continue }
            func field(_ k: Int) -> String {
                at[k] < f.count ? f[at[k]].trimmingCharacters(in: .whitespaces) : ""
            }
            if let category, category < f.count, !f[category].trimmingCharacters(in: .whitespaces).isEmpty {
                skipped += 1
                continue
            }
            if layout == .fingertips, field(5).isEmpty || field(6).isEmpty {
                skipped += 1
                continue
            }
            func number(_ k: Int) throws -> Double {
                guard let x = Double(field(k)), x.isFinite, x >= 0, x <= 1e12 else {
                    throw QualityError(
                        file: file, line: record.line, column: columns[k],
                        "'\(field(k))' is not a count (a number of 0 or more)")
                }
                return x
            }
            let numerator = try number(5)
            let denominator = try number(6)
            guard numerator <= denominator else {
                throw QualityError(
                    file: file, line: record.line, column: columns[5],
                    "the numerator \(field(5)) is above the denominator \(field(6))")
            }
            for k in [1, 2] where field(k).isEmpty {
                throw QualityError(file: file, line: record.line, column: columns[k], "the value is missing")
            }
            let type = field(4)
            let areaType: String
            switch type.lowercased() {
            case "gps", "gp", "practice", "gp practice": areaType = "practice"
            case "england": areaType = "england"
            default: areaType = type.lowercased()
            }
            let name = layout == .consort ? index("indicator_name") : index("Indicator Name")
            names.append(name.map { $0 < f.count ? f[$0].trimmingCharacters(in: .whitespaces) : "" } ?? "")
            values.append(
                IndicatorValue(
                    indicatorID: field(0), period: field(1), areaCode: field(2).uppercased(), areaName: field(3),
                    areaType: areaType, numerator: numerator, denominator: denominator, line: record.line))
        }
        // A row without an id takes the id of the rows with its indicator name, if they agree on one.
        var idsByName: [String: Set<String>] = [:]
        for (v, name) in zip(values, names) where !v.indicatorID.isEmpty && !name.isEmpty {
            idsByName[name, default: []].insert(v.indicatorID)
        }
        var inferred = 0
        for (i, name) in names.enumerated() where values[i].indicatorID.isEmpty {
            guard let ids = idsByName[name], ids.count == 1, let id = ids.first else {
                throw QualityError(
                    file: file, line: values[i].line, column: columns[0],
                    "the value is missing, and no other row with the indicator name '\(name)' gives it")
            }
            let v = values[i]
            values[i] = IndicatorValue(
                indicatorID: id, period: v.period, areaCode: v.areaCode, areaName: v.areaName, areaType: v.areaType,
                numerator: v.numerator, denominator: v.denominator, line: v.line)
            inferred += 1
        }
        return IndicatorFile(layout: layout, values: values, skipped: skipped, inferredIDs: inferred)
    }
}
