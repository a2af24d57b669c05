import ArgumentParser
import Assurance
import ConsortApp
import ConsortCore
import ConsortWeb
import Foundation
import Interop
import Planner
import PlanningWeb
import RegistryWeb

/// `consort plan`: propose groupings of practices that pass a policy.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract:
            "Propose groups at a policy's level (networks, consortia, ICBs) in its size band, connected and compact.",
        discussion: """
            Plans each area (--within) separately: every practice ends in exactly one group, every group \
            is connected in the practices' neighbourhood graph, and group sizes fall within the policy's \
            band wherever the area allows; where it does not, the summary says which part and why. Then \
            checks the plan with the policy's assurance rules beside today's configuration. See \
            docs/planner.md.

            Works on the database, or with --data straight on a dataset directory. Exit status: 0 when \
            a plan was made (read its issues), 2 on bad input.
            """)

    enum Within: String, ExpressibleByArgument, CaseIterable {
        case none, region, stp, icb, ccg, consortium
        var kind: GroupKind? {
            switch self {
            case .none: return nil
            case .region: return .region
            case .stp, .icb: return .icb
            case .ccg, .consortium: return .consortium
            }
        }
    }

    enum From: String, ExpressibleByArgument, CaseIterable { case current, scratch }
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: policyHelp)
    var policy: String

    @Option(help: "A level of the policy: consortium, locality, network, neighbourhood, multi-neighbourhood, icb …")
    var level: Policy.Level

    @Option(
        help:
            """
            Keep groups inside each: none, region, stp (or icb), ccg (or consortium). Default: ccg for localities, \
            none otherwise.
            """
    )
    var within: Within?

    @Option(
        parsing: .upToNextOption, help: "Plan only the practices of these groups (any codes: STP, CCG, PCN, region).")
    var area: [String] = []

    @Option(help: "Start from today's groups (current, and count moves against them) or from nothing (scratch).")
    var from: From = .current

    @Option(help: "The random seed; the same seed gives the same plan.")
    var seed: UInt64 = 1

    @Option(help: "Write the plan as practice_code,group CSV to this file.")
    var out: String?

    @Option(help: "Override the policy's minimum group size (patients).")
    var min: Int?

    @Option(help: "Override the policy's maximum group size (patients).")
    var max: Int?

    @Option(help: "The group size to aim for when deciding how many groups to make (patients).")
    var target: Int?

    @Option(help: "Neighbourhood distance cap in km (default: the level's contiguity rule, else 15).")
    var cap: Double?

    @Option(
        help: ArgumentHelp(
            "fewest-changes (change today's groups only where the policy's limits require, and gently towards its "
                + "advice) or design (weigh compactness and deprivation balance as much as moves). Default: "
                + "fewest-changes from today's groups, design from scratch."))
    var mode: PlanOptions.Mode?

    @Option(help: "Weight of compactness (default: the mode's).") var compactness: Double?
    @Option(help: "Weight of deprivation balance between groups (default: the mode's).") var balance: Double?
    @Option(help: "Weight of moving few practices from today's groups (default: the mode's).") var moves: Double?
    @Option(help: "Weight of keeping groups inside the policy's advised band (default: the mode's).")
    var preference: Double?
    @Option(
        help: ArgumentHelp(
            "Weight of keeping each local authority district in one group, for policies with that rule (default: "
                + "the mode's)."))
    var districts: Double?

    @Option(help: "Override the policy's advised smallest group (patients).") var preferredMin: Int?
    @Option(help: "Override the policy's advised largest group (patients).") var preferredMax: Int?

    @Option(
        help:
            """
            Keep whole the groups of this kind: network (whole PCNs), federation, consortium (whole sub-ICB \
            locations) or none. Default: network for localities and multi-neighbourhood providers, consortium \
            for ICBs, none otherwise.
            """
    )
    var atoms: String?

    @Option(parsing: .upToNextOption, help: "Practices that must end in a named group: CODE=GROUP …")
    var pin: [String] = []

    @Option(parsing: .upToNextOption, help: "Today's groups to keep exactly as they are (codes).")
    var lock: [String] = []

    @Option(help: "Independent starts per part of an area (the best is kept).")
    var starts: Int = 4

    @Option(help: "Annealing steps per practice in each start.")
    var effort: Int = 300

    @Option(help: "text or json.")
    var format: Format = .text

    @OptionGroup var dataset: DatasetOptions

    func run() async throws {
        let config = try loadConfig()
        let policy = try loadPolicy("plan", self.policy, config: config)
        var options: PlanOptions
        do { options = try PlanOptions.from(policy: policy, level: level) } catch {
            warn("consort plan: --\(error)")
            throw Exit.badInput
        }
        options.setLimits(min: min, max: max)
        if let target { options.targetPatients = target }
        if let cap { options.capKm = cap }
        if let preferredMin { options.preferredMin = preferredMin }
        if let preferredMax { options.preferredMax = preferredMax }
        let mode = self.mode ?? (from == .current ? .fewestChanges : .design)
        let base = mode.weights
        options.weights = .init(
            compactness: compactness ?? base.compactness, balance: balance ?? base.balance, moves: moves ?? base.moves,
            preference: preference ?? base.preference, districts: districts ?? base.districts)
        options.fromCurrent = from == .current
        options.onlyWhereRequired = mode == .fewestChanges
        options.seed = seed
        options.starts = starts
        options.effort = effort
        do { try options.validate() } catch {
            warn("consort plan: --\(error)")
            throw Exit.badInput
        }
        let atomKind: GroupKind?
        switch atoms ?? level.defaultAtoms?.rawValue ?? "none" {
        case "none": atomKind = nil
        case "network": atomKind = .network
        case "federation": atomKind = .federation
        case "consortium", "ccg", "sub-icb": atomKind = .consortium
        case let other:
            warn("consort plan: --atoms \(other) is not understood; use network, federation, consortium or none")
            throw Exit.badInput
        }
        var pins: [String: String] = [:]
        for entry in pin {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                warn("consort plan: --pin \(entry) is not CODE=GROUP (e.g. --pin A81001=GROUP-1)")
                throw Exit.badInput
            }
            pins[parts[0].uppercased()] = parts[1]
        }
        let within = self.within ?? (level == .locality ? .ccg : .none)

        let configuration = try await loadConfiguration("plan", data: dataset.data, date: dataset.date, config: config)
        warnAboutSizes("plan", configuration)
        var input: PlanInput
        do {
            input = try PlanInput(
                configuration: configuration, level: level, within: within.kind, areas: area.map { $0.uppercased() },
                atoms: atomKind, pins: pins, locked: Set(lock.map { $0.uppercased() }))
        } catch {
            warn("consort plan: --\(error)")
            throw Exit.badInput
        }
        // A policy that asks for each district in one group: the plan keeps them where it can,
        // and the comparison counts the districts split.
        let areas: Assurance.Areas?
        (input, areas) = PlanComparison.placing(
            input, level: level, configuration: configuration, policy: policy,
            districts: try dataset.districts("plan", config: config, for: policy))
        let text = format == .text
        let band = options.band + (options.advisedBand.map { ", advised " + $0 } ?? "")
        if text {
            say(
                """
                Planning \(level.plural) under \(policy.name) (\(band), \
                aiming for \(grouped(options.targetPatients))) \
                \(within == .none ? "as one area" : "within each \(within.kind!.abbreviation)"), from \
                \(options.fromCurrent ? "today's groups" : "scratch"), \(mode.rawValue), seed \(seed).
                """
            )
            say(
                """
                \(grouped(input.practices.count)) practices, \
                \(grouped(input.practices.reduce(0) { $0 + $1.listSize })) patients; \(starts) starts per part on \
                \(ProcessInfo.processInfo.activeProcessorCount) cores.
                """
            )
        }
        let reporter = ProgressReporter(enabled: text)
        let plan: Plan
        do {
            plan = try Planner.plan(input, options: options) { reporter.report($0) }
        } catch {
            warn("consort plan: --\(error)")
            throw Exit.badInput
        }
        let (before, after) = PlanComparison.reports(
            plan, configuration: configuration, policy: policy, areas: areas)

        if let out {
            let csv = CSVWriter.document(header: ["practice_code", "group"], rows: plan.csvRows)
            do { try Data(csv.utf8).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
                warn("consort plan: --out \(out) cannot be written (\(error.localizedDescription))")
                throw Exit.badInput
            }
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            say(String(decoding: try encoder.encode(plan), as: UTF8.self))
        case .text:
            say(PlanComparison.summary(plan, before: before, after: after, level: level))
            if let out {
                say(
                    """
                    Wrote \(out): \(grouped(plan.practiceCodes.count)) practices, \(grouped(plan.groups.count)) \
                    groups.
                    """
                )
            }
            say(String(format: "Planned in %.2f s.", plan.seconds))
        }
    }
}

/// Prints progress at every tenth of the work.
final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private var shown = 0
    private let enabled: Bool
    init(enabled: Bool) { self.enabled = enabled }

    func report(_ progress: Planner.Progress) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let tenth = Int(progress.fraction * 10)
        guard tenth > shown, progress.done < progress.total else { return }
        shown = tenth
        say("  \(tenth * 10)% (\(progress.done) of \(progress.total) starts)")
    }
}

extension Policy.Level: ExpressibleByArgument {}

extension PlanOptions.Mode: ExpressibleByArgument {}
