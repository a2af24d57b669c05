import ArgumentParser
import Elections
import Foundation

/// `consort election …`: counting elections by single transferable vote.
struct ElectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "election", abstract: "Count elections by single transferable vote.",
        subcommands: [CountCommand.self])
}

struct CountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Count a BLT ballot file and print the count sheet, stage by stage.",
        discussion: """
            Reads a ballot file in the BLT format (OpenSTV, OpaVote, Droop.py), with its extensions: comments, \
            ballot ids, withdrawn candidates (negative numbers or [withdrawn]), [nick] names, [tie] order and \
            equal rankings a=b. --method scottish counts by the Scottish Local Government Elections Order 2007 \
            (SSI 2007/42, schedule 1, rules 45-52: five decimal places, remainders ignored); --method meek counts \
            by Meek's method as Droop.py's meek rule does (fixed point, 9 places, omega 10^-6). Ties decided "by \
            lot" follow the file's [tie] order, else candidate order, and the count sheet says so. With --format \
            json it prints one object: "elected" (the elected candidates' names as written in the file, in order \
            of election) and "stages" (the count sheet). Exit 2 naming the line and the reason on a file that \
            cannot be used. See docs/engagement.md.
            """)

    @Argument(help: "The ballot file (.blt).") var file: String
    @Option(help: "scottish, meek, fptp (first preferences) or approval (every ranked candidate).")
    var method: CountMethod
    @Option(help: "text or json.") var format: Format = .text
    @Flag(help: "Print the time taken to read and to count on standard error (for benchmarks).") var timing = false

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() async throws {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            text = String(decoding: data, as: UTF8.self)
        } catch {
            warn("consort election count: \(file) cannot be read: \(error.localizedDescription)")
            throw Exit.badInput
        }
        let sheet: CountSheet
        do {
            let start = ContinuousClock.now
            let election = try BLT.read(text)
            let read = ContinuousClock.now
            sheet = try election.count(method)
            if timing {
                let ms = { (d: Duration) in Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1e3
                }
                warn(
                    String(
                        format: "Read %d ballot papers in %.1f ms; counted in %.1f ms", election.paperCount,
                        ms(read - start), ms(ContinuousClock.now - read)))
            }
        } catch let e as BLTError {
            warn("consort election count: \(file), \(e)")
            throw Exit.badInput
        } catch let e as CountError {
            warn("consort election count: \(file): \(e)")
            throw Exit.badInput
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(sheet), as: UTF8.self))
        case .text:
            print(CountSheetText.render(sheet))
        }
    }
}

extension CountMethod: ExpressibleByArgument {}

/// The count sheet as text: a table of votes by stage, then each stage's notes.
enum CountSheetText {
    static func render(_ s: CountSheet) -> String {
        var out = "\(s.title.isEmpty ? "Election" : s.title)\n\(s.method)\n"
        out +=
            "\(s.seats) seat\(s.seats == 1 ? "" : "s"), \(s.candidates.count) candidates, \(s.ballots) ballot papers, "
            + "quota \(s.quota)\n"
        if !s.withdrawn.isEmpty { out += "Withdrawn: \(s.withdrawn.joined(separator: ", "))\n" }
        let width = max(12, (s.candidates.map(\.count).max() ?? 0) + 2)
        for stage in s.stages {
            out += "\nStage \(stage.number): \(stage.action)\n"
            for (i, name) in s.candidates.enumerated() where i < stage.votes.count {
                let change = stage.transfers.indices.contains(i) ? stage.transfers[i] : ""
                let padded = name.padding(toLength: width, withPad: " ", startingAt: 0)
                out +=
                    "  \(padded) \(stage.votes[i])" + (change.isEmpty || isZero(change) ? "" : "  (\(sign(change)))")
                    + "\n"
            }
            out += "  Non-transferable: \(stage.nonTransferableTotal)"
            if !isZero(stage.lossByFractions) { out += "; lost by fractions: \(stage.lossByFractions)" }
            if let tv = stage.transferValue { out += "; transfer value: \(tv)" }
            out += "; quota: \(stage.quota)\n"
            for note in stage.notes { out += "  - \(note)\n" }
        }
        out += "\nElected, in order: \(s.elected.joined(separator: ", "))\n"
        return out
    }

    static func isZero(_ s: String) -> Bool { s.allSatisfy { $0 == "0" || $0 == "." || $0 == "-" } }
    static func sign(_ s: String) -> String { s.hasPrefix("-") ? s : "+" + s }
}
