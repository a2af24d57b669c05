import ArgumentParser
import Assurance
import Charts
import ConsortCore
import ConsortWeb
import Foundation

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

    @Option(help: "The districts (GeoJSON, WGS84, LAD21CD/LAD21NM); default: geo/ of the data directory.")
    var boundaries: String?

    @Option(help: "text or csv.")
    var format: Format = .text

    @OptionGroup var dataset: DatasetOptions

    func run() async throws {
        guard let kind = GroupKind(rawValue: level) else {
            warn("consort districts: --level \(level) is not a kind of group; use icb, consortium, network, …")
            throw Exit.badInput
        }
        let config = try loadConfig()
        let folder =
            dataset.data.map { URL(fileURLWithPath: $0) } ?? config.dataDirectory ?? URL(fileURLWithPath: "data")
        let file =
            boundaries.map { URL(fileURLWithPath: $0) }
            ?? folder.appendingPathComponent("geo/local_authority_districts_2021.geojson")
        let read: GeoJSON.Read<GeoJSON.Area>
        do {
            read = try GeoJSON.areas(Data(contentsOf: file), code: "LAD21CD", name: "LAD21NM")
        } catch {
            warn("consort districts: \(file.path): \(error); give the districts with --boundaries FILE")
            throw Exit.badInput
        }
        let configuration = try await loadConfiguration(
            "districts", data: dataset.data, date: dataset.date, config: config)
        let index = AreaIndex(read.features)
        let names = Dictionary(read.features.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let groupNames = Dictionary(configuration.groups.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let report = Coterminosity.check(configuration, kind: kind) { i in
            configuration.practices[i].point.flatMap {
                index.locate(GridPoint(easting: Double($0.x), northing: Double($0.y)))
            }
        }
        switch format {
        case .csv:
            say("district_code,district_name,group,group_name,practices,patients")
            for split in report.splits {
                for part in split.parts {
                    say(
                        [
                            split.area, names[split.area] ?? "", part.group, groupNames[part.group] ?? "",
                            String(part.practices), String(part.patients),
                        ].map(csvField).joined(separator: ","))
                }
            }
        case .text:
            say(
                "\(report.splits.count) of \(report.areas) districts with practices fall in more than one "
                    + "\(kind.rawValue) on \(configuration.date.iso) (\(read.features.count) districts in "
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

    private func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
