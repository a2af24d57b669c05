import ArgumentParser
import Assurance
import AssuranceWeb
import ConsortApp
import ConsortCore
import ConsortWeb
import Foundation
import Importers
import Interop
import PlanningWeb
import RegistryWeb

/// `consort check`: would this configuration be authorised under a policy?
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every grouping of practices at a date against a policy.",
        discussion: """
            Reports coverage and exclusivity, sizes, split groups and enclaves, cherry-picking, and \
            overlaps between federations and consortia, as docs/assurance.md describes. Works on the \
            database, or with --data straight on a dataset directory (no server or import needed).

            Exit status: 1 when any blocking finding exists, 0 otherwise, 2 on bad input.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

    @Option(help: policyHelp)
    var policy: String

    @Option(help: "text, json or csv.")
    var format: Format = .text

    @OptionGroup var dataset: DatasetOptions

    func run() async throws {
        let config = try loadConfig()
        let policy = try loadPolicy("check", self.policy, config: config)
        let started = Date()
        let configuration = try await loadConfiguration("check", data: dataset.data, date: dataset.date, config: config)
        let readSeconds = Date().timeIntervalSince(started)
        let districts = try dataset.districts("check", config: config, for: policy)
        let report = Assurance.check(
            configuration, policy: policy, areas: .districts(configuration, districts, for: policy))
        let seconds = Date().timeIntervalSince(started)
        switch format {
        case .text:
            say(report.text())
            if dataset.data != nil {
                say(
                    String(format: "Read the dataset in %.3f s; checked in %.3f s.", readSeconds, seconds - readSeconds)
                )
            } else {
                say(String(format: "Checked in %.2f s.", seconds - readSeconds))
            }
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            say(String(decoding: try encoder.encode(report), as: UTF8.self))
        case .csv:
            let table = report.csvRows
            FileHandle.standardOutput.write(Data(CSVWriter.document(header: table.header, rows: table.rows).utf8))
        }
        if !report.passes { throw Exit.failure }
    }
}
