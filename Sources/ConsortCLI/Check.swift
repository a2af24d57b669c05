import ArgumentParser
import Assurance
import ConsortApp
import ConsortCore
import Foundation
import Importers
import Interop

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

    @Option(help: "A policy name (\(PolicyLibrary(directory: PolicyLibrary.locate()).names.joined(separator: ", "))) or the path of a policy .toml file.")
    var policy: String

    @Option(help: "The date to check at (YYYY-MM-DD); default: today, or the dataset's date with --data.")
    var date: String?

    @Option(help: "A dataset directory in Consort's layout (like data/) to check instead of the database.")
    var data: String?

    @Option(help: "text, json or csv.")
    var format: Format = .text

    func run() async throws {
        let config = try loadConfig()
        let library = PolicyLibrary(directory: config.policyDirectory)
        let policy: Policy
        do { policy = try library.load(self.policy) } catch {
            warn("consort check: policy \(error)")
            throw Exit.badInput
        }
        var day: Day?
        if let date {
            guard let parsed = Day(iso: date) else {
                warn("consort check: --date \(date) is not a date; use YYYY-MM-DD")
                throw Exit.badInput
            }
            day = parsed
        }
        let started = Date()
        var readSeconds = 0.0
        let report: Report
        if let data {
            let snapshot: Snapshot
            switch Result(catching: { () throws(ImportFailure) -> Snapshot in try SnapshotReader.read(URL(fileURLWithPath: data), format: .consort) }) {
            case .success(let value): snapshot = value
            case .failure(let failure):
                warn(failure.description)
                throw Exit.badInput
            }
            if let day, let snapshotDate = snapshot.date, day != snapshotDate {
                warn("consort check: --data describes \(snapshotDate.iso), not \(day.iso); a dataset directory holds one date")
                throw Exit.badInput
            }
            let configuration = snapshot.configuration(date: day ?? Day.today())
            readSeconds = Date().timeIntervalSince(started)
            report = Assurance.check(configuration, policy: policy)
        } else {
            report = try await withConsort(config) { try await $0.assurance(policy: policy, date: day ?? Day.today()) }
        }
        let seconds = Date().timeIntervalSince(started)
        switch format {
        case .text:
            say(report.text())
            if data != nil {
                say(String(format: "Read the dataset in %.3f s; checked in %.3f s.", readSeconds, seconds - readSeconds))
            } else {
                say(String(format: "Checked in %.2f s.", seconds))
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
