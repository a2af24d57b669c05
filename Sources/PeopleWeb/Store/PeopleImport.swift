import ConsortCore
import ConsortWeb
import Foundation
import Interop
import SQLKit
import Vapor

/// Staff by the hundred: a CSV of people with their roles, matched to the directory. Each line is
/// a person and one role: `name,organisation,role` and optionally `gmc`, `nmc`, `email`, `phone`,
/// `from` (the day the role began; today when empty) and `title`, in any order, named in the
/// header. A line whose GMC number, NMC PIN or work email the directory holds is that person
/// (given the role if they lack it); any other line is a new person. Every line is checked as
/// the directory's form checks it, with the officer's right to give roles at the organisation;
/// the preview lists what would change and every problem by line, and the import writes all of
/// it in one transaction or nothing.
package enum PeopleImport {
    package static let required = ["name", "organisation", "role"]
    package static let known = required + ["gmc", "nmc", "email", "phone", "from", "title"]
    /// Lines a file may hold.
    package static let maxLines = 2_000

    package enum Change: Sendable {
        case newPerson
        case newRole(person: Int64)
        case unchanged(person: Int64)
        /// Another role of the new person of an earlier line.
        case sameAs(line: Int)
    }

    /// One line read and checked, and what importing it does.
    package struct Line: Sendable {
        package let line: Int
        package let details: Directory.Details
        package let organisation: String
        package let role: PersonRole
        package let from: Day
        package let title: String?
        package var change: Change = .newPerson

        package var summary: String {
            switch change {
            case .newPerson: return "New person"
            case .newRole: return "Add the role to the person in the directory"
            case .unchanged: return "Already in the directory with this role: nothing to do"
            case .sameAs(let line): return "Another role of the new person of line \(line)"
            }
        }
    }

    package struct Plan: Sendable {
        package var lines: [Line] = []
        package var problems: [(line: Int, message: String)] = []
        package var added: Int { lines.filter { if case .newPerson = $0.change { true } else { false } }.count }
        package var roles: Int {
            lines.filter {
                switch $0.change {
                case .newRole, .sameAs: true
                default: false
                }
            }.count
        }
        package var unchanged: Int { lines.count - added - roles }
    }

    /// Reads and checks `text` against the directory and the registry, for `user`.
    package static func plan(_ text: String, by user: CurrentUser, view: RegistryView, on db: any SQLDatabase)
        async throws -> Plan
    {
        var plan = Plan()
        let records: [CSVRecord]
        do { records = try CSVReader.parse(text, file: "the file") } catch let e as CSVError {
            plan.problems.append((e.line, e.reason))
            return plan
        }
        guard let header = records.first else {
            plan.problems.append((0, "the file is empty: give a header line and a line per person"))
            return plan
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for column in required where !names.contains(column) {
            plan.problems.append(
                (header.line, "the header has no \(column) column (columns: \(known.joined(separator: ", ")))"))
        }
        for name in names where !known.contains(name) {
            plan.problems.append(
                (header.line, "unknown column \"\(name)\"; the columns are \(known.joined(separator: ", "))"))
        }
        guard plan.problems.isEmpty else { return plan }
        let body = records.dropFirst().filter {
            !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
        guard !body.isEmpty else {
            plan.problems.append((header.line, "the file has a header and no people"))
            return plan
        }
        guard body.count <= maxLines else {
            plan.problems.append(
                (
                    header.line,
                    "the file has \(grouped(body.count)) people; import at most \(grouped(maxLines)) at a time"
                ))
            return plan
        }
        let managed = Directory.managedCodes(user, view: view)
        // The lines of one person: a later line with the same GMC number, NMC PIN or email is
        // another role of theirs, and must give the same name.
        var seen: [String: (line: Int, name: String, new: Bool)] = [:]
        for record in body {
            var values: [String: String] = [:]
            for (i, name) in names.enumerated() where i < record.fields.count { values[name] = record.fields[i] }
            if values["from"].map({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? true {
                values["from"] = Day.today().iso
            }
            let form = PeopleForm(values)
            var problems: [String] = []
            var details: Directory.Details?
            do { details = try Directory.Details.read(form) } catch let all as FieldProblems {
                problems += all.all.map { "\($0.field): \($0.message)" }
            } catch let one as FieldProblem { problems.append("\(one.field): \(one.message)") }
            var role: (String, PersonRole, Day, Day?, String?)?
            do { role = try Directory.roleFields(form) } catch let p as FieldProblem {
                problems.append("\(p.field): \(p.message)")
            }
            if let (code, kind, _, _, _) = role {
                if view.index[code] == nil && view.groups[code] == nil {
                    problems.append("organisation: \(code) is not an open practice or group in today's registry")
                } else if let managed, !managed.contains(code) {
                    problems.append(
                        "organisation: you keep the people of \(managed.sorted().joined(separator: ", ")), "
                            + "not of \(code)")
                } else if let problem = Directory.placeProblem(kind, at: code, view: view) {
                    problems.append("role: \(problem)")
                }
            }
            var earlier: (line: Int, name: String, new: Bool)?
            if let details {
                for key in [details.gmc, details.nmc, details.email?.lowercased()].compactMap({ $0 }) {
                    guard let first = seen[key] else { continue }
                    if first.name.lowercased() != details.name.lowercased() {
                        problems.append(
                            "\(key) is \(first.name) on line \(first.line) but \(details.name) here: one number or "
                                + "email, one person")
                    }
                    earlier = earlier ?? first
                }
            }
            guard problems.isEmpty, let details, let (code, kind, from, _, title) = role else {
                for p in problems { plan.problems.append((record.line, p)) }
                continue
            }
            var line = Line(
                line: record.line, details: details, organisation: code, role: kind, from: from, title: title)
            let keys = [details.gmc, details.nmc, details.email?.lowercased()].compactMap { $0 }
            if let earlier, earlier.new {
                line.change = .sameAs(line: earlier.line)
            } else if let person = try await match(details, on: db) {
                let held = try await Directory.roles([person.id], on: db).contains {
                    $0.organisationCode == code && $0.role == kind.rawValue && $0.validTo == nil
                }
                line.change = held ? .unchanged(person: person.id) : .newRole(person: person.id)
            }
            if earlier == nil {
                let new: Bool
                if case .newPerson = line.change { new = true } else { new = false }
                for key in keys { seen[key] = (record.line, details.name, new) }
            }
            plan.lines.append(line)
        }
        return plan
    }

    /// The person of the directory a line is: by GMC number, NMC PIN, then work email.
    static func match(_ details: Directory.Details, on db: any SQLDatabase) async throws -> Directory.PersonRow? {
        for key in [details.gmc, details.nmc].compactMap({ $0 }) {
            if let person = try await Directory.person(registration: key, on: db) { return person }
        }
        guard let email = details.email else { return nil }
        return try await Directory.person(email: email, on: db)
    }

    /// Imports `text` in one transaction, checking it again inside it; refused whole (nothing
    /// written) when any line has a problem.
    package static func run(
        _ text: String, by user: CurrentUser, actor: AuditLog.Actor? = nil, app: Application
    ) async throws -> Plan {
        let view = try await app.registryCache.view(at: Day.today(), on: Store.sql(app.db))
        return try await Store.write(app.db) { db in
            let plan = try await plan(text, by: user, view: view, on: db)
            guard plan.problems.isEmpty else { return plan }
            var created: [Int: Int64] = [:]
            for line in plan.lines {
                let person: Int64
                switch line.change {
                case .unchanged: continue
                case .newRole(let id): person = id
                case .sameAs(let first):
                    guard let id = created[first] else { continue }
                    person = id
                case .newPerson:
                    let d = line.details
                    person = try await Directory.insertPerson(
                        name: d.name, gmc: d.gmc, nmc: d.nmc, email: d.email, phone: d.phone, isDemo: false,
                        by: user.username, on: db)
                    created[line.line] = person
                }
                try await Directory.giveRole(
                    person, code: line.organisation, kind: line.role, title: line.title, from: line.from, to: nil,
                    by: .officer(user), view: view, on: db)
            }
            try await AuditLog.append(
                on: db, actor: actor ?? .user(user.username), action: "people.import", entity: "person",
                entityID: "import",
                after: ["people": plan.added, "roles": plan.roles, "unchanged": plan.unchanged])
            return plan
        }
    }
}
