import ArgumentParser
import Charts
import ConsortApp
import ConsortCore
import ConsortWeb
import Foundation
import Importers
import Interop
import PlanningWeb
import RegistryWeb
import RiskSim

/// `consort simulate`: the financial risk of budgets of a given size, and of the four consortium models.
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            """
            Simulate a year's spend against budget: by population size, for every CCG, or the four consortium \
            models of an area.
            """,
        discussion: """
            With --population, prints for each population size the mean and standard deviation of spend and the \
            chance of overspending by more than 1, 3, 5 and 10%. With --models --area CODE, compares the four \
            consortium models of the GPC guide on the practices of that area. With --all-ccgs, simulates every \
            CCG at once. Seeded: the same seed gives the same numbers. See docs/finance.md.
            """)

    @Option(help: "Population sizes, comma-separated (e.g. 10000,30000,100000).")
    var population: String?

    @Flag(help: "Compare the four consortium models on the practices of --area.")
    var models = false

    @Option(help: "With --models: the group (ICB, region, CCG) whose practices to use.")
    var area: String?

    @Flag(help: "Simulate every CCG (consortium) at the date at once.")
    var allCcgs = false

    @Option(help: "Simulated years.")
    var trials = 10_000

    @Option(help: "The random seed; the same seed gives the same numbers.")
    var seed: UInt64 = 1

    @Option(help: "A dataset directory (like data/) to read practices from instead of the database.")
    var data: String?

    @Option(
        help: ArgumentHelp(
            "The date of the registry to use (YYYY-MM-DD); default: today; with --data, the dataset's date "
                + "(give it for a directory without an EXTRACT_DATE file)."))
    var date: String?

    @Option(help: "A cost model file (default finance/cost-model.toml).")
    var costModel: String?

    @Option(
        help:
            """
            With --models: each consortium's contribution to the agency's risk pool, % of its budget (default from \
            the cost model).
            """
    )
    var poolContribution: Double?

    @Option(
        help: "With --models: the overspend, % of budget, above which the risk pool pays (default from the cost model)."
    )
    var poolThreshold: Double?

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Write an SVG chart to this file.")
    var svg: String?

    @Option(help: "With --all-ccgs: also write the table of every CCG to this CSV file.")
    var csv: String?

    func validate() throws {
        let modes = [population != nil, models, allCcgs].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("choose one of --population, --models or --all-ccgs") }
        if models && area == nil { throw ValidationError("--models needs --area CODE (an ICB, region or CCG)") }
        guard (100...1_000_000).contains(trials) else {
            throw ValidationError("--trials must be from 100 to 1,000,000")
        }
        for (name, value) in [("--pool-contribution", poolContribution), ("--pool-threshold", poolThreshold)] {
            if let value, !(0...100).contains(value) {
                throw ValidationError("\(name) is a percentage from 0 to 100, not \(value)")
            }
        }
    }

    func run() async throws {
        let config = try loadConfig()
        var model: CostModel
        do {
            guard let url = costModel.map({ URL(fileURLWithPath: $0) }) ?? config.costModel else {
                warn("consort simulate: no cost model found; pass --cost-model FILE or set CONSORT_COST_MODEL")
                throw Exit.badInput
            }
            model = try CostModelReader.read(contentsOf: url)
            if let poolContribution { model.assumptions.poolContribution = poolContribution / 100 }
            if let poolThreshold { model.assumptions.poolThreshold = poolThreshold / 100 }
        } catch let error as PolicyError {
            warn("consort simulate: cost model \(error)")
            throw Exit.badInput
        }
        if let population {
            var sizes: [Int] = []
            for part in population.split(separator: ",") {
                guard let n = Int(part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")),
                    n > 0, n <= 100_000_000
                else {
                    warn("consort simulate: --population: '\(part)' is not a population of 1 to 100,000,000")
                    throw Exit.badInput
                }
                sizes.append(n)
            }
            try populations(Array(Set(sizes)).sorted(), model: model)
            return
        }
        let configuration = try await loadConfiguration("simulate", data: data, date: date, config: config)
        warnAboutSizes("simulate", configuration)
        if allCcgs {
            try everyCCG(configuration, model: model)
        } else if let area {
            try compare(area: area.uppercased(), configuration, model: model)
        }
    }

    func populations(_ sizes: [Int], model: CostModel) throws {
        let started = Date()
        let summaries = Simulator.risk(
            model: model, groups: sizes.map(Simulator.Group.init(size:)), trials: trials, seed: seed
        ).summaries
        let seconds = Date().timeIntervalSince(started)
        if json {
            try printJSON(summaries)
        } else {
            say(
                """
                \(model.title): £\(grouped(Int(model.meanPerHead.rounded()))) a head on average; \
                \(grouped(trials)) simulated years, seed \(seed).
                """
            )
            say(row(["population", "mean £", "sd £", "sd %", "P>1%", "P>3%", "P>5%", "P>10%", "VaR95 £", "ES95 £"]))
            for s in summaries {
                say(
                    row([
                        grouped(s.patients), grouped(Int(s.mean)), grouped(Int(s.sd)), pct(s.relativeSD, 2),
                        pct(s.probability(over: 0.01)), pct(s.probability(over: 0.03)), pct(s.probability(over: 0.05)),
                        pct(s.probability(over: 0.10)),
                        grouped(Int(s.valueAtRisk95)), grouped(Int(s.expectedShortfall95)),
                    ]))
            }
            say(String(format: "Simulated in %.2f s.", seconds))
        }
        if let svg {
            let chart = LineChart(
                id: "overspend", title: "Chance of overspending, by population",
                description:
                    "Share of \(trials) simulated years in which spend exceeds budget by more than 1, 3, 5 and 10%.",
                series: RiskSummary.thresholds.map { t in
                    .init(
                        label: "over by \(RiskSummary.key(t))",
                        points: summaries.map { (Double($0.patients), $0.probability(over: t)) })
                },
                xLabel: "Registered patients", yLabel: "Chance in a year", logX: true,
                yFormat: { "\(svgNumber($0 * 100, digits: 1))%" })
            try write(chart.svg(), to: svg)
        }
    }

    func everyCCG(_ configuration: Configuration, model: CostModel) throws {
        let groups = ModelComparison.groups(of: .consortium, in: configuration, model: model)
        let started = Date()
        let spend = Simulator.spend(model: model, groups: groups, trials: trials, seed: seed)
        let seconds = Date().timeIntervalSince(started)
        let summaries = groups.indices.map {
            RiskSummary(
                spend: spend[$0], budget: groups[$0].weightedPatients * model.meanPerHead, patients: groups[$0].patients
            )
        }
        let patients = groups.reduce(0) { $0 + $1.patients }
        if json {
            struct Row: Encodable {
                let code: String
                let name: String
                let summary: RiskSummary
            }
            try printJSON(
                groups.indices.map { Row(code: groups[$0].code, name: groups[$0].name, summary: summaries[$0]) })
            return
        }
        // The facts behind the figures: the registry's date, and the date of the list sizes.
        let sizes = configuration.sizeStatus()
        let sizesOn = sizes.newest.map { "list sizes of \($0.iso)" } ?? "no list sizes"
        say(
            """
            \(groups.count) CCGs, \(grouped(patients)) patients, \(grouped(trials)) simulated years each, seed \
            \(seed) (the registry at \(configuration.date.iso), \(sizesOn); cost model: \(model.title)).
            """
        )
        let over5 = summaries.map { $0.probability(over: 0.05) }
        say(
            """
            Chance of overspending by more than 5% in a year: median \(pct(median(over5))), highest \
            \(pct(over5.max() ?? 0)) (smallest CCG \(grouped(summaries.map(\.patients).min() ?? 0)) patients).
            """
        )
        say("Expected CCGs overspending by more than 5% in a year: \(svgNumber(over5.reduce(0, +), digits: 2)).")
        // Every CCG, those most at risk first.
        let header = [
            "code", "name", "patients", "mean £", "sd %", "P>1%", "P>3%", "P>5%", "P>10%", "VaR95 £", "registry_date",
            "list_sizes_date",
        ]
        let order = groups.indices.sorted {
            (-summaries[$0].probability(over: 0.05), groups[$0].code) < (
                -summaries[$1].probability(over: 0.05), groups[$1].code
            )
        }
        let cells = order.map { i -> [String] in
            let s = summaries[i]
            return [
                groups[i].code, groups[i].name, grouped(s.patients), grouped(Int(s.mean)), pct(s.relativeSD, 2),
                pct(s.probability(over: 0.01)), pct(s.probability(over: 0.03)), pct(s.probability(over: 0.05)),
                pct(s.probability(over: 0.10)), grouped(Int(s.valueAtRisk95)),
            ]
        }
        say(row(["code"] + header.dropFirst(2).prefix(8), first: 8))
        for c in cells { say(row([c[0]] + c.dropFirst(2), first: 8) + "  " + c[1]) }
        say(String(format: "Simulated %@ CCG-years in %.2f s.", grouped(groups.count * trials), seconds))
        if let csv {
            // Numbers without separators, for spreadsheets.
            let plain = order.map { i -> [String] in
                let s = summaries[i]
                return [
                    groups[i].code, groups[i].name, String(s.patients), String(Int(s.mean)),
                    String(format: "%.4f", s.relativeSD * 100),
                ] + [0.01, 0.03, 0.05, 0.10].map { String(format: "%.4f", s.probability(over: $0) * 100) }
                    + [String(Int(s.valueAtRisk95)), configuration.date.iso, sizes.newest?.iso ?? ""]
            }
            try write(CSVWriter.document(header: header, rows: plain), to: csv)
        }
    }

    func compare(area: String, _ configuration: Configuration, model: CostModel) throws {
        guard let practices = ModelComparison.practices(of: area, in: configuration, model: model) else {
            warn("consort simulate: --area \(area) is not a group in the registry at \(configuration.date.iso)")
            throw Exit.badInput
        }
        let name = configuration.groups.first { $0.code == area }?.name ?? area
        let started = Date()
        let results = ModelComparison.compare(practices, model: model, trials: trials, seed: seed)
        let seconds = Date().timeIntervalSince(started)
        if json {
            struct Out: Encodable {
                let area: String
                let name: String
                let patients: Int
                let trials: Int
                let seed: UInt64
                let assumptions: CostModel.ModelAssumptions
                let models: [ModelComparison.Result]
            }
            try printJSON(
                Out(
                    area: area, name: name, patients: practices.reduce(0) { $0 + $1.patients }, trials: trials,
                    seed: seed,
                    assumptions: model.assumptions, models: results))
        } else {
            say(
                """
                \(name) (\(area)): \(grouped(practices.count)) practices, \
                \(grouped(practices.reduce(0) { $0 + $1.patients })) patients; \(grouped(trials)) simulated years, \
                seed \(seed).
                """
            )
            say(
                row(
                    [
                        "model", "consortia", "P(any >5%)", "E(# >5%)", "reserve 1-in-20 £", "1-in-100 £",
                        "management £", "on tiers",
                    ], first: 46))
            for r in results {
                say(
                    row(
                        [
                            r.title, "\(r.consortia)\(r.localities > 0 ? " (\(r.localities) loc.)" : "")",
                            pct(r.probabilityAnyOver5), svgNumber(r.expectedOver5, digits: 2),
                            grouped(Int(r.reserve20)), grouped(Int(r.reserve100)), grouped(Int(r.managementAllowance)),
                            pct(r.managementShare),
                        ], first: 46))
            }
            for r in results { for note in r.notes { say("  \(r.title): \(note)") } }
            say(String(format: "Simulated in %.2f s.", seconds))
        }
        if let svg {
            let chart = BarChart(
                id: "models", title: "Chance that any consortium overspends by more than 5% in a year, \(name)",
                description: "For each of the four consortium models, over \(trials) simulated years.",
                bars: results.map { ($0.kind.shortTitle, $0.probabilityAnyOver5) },
                valueFormat: { "\(svgNumber($0 * 100, digits: 1))%" })
            try write(chart.svg(), to: svg)
        }
    }

    func write(_ text: String, to path: String) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            warn("consort simulate: cannot write \(path): \(error.localizedDescription)")
            throw Exit.badInput
        }
    }

    func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        say(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    func row(_ cells: [String], first: Int = 12) -> String {
        cells.enumerated().map { i, c in
            i == 0
                ? c.padding(toLength: first, withPad: " ", startingAt: 0)
                : String(repeating: " ", count: max(0, 12 - c.count)) + c
        }.joined(separator: " ")
    }

    func pct(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f%%", x * 100) }

    func median(_ x: [Double]) -> Double {
        let s = x.sorted()
        return s.isEmpty ? 0 : s[s.count / 2]
    }
}
