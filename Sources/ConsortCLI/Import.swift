import ArgumentParser
import ConsortApp
import ConsortCore
import ConsortWeb
import Foundation
import Importers
import PeopleWeb
import PlanningWeb
import Quality
import QualityWeb
import RegistryWeb

/// `consort import`: load NHS files into the registry.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import NHS files into the registry and print what changed.",
        discussion: """
            PATH is one of: NHS Digital's "Patients Registered at a GP Practice" totals file \
            (gp-reg-pat-prac-all.csv), its practice to PCN, sub-ICB and ICB map (gp-reg-pat-prac-map.csv), the ODS \
            practices file (epraccur.csv), its age-band files (gp-reg-pat-prac-quin-age.csv, \
            gp-reg-pat-prac-sing-age-regions.csv: the published totals of PCNs, sub-ICB locations, ICBs and regions), \
            a directory in Consort's dataset layout (like data/), or a practice quality indicator file in Consort's \
            layout or as Fingertips exports it (see docs/quality.md). The kind of file is recognised from its contents.

            A file with any problem is refused whole: every problem is listed with its file, line and column, \
            nothing is written, and the exit status is 2.

            `consort import people FILE.csv` imports staff into the people directory instead: a line per person \
            and role (columns name, organisation, role, and optionally gmc, nmc, email, phone, from, title), \
            matched to the directory by GMC number, NMC PIN or email, as an administrator (see docs/people.md). \
            With --dry-run it prints what each line would do.
            """)

    @Argument(help: "The file or dataset directory to import, or `people`.")
    var path: String
    @Argument(help: "After `people`: the CSV file of people.")
    var file: String?

    @Option(help: "The kind of file, when it cannot be recognised: consort, totals, map, epraccur or age-bands.")
    var format: SourceFormat?

    @Option(
        help:
            """
            The date the data describes (YYYY-MM-DD): needed for a dataset directory without an EXTRACT_DATE file, \
            and the publication date of an epraccur file (default today).
            """
    )
    var date: String?

    @Flag(help: "The file covers only some practices: do not close practices missing from it.")
    var partial = false

    @Flag(help: "Check the file and print the report without changing the registry.")
    var dryRun = false

    @Flag(help: "Print the full change report as JSON.")
    var json = false

    @Option(help: "Report list-size changes of at least this percentage…")
    var largeChangePercent = 10.0

    @Option(help: "…and at least this many patients.")
    var largeChangeMinimum = 100

    func run() async throws {
        if path == "people", let file {
            try await importPeople(file)
            return
        }
        if let text = Self.indicatorFile(path) {
            try await importIndicators(text)
            return
        }
        let day = try parseDate("import", date)
        let started = Date()
        let snapshot = try readSnapshot(URL(fileURLWithPath: path), format: format, date: day)
        let config = try loadConfig()
        let options = ImportOptions(
            partial: partial, largeChangePercent: largeChangePercent, largeChangeMinimum: largeChangeMinimum,
            today: day ?? Day.today())
        let read = Date().timeIntervalSince(started)
        if dryRun, case .sqlite(let file) = config.database, !FileManager.default.fileExists(atPath: file) {
            // A dry run never creates a database: with none yet, compare with an empty registry.
            let plan: ImportPlan
            do { plan = try ImportPlanner.plan(snapshot, against: RegistryState(), options: options) } catch {
                warn(error.description)
                throw Exit.badInput
            }
            try print(report: plan.report, read: read, writing: Date())
            say("Dry run: there is no database at \(file) yet; compared with an empty registry and created nothing.")
            return
        }
        try await withConsort(config) { consort in
            let outcome: RegistryStore.Outcome
            let writing = Date()
            do {
                outcome = try await consort.importSnapshot(
                    snapshot, options: options, actor: "cli:import", dryRun: dryRun)
            } catch let failure as ImportFailure {
                warn(failure.description)
                throw Exit.badInput
            }
            try print(report: outcome.report, read: read, writing: writing)
            if !json {
                if dryRun {
                    say("Dry run: nothing was written.")
                } else if let id = outcome.importID {
                    say("Recorded as import \(id).")
                } else {
                    say("Nothing was recorded.")
                }
            }
        }
    }
}

extension Import {
    func print(report: ChangeReport, read: TimeInterval, writing: Date) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            say(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            say(report.text())
            say(
                String(
                    format: "Read and checked in %.2f s; compared and written in %.2f s.", read,
                    Date().timeIntervalSince(writing)))
        }
    }
}

extension SourceFormat: ExpressibleByArgument {}

extension Import {
    /// The text of `path` when it is a quality indicator file (its header names an indicator id).
    static func indicatorFile(_ path: String) -> String? {
        var directory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &directory), !directory.boolValue,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return nil }
        let header = text.prefix { $0 != "\n" && $0 != "\r" }.lowercased()
        return header.contains("indicator_id") || header.contains("indicator id") ? text : nil
    }

    func importIndicators(_ text: String) async throws {
        let file: IndicatorFile
        do { file = try IndicatorFile.read(text, file: path) } catch {
            warn("consort import: \(error)")
            throw Exit.badInput
        }
        guard !dryRun else {
            say("Dry run: \(grouped(file.values.count)) indicator values read from \(path); nothing was written.")
            return
        }
        let config = try loadConfig()
        try await withConsort(config) { consort in
            do {
                let outcome = try await QualityStore.importFile(
                    file, name: URL(fileURLWithPath: path).lastPathComponent, actor: "cli:import", on: consort.app.db)
                say(
                    "Indicator \(outcome.indicator): \(grouped(outcome.added)) values added, "
                        + "\(grouped(outcome.replaced)) replaced, for \(outcome.periods.joined(separator: ", ")).")
            } catch let e as QualityError {
                warn("consort import: \(e)")
                throw Exit.badInput
            }
        }
    }
}

extension Import {
    /// `consort import people FILE.csv`: the directory's CSV import, as an administrator.
    func importPeople(_ file: String) async throws {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            warn("consort import people: \(file) cannot be read as UTF-8 text")
            throw Exit.badInput
        }
        let config = try loadConfig()
        try await withConsort(config) { consort in
            let admin = CurrentUser(
                id: 0, username: "cli", displayName: "consort import people", isDemo: false,
                grants: [RoleGrant(role: .administrator, scope: nil)])
            let plan: PeopleImport.Plan
            if dryRun {
                let view = try await consort.app.registryCache.view(at: Day.today(), on: Store.sql(consort.app.db))
                plan = try await PeopleImport.plan(text, by: admin, view: view, on: Store.sql(consort.app.db))
            } else {
                plan = try await PeopleImport.run(text, by: admin, actor: .cli("import people"), app: consort.app)
            }
            guard plan.problems.isEmpty else {
                warn("consort import people: \(file) refused, nothing was written:")
                for p in plan.problems { warn("  \(file), line \(p.line): \(p.message)") }
                throw Exit.badInput
            }
            for line in plan.lines {
                say(
                    "line \(line.line): \(line.details.name), \(line.role.label) at \(line.organisation): "
                        + line.summary)
            }
            say(
                "\(dryRun ? "Would add" : "Added") \(counted(plan.added, "person", "people")), "
                    + "\(counted(plan.roles, "role")) for people already in the directory; \(grouped(plan.unchanged)) "
                    + "unchanged.\(dryRun ? " Dry run: nothing was written." : "")")
        }
    }
}
