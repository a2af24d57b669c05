import ArgumentParser
import Assurance
import Charts
import ConsortCore
import ConsortWeb
import Foundation

/// The options of the commands that read a configuration: the database at a date, or a dataset
/// directory (see `loadConfiguration`), and the local authority districts to place practices in.
struct DatasetOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The date (YYYY-MM-DD); default: today; with --data, the dataset's date (give it for a directory "
                + "without an EXTRACT_DATE file)."))
    var date: String?

    @Option(help: "A dataset directory in Consort's layout (like data/) instead of the database.")
    var data: String?

    @Option(
        help: ArgumentHelp(
            "The local authority districts (GeoJSON, WGS84, LAD21CD/LAD21NM) for coterminosity; default: "
                + "geo/\(AreaIndex.districtsFile) in the data directory."))
    var boundaries: String?

    /// The districts file: `--boundaries`, or the one in the data directory's `geo/` folder.
    func districtsFile(config: AppConfig) -> URL {
        if let boundaries { return URL(fileURLWithPath: boundaries) }
        let folder = data.map { URL(fileURLWithPath: $0) } ?? config.dataDirectory ?? URL(fileURLWithPath: "data")
        return folder.appendingPathComponent("geo/\(AreaIndex.districtsFile)")
    }

    /// The districts a policy needs: none for a policy without a coterminosity rule (nothing is
    /// read); otherwise as `districts(_:config:)`.
    func districts(_ command: String, config: AppConfig, for policy: Policy) throws -> [GeoJSON.Area] {
        Assurance.needsAreas(policy) ? try districts(command, config: config) : []
    }

    /// The districts; without `--boundaries`, none when the data directory has no file (the
    /// report says the rule did not run). A file given or present but unreadable is bad input.
    func districts(_ command: String, config: AppConfig) throws -> [GeoJSON.Area] {
        let file = districtsFile(config: config)
        guard boundaries != nil || FileManager.default.fileExists(atPath: file.path) else { return [] }
        do { return try AreaIndex.districts(file) } catch {
            warn("consort \(command): \(file.path): \(error); give the districts with --boundaries FILE")
            throw Exit.badInput
        }
    }
}
