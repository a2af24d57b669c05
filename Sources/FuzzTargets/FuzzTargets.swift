import ConsortCore
import Elections
import Foundation
import Importers
import Interop
import Planner
import Quality

/// Every engine entry that reads what a user pastes or uploads, as a target for libFuzzer
/// (`consort-fuzz`): each takes any bytes and must return (an answer or a refusal), never trap,
/// hang or exhaust memory. The same entries replay the committed corpus (`Fuzz/Corpus/NAME/`).
public enum FuzzTargets {
    /// The targets by name.
    public static let all: [String: @Sendable (Data) -> Void] = [
        "blt": blt, "survey": survey, "policy": policy, "quality": quality, "dataset": dataset, "plan": plan,
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

    /// A planner's settings as the API and the saved plans carry them (JSON), planned on 40
    /// generated practices. The run is kept short (at most 2 starts and 20 steps a unit), so that
    /// the fuzzer explores settings rather than waiting on searches.
    public static func plan(_ data: Data) {
        guard var options = try? JSONDecoder().decode(PlanOptions.self, from: data) else { return }
        options.starts = min(options.starts, 2)
        options.effort = min(options.effort, 20)
        _ = try? Planner.plan(planInput, options: options)
    }

    static let planInput: PlanInput = {
        let practices = (0..<40).map { i in
            PlanInput.Practice(
                code: "P\(i)", name: "Practice \(i) (generated)", point: (x: (i % 8) * 2_000, y: (i / 8) * 2_000),
                listSize: 2_000 + (i * 7_919) % 14_000, imdScore: Double(i % 10) * 4.5, current: "G\(i / 8)",
                area: "A")
        }
        return PlanInput(practices: practices)
    }()

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
