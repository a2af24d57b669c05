import ArgumentParser
import ConsortCore
import ConsortWeb
import Foundation
import Quality

/// `consort quality …`: practice quality indicators, computed as the national profiles compute them.
struct QualityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Practice quality indicators: values, confidence intervals and comparisons with England.",
        subcommands: [IndicatorCommand.self])
}

struct IndicatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicator",
        abstract: "Every practice's value of an indicator in a period, with 95% and 99.8% intervals.",
        discussion: """
            Reads an indicator file in Consort's layout (like data/quality/smoking-prevalence-qof.csv) or as \
            Fingertips exports it, finds the indicator's definition by the file's indicator id (polarity, type; \
            data/quality/indicators.toml by default), and prints for every practice in scope: practice_code, \
            numerator, denominator, value, lower_95, upper_95, lower_998, upper_998, compared_to_england. Values \
            are on the indicator's scale (percent for a proportion, per 100,000 for a rate unless the definition \
            says otherwise); intervals are the profiles' methods: Wilson score intervals for a proportion, Byar's \
            (exact Poisson under 10 events) for a rate; the comparison is better, similar or worse than \
            England's value by the 95% interval and the indicator's polarity. See docs/quality.md. Exit 2 on a \
            file that cannot be used, naming the line and column.
            """)

    @Argument(help: "The indicator file (CSV).") var file: String
    @Option(help: "The period, as the file writes it (e.g. 2023/24).") var period: String
    @Option(help: "Only the practices of this group (a PCN, CCG, STP, region or federation code).") var group: String?
    @Option(help: "The indicator definitions (TOML); default: the shipped data/quality/indicators.toml.")
    var definitions: String?
    @Option(help: "A dataset directory (like data/) to find the group's members in, instead of the database.")
    var data: String?
    @Option(help: "csv or json.") var format: Format = .csv

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    func run() async throws {
        let config = try loadConfig()
        let values: IndicatorFile
        do {
            values = try IndicatorFile.read(try String(contentsOfFile: file, encoding: .utf8), file: file)
        } catch let e as QualityError {
            warn("consort quality indicator: \(e)")
            throw Exit.badInput
        } catch {
            warn("consort quality indicator: \(file) cannot be read: \(error.localizedDescription)")
            throw Exit.badInput
        }
        let definitionsFile =
            definitions
            ?? config.dataDirectory?.appendingPathComponent("quality/indicators.toml").path
            ?? "data/quality/indicators.toml"
        let indicators: [String: Indicator]
        do {
            indicators = try Indicator.definitions(
                try String(contentsOfFile: definitionsFile, encoding: .utf8), file: definitionsFile)
        } catch let e as QualityError {
            warn("consort quality indicator: \(e)")
            throw Exit.badInput
        } catch {
            warn(
                "consort quality indicator: --definitions \(definitionsFile) cannot be read: "
                    + error.localizedDescription
            )
            throw Exit.badInput
        }
        let ids = Set(values.values.map(\.indicatorID)).sorted()
        guard ids.count == 1, let id = ids.first else {
            warn(
                "consort quality indicator: \(file) holds "
                    + (ids.isEmpty ? "no values" : "indicators \(ids.joined(separator: ", "))") + "; "
                    + "give a file of one indicator")
            throw Exit.badInput
        }
        guard let indicator = indicators[id] else {
            warn(
                "consort quality indicator: no definition of indicator \(id) in \(definitionsFile); add an "
                    + "[\(id)] table "
                    + "with name, source, polarity and type (see docs/quality.md)")
            throw Exit.badInput
        }
        let periods = Benchmark.periods(values.values, indicator: id)
        guard periods.contains(period) else {
            warn(
                "consort quality indicator: --period \(period) is not in \(file); it holds "
                    + periods.joined(separator: ", ")
            )
            throw Exit.badInput
        }
        var scope: Set<String>?
        if let group {
            let configuration = try await loadConfiguration("quality indicator", data: data, date: nil, config: config)
            guard let g = configuration.groups.first(where: { $0.code == group.uppercased() }) else {
                warn("consort quality indicator: --group \(group) is not a group of the registry")
                throw Exit.badInput
            }
            scope = Set(g.members.map { configuration.practices[$0].code })
        }
        let benchmark = Benchmark(values: values.values, indicator: indicator, period: period, scope: scope)
        if values.inferredIDs > 0 {
            warn(
                "consort quality indicator: note: \(grouped(values.inferredIDs)) rows of \(file) have no indicator id; "
                    + "they took \(id), the id of the rows with their indicator name")
        }
        warn(
            "consort quality indicator: \(indicator.name), \(period): England "
                + (benchmark.england.map { String(format: "%.4f", $0) } ?? "unknown") + " "
                + "from \(benchmark.englandSource); \(grouped(benchmark.rows.count)) practices.")
        switch format {
        case .csv:
            say(Self.csv(benchmark))
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            say(String(decoding: try encoder.encode(benchmark), as: UTF8.self))
        }
    }

    /// The CSV an analyst checks against the published profiles.
    static func csv(_ b: Benchmark) -> String {
        func count(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
        func value(_ x: Double?) -> String { x.map { String(format: "%.6f", $0) } ?? "" }
        var lines = [
            "practice_code,numerator,denominator,value,lower_95,upper_95,lower_998,upper_998,compared_to_england"
        ]
        for r in b.rows {
            lines.append(
                [
                    r.practiceCode, count(r.numerator), count(r.denominator), value(r.value), value(r.ci95?.lower),
                    value(r.ci95?.upper), value(r.ci998?.lower), value(r.ci998?.upper), r.comparedToEngland.rawValue,
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }
}
