import ConsortCore
import ConsortWeb
import Elections
import Foundation
import SQLKit

/// Who may vote in an election or answer a survey, drawn from the registry and the people
/// directory at a date: every GP (by role) at the member practices of some groups, every member
/// practice (with its votes), or a hand-made list of people.
package struct Electorate: Sendable {
    package enum Kind: String, Sendable, CaseIterable {
        case gps, practices, people

        package var label: String {
            switch self {
            case .gps: return "Every GP at the groups' practices"
            case .practices: return "Every practice of the groups (a practice vote)"
            case .people: return "A list of people from the directory"
            }
        }
    }

    package var kind: Kind
    package var groups: [String]
    package var gpRoles: Set<PersonRole>
    package var weighting: Weighting
    /// A hand-made roll: one GMC number, NMC PIN or email address of a person in the directory per line.
    package var people: String
    package var day: Day

    package init(
        kind: Kind, groups: [String], gpRoles: Set<PersonRole> = [.gpPartner, .salariedGP, .sessionalGP],
        weighting: Weighting = .onePerPractice, people: String = "", day: Day
    ) {
        self.kind = kind
        self.groups = groups
        self.gpRoles = gpRoles
        self.weighting = weighting
        self.people = people
        self.day = day
    }

    /// The weighting as stored: `one`, `gps` or `patients:N:rounding`.
    package var weightingCode: String {
        switch weighting {
        case .onePerPractice: return "one"
        case .perGP: return "gps"
        case .perPatients(let n, let r): return "patients:\(n):\(r.rawValue)"
        }
    }

    package static func weighting(code: String) -> Weighting {
        let parts = code.split(separator: ":").map(String.init)
        if parts.first == "gps" { return .perGP }
        if parts.count == 3, parts[0] == "patients", let n = Int(parts[1]),
            let r = Weighting.Rounding(rawValue: parts[2])
        {
            return .perPatients(n, r)
        }
        return .onePerPractice
    }
}

/// One line of a roll.
package struct RollEntry: Sendable, Equatable {
    package var personID: Int64?
    package var practice: String?
    package var group: String?
    package var label: String
    package var weight: Int
}

package enum Roll {
    /// The registry as it was on a day (the roll's groups and their practices on its date).
    package typealias Views = @Sendable (Day) async throws -> RegistryView

    /// The most entries a roll may have (every cast rewrites the poll's papers; see `Box`).
    package static let maxEntries = 20_000

    /// A roll drawn and ready to issue: its entries and note, a new credential for each entry, and
    /// the people who receive a practice's (its practice managers on the roll's date).
    package struct Drawn: Sendable {
        package let entries: [RollEntry]
        package let note: String
        package let credentials: [String]
        package let managers: [String: [Int64]]
    }

    /// Draws the roll from the registry on its date and the people directory.
    package static func draw(_ e: Electorate, views: Views, db: any SQLDatabase) async throws -> Drawn {
        let (entries, note) = try await build(e, view: try await views(e.day), db: db)
        let managers =
            e.kind == .practices ? try await practiceManagers(entries.compactMap(\.practice), day: e.day, db: db) : [:]
        return Drawn(
            entries: entries, note: note, credentials: entries.map { _ in Tokens.random() }, managers: managers)
    }

    /// Draws the roll; problems name the form's field. `note` says what the roll is and the date
    /// and source of its facts.
    package static func build(_ e: Electorate, view: RegistryView, db: any SQLDatabase) async throws
        -> (entries: [RollEntry], note: String)
    {
        var practices: [(code: String, name: String, group: String, listSize: Int?, listSizeOn: Day?)] = []
        var seen: Set<String> = []
        for code in e.groups {
            guard let group = view.groups[code] else {
                throw FieldProblem(field: "groups", message: "there is no group \(code) on \(e.day.long)")
            }
            for i in group.members where seen.insert(view.practices[i].code).inserted {
                let p = view.practices[i]
                practices.append((p.code, p.name, code, p.listSize, p.listSizeOn))
            }
        }
        let groupNames = e.groups.map { view.groups[$0].map { "\($0.name) (\($0.code))" } ?? $0 }.joined(
            separator: ", ")
        var entries: [RollEntry] = []
        var note: String
        switch e.kind {
        case .practices:
            if practices.isEmpty {
                throw FieldProblem(field: "groups", message: "the groups have no member practices on \(e.day.long)")
            }
            let counts = try await gpCounts(practices.map(\.code), roles: e.gpRoles, day: e.day, db: db)
            var missing: [String] = []
            for p in practices {
                switch e.weighting.votes(patients: p.listSize, gps: counts[p.code] ?? 0) {
                case .success(let votes):
                    var label = "\(p.name) (\(p.code))"
                    if case .perPatients = e.weighting, let size = p.listSize, let on = p.listSizeOn {
                        label += ": \(grouped(size)) patients on \(on.long)"
                    } else if case .perGP = e.weighting {
                        label += ": \(counts[p.code] ?? 0) GPs"
                    }
                    entries.append(
                        RollEntry(personID: nil, practice: p.code, group: p.group, label: label, weight: votes))
                case .failure(.noListSize): missing.append(p.code)
                case .failure(.divisor):
                    throw FieldProblem(
                        field: "per_patients",
                        message:
                            "give the patients per vote as a whole number from 1 to \(grouped(Weighting.maxDivisor))")
                }
            }
            if !missing.isEmpty {
                throw FieldProblem(
                    field: "weighting",
                    message:
                        "\(missing.count) practices have no list size to weight by "
                        + "(\(missing.prefix(8).joined(separator: ", ")))"
                        + "; weight one per practice or per GP instead")
            }
            note =
                "The \(entries.count) member practices of \(groupNames) on \(e.day.long) (the registry), "
                + e.weighting.label
            if case .perPatients = e.weighting {
                note += "; patients from each practice's latest published list size on or before the date"
            } else if case .perGP = e.weighting {
                note += "; GPs from the people directory"
            }
        case .gps:
            if practices.isEmpty {
                throw FieldProblem(field: "groups", message: "the groups have no member practices on \(e.day.long)")
            }
            let byPractice = Dictionary(practices.map { ($0.code, $0.group) }, uniquingKeysWith: { a, _ in a })
            for gp in try await gps(practices.map(\.code), roles: e.gpRoles, day: e.day, db: db) {
                entries.append(
                    RollEntry(
                        personID: gp.id, practice: gp.practice, group: byPractice[gp.practice], label: gp.name,
                        weight: 1))
            }
            let roles = PersonRole.allCases.filter(e.gpRoles.contains).map {
                $0 == .gpPartner ? "GP partner" : $0 == .salariedGP ? "salaried GP" : "sessional GP"
            }
            let who =
                roles.count > 1
                ? roles.dropLast().joined(separator: ", ") + " and " + (roles.last ?? "") : roles.first ?? "GP"
            note =
                "Every \(who) with a role at a member practice of \(groupNames) on "
                + "\(e.day.long) (the people directory), one vote each"
        case .people:
            entries = try await listed(e.people, db: db)
            note = "A list of \(entries.count) people from the directory, one vote each"
        }
        if entries.isEmpty {
            throw FieldProblem(
                field: e.kind == .people ? "people" : "electorate",
                message: "no one is on this roll; the directory has no such people at the groups' practices on "
                    + "\(e.day.long)")
        }
        if entries.count > maxEntries {
            throw FieldProblem(field: "electorate", message: "a roll has at most \(grouped(maxEntries)) entries")
        }
        return (entries, note)
    }

    /// GPs (by role) at `practices` on `day`, each once, at the first of their practices.
    static func gps(_ practices: [String], roles: Set<PersonRole>, day: Day, db: any SQLDatabase) async throws
        -> [(id: Int64, name: String, practice: String)]
    {
        guard !practices.isEmpty, !roles.isEmpty else { return [] }
        struct R: Decodable {
            let id: Int64
            let name: String
            let isDemo: Bool
            let organisationCode: String
        }
        var seen: Set<Int64> = []
        var out: [(Int64, String, String)] = []
        for chunk in practices.chunks(of: 500) {
            let rows = try await db.raw(
                """
                SELECT p.id, p.name, p.is_demo, r.organisation_code FROM people p \
                JOIN person_roles r ON r.person_id = p.id
                WHERE r.organisation_code IN (\(binds: chunk)) AND r.role IN (\(binds: roles.map(\.rawValue).sorted()))
                  AND r.valid_from <= \(bind: day.iso) AND (r.valid_to IS NULL OR r.valid_to > \(bind: day.iso))
                ORDER BY p.name, p.id, r.organisation_code
                """
            ).all(decoding: R.self, with: snakeCaseRows)
            for r in rows where seen.insert(r.id).inserted {
                out.append((r.id, Layout.demoName(r.name, isDemo: r.isDemo), r.organisationCode))
            }
        }
        return out.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    }

    static func gpCounts(_ practices: [String], roles: Set<PersonRole>, day: Day, db: any SQLDatabase) async throws
        -> [String: Int]
    {
        guard !practices.isEmpty, !roles.isEmpty else { return [:] }
        struct R: Decodable {
            let organisationCode: String
            let personId: Int64
        }
        var people: [String: Set<Int64>] = [:]
        for chunk in practices.chunks(of: 500) {
            for r in try await db.raw(
                """
                SELECT organisation_code, person_id FROM person_roles
                WHERE organisation_code IN (\(binds: chunk)) AND role IN (\(binds: roles.map(\.rawValue).sorted()))
                  AND valid_from <= \(bind: day.iso) AND (valid_to IS NULL OR valid_to > \(bind: day.iso))
                """
            ).all(decoding: R.self, with: snakeCaseRows) {
                people[r.organisationCode, default: []].insert(r.personId)
            }
        }
        return people.mapValues(\.count)
    }

    /// A hand-made roll: each line a GMC number, NMC PIN or email address in the directory.
    static func listed(_ text: String, db: any SQLDatabase) async throws -> [RollEntry] {
        struct R: Decodable {
            let id: Int64
            let name: String
            let isDemo: Bool
        }
        var entries: [RollEntry] = []
        var seen: Set<Int64> = []
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard lines.count <= maxEntries else {
            throw FieldProblem(field: "people", message: "a roll has at most \(grouped(maxEntries)) people")
        }
        for (i, raw) in lines.enumerated() {
            let key = raw.trimmingCharacters(in: .whitespaces)
            if key.isEmpty { continue }
            guard key.count <= 254 else {
                throw FieldProblem(field: "people", message: "line \(i + 1) is too long for an address or number")
            }
            let found = try await db.raw(
                """
                SELECT id, name, is_demo FROM people
                WHERE gmc_number = \(bind: key) OR nmc_pin = \(bind: key.uppercased()) \
                OR LOWER(email) = \(bind: key.lowercased())
                ORDER BY id LIMIT 2
                """
            ).all(decoding: R.self, with: snakeCaseRows)
            guard found.count == 1, let person = found.first else {
                throw FieldProblem(
                    field: "people",
                    message: found.isEmpty
                        ? "line \(i + 1): no one in the people directory has the GMC number, NMC PIN or email \(key)"
                        : "line \(i + 1): more than one person has \(key); use their GMC number")
            }
            if seen.insert(person.id).inserted {
                entries.append(
                    RollEntry(
                        personID: person.id, practice: nil, group: nil,
                        label: Layout.demoName(person.name, isDemo: person.isDemo), weight: 1))
            }
        }
        return entries
    }

    /// The people with a practice-manager role at each practice on `day` (who receive a practice's
    /// ballot).
    static func practiceManagers(_ practices: [String], day: Day, db: any SQLDatabase) async throws -> [String: [Int64]]
    {
        guard !practices.isEmpty else { return [:] }
        struct R: Decodable {
            let organisationCode: String
            let personId: Int64
        }
        var out: [String: [Int64]] = [:]
        for chunk in practices.chunks(of: 500) {
            for r in try await db.raw(
                """
                SELECT organisation_code, person_id FROM person_roles
                WHERE organisation_code IN (\(binds: chunk)) AND role = \(bind: PersonRole.practiceManager.rawValue)
                  AND valid_from <= \(bind: day.iso) AND (valid_to IS NULL OR valid_to > \(bind: day.iso))
                ORDER BY person_id
                """
            ).all(decoding: R.self, with: snakeCaseRows) { out[r.organisationCode, default: []].append(r.personId) }
        }
        return out
    }
}

extension Roll {
    /// How an entry of a roll is told of its ballot: by email, in the app (an account), both or
    /// neither; for a practice's entry, through its practice managers in the directory.
    package struct Reach: Sendable, Equatable {
        package var email = 0
        package var account = 0
        /// People the entry reaches (a practice's managers; one person otherwise).
        package var people = 0
        package var reached: Bool { email > 0 || account > 0 }

        package var text: String {
            if people == 0 { return "No practice manager in the directory: cannot be told" }
            switch (email > 0, account > 0) {
            case (true, true): return "By email and in Consort"
            case (true, false): return "By email (no account)"
            case (false, true): return "In Consort only (no email)"
            case (false, false): return "No email and no account: cannot be told"
            }
        }
    }

    /// The reach of each line of a poll's roll (by roll entry id), from the directory today.
    package static func reach(_ lines: [ElectionStore.RollLine], on day: Day, db: any SQLDatabase) async throws
        -> [Int64: Reach]
    {
        let managers = try await practiceManagers(
            lines.filter { $0.personId == nil }.compactMap(\.practiceCode), day: day, db: db)
        var people = Set(lines.compactMap(\.personId))
        for list in managers.values { people.formUnion(list) }
        struct R: Decodable {
            let id: Int64
            let hasEmail: Bool
            let hasAccount: Bool
        }
        var known: [Int64: R] = [:]
        for chunk in Array(people).chunks(of: 500) {
            for r in try await db.raw(
                """
                SELECT p.id, (p.email IS NOT NULL AND p.email <> '') AS has_email, \
                EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id AND u.disabled = \(bind: false)) AS has_account
                FROM people p WHERE p.id IN (\(binds: chunk))
                """
            ).all(decoding: R.self, with: snakeCaseRows) { known[r.id] = r }
        }
        var out: [Int64: Reach] = [:]
        for line in lines {
            let who = line.personId.map { [$0] } ?? line.practiceCode.flatMap { managers[$0] } ?? []
            var reach = Reach()
            for person in who {
                reach.people += 1
                if known[person]?.hasEmail == true { reach.email += 1 }
                if known[person]?.hasAccount == true { reach.account += 1 }
            }
            out[line.id] = reach
        }
        return out
    }
}
