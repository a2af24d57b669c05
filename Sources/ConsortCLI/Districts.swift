import ArgumentParser
import Assurance
import AssuranceWeb
import ConsortCore
import ConsortWeb
import Foundation
import Interop

/// `consort districts`: places every practice in its local authority district by its location and
/// reports each district whose practices fall in more than one group of a kind (ICBs by default):
/// the coterminosity the 2025 ICB guidance asks for ("each local authority should have one ICB").
struct Districts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report local authority districts whose practices fall in more than one ICB.",
        discussion: """
            A practice is placed in the district whose boundary holds its location (on a shared \
            border, the district with the lower code; just outside every generalised boundary, the \
            nearest within 2 km). Exit status: 0, or 2 on bad input.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv }

    @Option(help: "The kind of group to check: icb, consortium, network, federation, locality or region.")
    var level: String = "icb"

    @Option(help: "text or csv.")
    var format: Format = .text

    @OptionGroup var dataset: DatasetOptions

    func run() async throws {
        guard let kind = GroupKind(rawValue: level) else {
            warn("consort districts: --level \(level) is not a kind of group; use icb, consortium, network, …")
            throw Exit.badInput
        }
        let config = try loadConfig()
        let file = dataset.districtsFile(config: config)
        let districts = try dataset.districts("districts", config: config)
        let configuration = try await loadConfiguration(
            "districts", data: dataset.data, date: dataset.date, config: config)
        guard let areas = Assurance.Areas.districts(configuration, districts) else {
            warn("consort districts: \(file.path) does not exist; give the districts with --boundaries FILE")
            throw Exit.badInput
        }
        let names = areas.names
        let groupNames = Dictionary(configuration.groups.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let report = Coterminosity.check(configuration, kind: kind) { areas.of[configuration.practices[$0].code] }
        switch format {
        case .csv:
            let rows = report.splits.flatMap { split in
                split.parts.map { part in
                    [
                        split.area, names[split.area] ?? "", part.group, groupNames[part.group] ?? "",
                        String(part.practices), String(part.patients),
                    ]
                }
            }
            FileHandle.standardOutput.write(
                Data(
                    CSVWriter.document(
                        header: ["district_code", "district_name", "group", "group_name", "practices", "patients"],
                        rows: rows
                    ).utf8))
        case .text:
            say(
                "\(report.splits.count) of \(report.areas) districts with practices fall in more than one "
                    + "\(kind.rawValue) on \(configuration.date.iso) (\(districts.count) districts in "
                    + "\(file.lastPathComponent); "
                    + "\(report.unplaced) practices without a location in a district, \(report.ungrouped) in no "
                    + "\(kind.rawValue)).")
            for split in report.splits {
                say("\(split.area) \(names[split.area] ?? ""): \(count(split.practices, split.patients))")
                for part in split.parts {
                    say("  \(part.group) \(groupNames[part.group] ?? ""): \(count(part.practices, part.patients))")
                }
            }
        }
    }

    private func count(_ practices: Int, _ patients: Int) -> String {
        "\(grouped(practices)) practice\(practices == 1 ? "" : "s"), \(grouped(patients)) patients"
    }
}
