import ConsortCore
import Elections
import Foundation
import Importers
import Interop
import Quality

/// Every engine entry that reads what a user pastes or uploads, as a target for libFuzzer
/// (`consort-fuzz`): each takes any bytes and must return (an answer or a refusal), never trap,
/// hang or exhaust memory. The same entries replay the committed corpus (`Fuzz/Corpus/NAME/`).
public enum FuzzTargets {
    /// The targets by name.
    public static let all: [String: @Sendable (Data) -> Void] = [
        "blt": blt, "survey": survey, "policy": policy, "quality": quality, "dataset": dataset,
    ]

    /// A ballot file (pasted into `/elections/count` or given to `consort election count`), then
    /// every count method on it, as the server would.
    public static func blt(_ data: Data) {
        guard let election = try? BLT.read(String(decoding: data, as: UTF8.self)) else { return }
        // A count's cost grows with papers × candidates × stages; the server's limits on a pasted
        // file (1 MB) bound it, and here a smaller bound keeps each run quick.
        guard election.candidates.count <= 40, election.ballots.count <= 2_000 else { return }
        for method in CountMethod.allCases { _ = try? election.count(method) }
    }

    /// A survey's questions as an organiser writes them.
    public static func survey(_ data: Data) {
        _ = try? Questionnaire.parse(String(decoding: data, as: UTF8.self))
    }

    /// A policy file (TOML), as `consort check --policy` and the policy library read it.
    public static func policy(_ data: Data) {
        _ = try? PolicyReader.read(String(decoding: data, as: UTF8.self), file: "fuzz.toml")
    }

    /// A quality indicator file, as `consort quality import` reads it.
    public static func quality(_ data: Data) {
        _ = try? IndicatorFile.read(String(decoding: data, as: UTF8.self), file: "fuzz.csv")
    }

    /// A registry file as `consort import` reads it: CSV, then each NHS layout and the detection.
    public static func dataset(_ data: Data) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "consort-fuzz-\(ProcessInfo.processInfo.processIdentifier).csv")
        guard (try? data.write(to: url)) != nil else { return }
        defer { try? FileManager.default.removeItem(at: url) }
        for format in [SourceFormat?.none, .totals, .map, .epraccur] {
            _ = try? SnapshotReader.read(url, format: format, date: Day(year: 2022, month: 1, day: 1))
        }
    }
}
