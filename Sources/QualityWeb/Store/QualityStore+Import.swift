import ConsortCore
import ConsortWeb
import Fluent
import Foundation
import Quality
import SQLKit

extension QualityStore {
    /// What importing an indicator file did: values added, values replaced (same indicator, period
    /// and area), and the periods it covered.
    package struct ImportOutcome: Sendable {
        package let indicator: String
        package let added: Int
        package let replaced: Int
        package let periods: [String]
    }

    /// Imports a further indicator file (either layout) in one transaction, audited: each value
    /// replaces the one of the same indicator, period and area. Its indicator must have a
    /// definition already (loaded from `quality/indicators.toml`); a file of several indicators
    /// or of an unknown one is refused, naming it.
    package static func importFile(_ file: IndicatorFile, name: String, actor: String, on database: any Database)
        async throws -> ImportOutcome
    {
        let ids = Set(file.values.map(\.indicatorID)).sorted()
        guard ids.count == 1, let id = ids.first else {
            throw QualityError(
                file: name, line: 1, column: nil,
                ids.isEmpty
                    ? "the file holds no values"
                    : "the file holds several indicators (\(ids.joined(separator: ", "))); "
                        + "import one at a time")
        }
        let known = try await indicators(on: Store.sql(database)).map(\.id)
        guard known.contains(id) else {
            throw QualityError(
                file: name, line: file.values.first?.line ?? 1, column: nil,
                "indicator \(id) has no definition; add it to quality/indicators.toml (see docs/quality.md)")
        }
        let values = file.values
        let periods = Set(values.map(\.period)).sorted()
        return try await Store.write(database) { db in
            struct Key: Decodable {
                let period: String
                let areaCode: String
            }
            let existing = Set(
                try await db.raw(
                    "SELECT period, area_code FROM quality_values WHERE indicator_id = \(bind: id)"
                ).all(decoding: Key.self, with: snakeCaseRows).map { "\($0.period)|\($0.areaCode)" })
            var replaced = 0
            for v in values where existing.contains("\(v.period)|\(v.areaCode)") {
                try await db.raw(
                    """
                    DELETE FROM quality_values WHERE indicator_id = \(bind: id) AND period = \(bind: v.period)
                      AND area_code = \(bind: v.areaCode)
                    """
                ).run()
                replaced += 1
            }
            try await Store.insert(
                into: "quality_values",
                columns: [
                    "indicator_id", "period", "area_code", "area_name", "area_type", "numerator", "denominator",
                    "source_file",
                ],
                rows: values.map {
                    [
                        $0.indicatorID, $0.period, $0.areaCode, $0.areaName, $0.areaType, $0.numerator, $0.denominator,
                        name,
                    ]
                }, on: db)
            try await AuditLog.append(
                on: db, actor: AuditLog.Actor(description: actor), action: "quality.import", entity: "quality_values",
                entityID: id,
                after: [
                    "file": name, "values": String(values.count), "replaced": String(replaced),
                    "periods": periods.joined(separator: ", "),
                ])
            return ImportOutcome(indicator: id, added: values.count - replaced, replaced: replaced, periods: periods)
        }
    }
}
