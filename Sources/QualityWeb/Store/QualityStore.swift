import ConsortCore
import ConsortWeb
import Fluent
import Foundation
import Interop
import Quality
import SQLKit

/// The quality tables: loading the shipped data at first start, and reading indicators,
/// values and ratings.
package enum QualityStore {
    package struct Rating: Decodable, Sendable {
        package let practiceCode: String
        package let ratingYear: Int?
        package let rating: String
        package let inherited: Bool
    }

    package static func isEmpty(_ db: any SQLDatabase) async throws -> Bool {
        struct N: Decodable { let n: Int }
        return (try await db.raw("SELECT COUNT(*) AS n FROM quality_indicators").first(decoding: N.self)?.n ?? 0) == 0
    }

    /// The CQC ratings file as published: `practice_code, location_name, rating_year, domain,
    /// rating, inherited`; an unknown rating or a missing code is refused with its line.
    package static func ratings(_ text: String, file: String) throws -> [[any Encodable & Sendable]] {
        let records = try CSVReader.parse(text, file: file)
        guard let header = records.first?.fields,
            header.prefix(6) == ["practice_code", "location_name", "rating_year", "domain", "rating", "inherited"]
        else {
            throw QualityError(
                file: file, line: 1, column: nil,
                "expected the columns practice_code, location_name, rating_year, domain, rating, inherited")
        }
        let ratings = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
        var seen = Set<String>()
        var rows: [[any Encodable & Sendable]] = []
        for r in records.dropFirst() where r.fields.count > 1 {
            let f = r.fields + Array(repeating: "", count: max(0, 6 - r.fields.count))
            let code = f[0].trimmingCharacters(in: .whitespaces).uppercased()
            guard !code.isEmpty else {
                throw QualityError(file: file, line: r.line, column: "practice_code", "missing")
            }
            guard ratings.contains(f[4]) else {
                throw QualityError(
                    file: file, line: r.line, column: "rating",
                    "'\(f[4])' is not a CQC rating (Outstanding, Good, Requires improvement, Inadequate)")
            }
            guard seen.insert(code).inserted else { continue }
            rows.append([code, f[1], Int(f[2]), f[3], f[4], f[5] == "Y", file])
        }
        return rows
    }

    /// Loads `directory`'s indicator definitions, every indicator file and the CQC ratings in one
    /// transaction; returns what it loaded. A file that cannot be used stops the whole load.
    package static func load(directory: URL, on database: any Database) async throws -> (values: Int, ratings: Int) {
        let fm = FileManager.default
        let definitionsURL = directory.appendingPathComponent("indicators.toml")
        let indicators = try Indicator.definitions(
            try String(contentsOf: definitionsURL, encoding: .utf8), file: "quality/indicators.toml")
        var files: [IndicatorFile] = []
        var names: [String] = []
        var ratings: [[any Encodable & Sendable]] = []
        let tables = try fm.contentsOfDirectory(atPath: directory.path).sorted().filter {
            URL(fileURLWithPath: $0).pathExtension.lowercased() == "csv"
        }
        for name in tables {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            if name.hasPrefix("cqc-ratings") {
                ratings = try Self.ratings(text, file: "quality/\(name)")
            } else {
                files.append(try IndicatorFile.read(text, file: "quality/\(name)"))
                names.append("quality/\(name)")
            }
        }
        let indicatorRows: [[any Encodable & Sendable]] = indicators.values.sorted { $0.id < $1.id }.map {
            [$0.id, $0.name, $0.source, $0.polarity.rawValue, $0.kind.rawValue, $0.multiplier, $0.target]
        }
        var valueRows: [[any Encodable & Sendable]] = []
        for (file, name) in zip(files, names) {
            for v in file.values {
                guard indicators[v.indicatorID] != nil else {
                    throw QualityError(
                        file: name, line: v.line, column: "indicator_id",
                        "indicator \(v.indicatorID) has no definition in quality/indicators.toml")
                }
                valueRows.append([
                    v.indicatorID, v.period, v.areaCode, v.areaName, v.areaType, v.numerator, v.denominator, name,
                ])
            }
        }
        let valueCount = valueRows.count
        let ratingCount = ratings.count
        let rows = (indicatorRows, valueRows, ratings)
        try await Store.write(database) { db in
            try await Store.insert(
                into: "quality_indicators",
                columns: ["id", "name", "source", "polarity", "kind", "multiplier", "target"], rows: rows.0, on: db)
            try await Store.insert(
                into: "quality_values",
                columns: [
                    "indicator_id", "period", "area_code", "area_name", "area_type", "numerator", "denominator",
                    "source_file",
                ], rows: rows.1, on: db)
            try await Store.insert(
                into: "cqc_ratings",
                columns: [
                    "practice_code", "location_name", "rating_year", "domain", "rating", "inherited", "source_file",
                ],
                rows: rows.2, on: db)
        }
        return (valueCount, ratingCount)
    }

    package static func indicators(on db: any SQLDatabase) async throws -> [Indicator] {
        struct Row: Decodable {
            let id: String
            let name: String
            let source: String
            let polarity: String
            let kind: String
            let multiplier: Double
            let target: Double?
        }
        return try await db.raw(
            "SELECT id, name, source, polarity, kind, multiplier, target FROM quality_indicators ORDER BY id"
        ).all(decoding: Row.self, with: snakeCaseRows).map {
            Indicator(
                id: $0.id, name: $0.name, source: $0.source, polarity: Polarity(rawValue: $0.polarity) ?? .none,
                kind: Indicator.Kind(rawValue: $0.kind) ?? .proportion, multiplier: $0.multiplier, target: $0.target)
        }
    }

    package static func values(indicator: String, on db: any SQLDatabase) async throws -> [IndicatorValue] {
        struct Row: Decodable {
            let period: String
            let areaCode: String
            let areaName: String
            let areaType: String
            let numerator: Double
            let denominator: Double
        }
        return try await db.raw(
            """
            SELECT period, area_code, area_name, area_type, numerator, denominator FROM quality_values
            WHERE indicator_id = \(bind: indicator) ORDER BY period, area_code
            """
        ).all(decoding: Row.self, with: snakeCaseRows).map {
            IndicatorValue(
                indicatorID: indicator, period: $0.period, areaCode: $0.areaCode, areaName: $0.areaName,
                areaType: $0.areaType, numerator: $0.numerator, denominator: $0.denominator)
        }
    }

    /// The shipped CQC ratings: of `practices`, or of every practice.
    package static func ratings(of practices: [String]? = nil, on db: any SQLDatabase) async throws -> [String: Rating]
    {
        let select: SQLQueryString = "SELECT practice_code, rating_year, rating, inherited FROM cqc_ratings"
        var rows: [Rating] = []
        if let practices {
            for chunk in practices.chunks(of: 500) {
                rows += try await db.raw(select + " WHERE practice_code IN (\(binds: chunk))")
                    .all(decoding: Rating.self, with: snakeCaseRows)
            }
        } else {
            rows = try await db.raw(select).all(decoding: Rating.self, with: snakeCaseRows)
        }
        return Dictionary(rows.map { ($0.practiceCode, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Where the ratings come from, for every page that shows one.
    package static let ratingsSource =
        "Care Quality Commission, Care directory with ratings, overall rating as at April 2024"
}
