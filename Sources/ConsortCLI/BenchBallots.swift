import ArgumentParser
import ConsortApp
import ConsortCore
import ConsortWeb
import ElectionsWeb
import Foundation

/// `consort bench ballots`: the cost of the secret ballot. Each cast rewrites all of its poll's
/// papers in a new random order and touches every roll entry (see docs/engagement.md), so a cast
/// costs more as the box fills. Times the last casts of a poll of `--voters`, when the box is
/// fullest, on a fresh SQLite database; the reference, in the same run, is putting one paper in an
/// ordinary table row (what a ballot box without that protection would cost).
struct BallotBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ballots", abstract: "Measure casting a secret ballot against a plain insert.")

    @Option(help: "Voters on the roll (the box holds this many papers at the end).") var voters = 2_000
    @Option(help: "Timed casts, the last of the poll; the median is printed.") var casts = 15

    func validate() throws {
        guard (casts + 1...1_000_000).contains(voters), (1...1_000).contains(casts) else {
            throw ValidationError("give --voters from --casts + 1 to 1,000,000 and --casts from 1 to 1,000")
        }
    }

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("consort-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = AppConfig(
            database: .sqlite(path: folder.appendingPathComponent("bench.sqlite").path), logLevel: "error",
            auditKeyFile: folder.appendingPathComponent("audit.key"), auditCheckpointFile: nil)
        config.dataDirectory = nil
        let (voters, casts) = (self.voters, self.casts)
        try await withConsort(config) { consort in
            let db = consort.app.db
            let (id, waiting) = try await BoxBench.poll(voters: voters, waiting: casts, on: db)
            var secret: [Double] = []
            for voter in waiting {
                let start = DispatchTime.now().uptimeNanoseconds
                try await Box.cast(.election, id: id, roll: voter, paper: "3", on: db)
                secret.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            var plain: [Double] = []
            for k in 0..<casts {
                let start = DispatchTime.now().uptimeNanoseconds
                try await BoxBench.plainInsert(k, on: db)
                plain.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
            print(
                "Secret ballot cast, \(grouped(voters)) on the roll (box full): median \(fixed(median(secret), 2)) ms")
            print("Reference, one paper inserted in its own transaction:          median \(fixed(median(plain), 2)) ms")
            print("Ratio: \(fixed(median(secret) / max(median(plain), 0.001), 0))×")
        }
    }

    private func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
