import Foundation

/// A policy file that cannot be used, with the line at fault.
public struct PolicyError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// "file, line N: reason", or "file: reason" for a file that cannot be read at all.
    public var description: String { line > 0 ? "\(file), line \(line): \(reason)" : "\(file): \(reason)" }
}

/// Reads and checks policy files.
public enum PolicyReader {
    public static func read(_ text: String, file: String) throws(PolicyError) -> Policy {
        let root: TOML.Table
        do { root = try TOML.parse(text) } catch {
            throw PolicyError(file: file, line: error.line, reason: error.reason)
        }
        var reader = Reader(file: file)
        return try reader.policy(root)
    }

    public static func read(contentsOf url: URL) throws(PolicyError) -> Policy {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw PolicyError(
                file: url.lastPathComponent, line: 0, reason: "cannot be read (\(error.localizedDescription))")
        }
        return try read(text, file: url.lastPathComponent)
    }

    private struct Reader {
        let file: String
        var sourceIDs = Set<String>()

        func fail(_ line: Int, _ reason: String) -> PolicyError { PolicyError(file: file, line: line, reason: reason) }

        /// Checks that a table has only the keys expected.
        func only(_ table: TOML.Table, _ allowed: [String], in name: String) throws(PolicyError) {
            for entry in table.entries where !allowed.contains(entry.key) {
                throw fail(
                    entry.line,
                    "unknown setting '\(entry.key)' in \(name); expected one of \(allowed.joined(separator: ", "))")
            }
        }

        func string(_ t: TOML.Table, _ key: String, required: Bool = false) throws(PolicyError) -> String? {
            guard let entry = t[key] else {
                if required { throw fail(t.line, "'\(key)' is missing") }
                return nil
            }
            guard case .string(let s) = entry.value, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail(entry.line, "'\(key)' must be a non-empty string, not \(entry.value.typeName)")
            }
            return s
        }

        func int(_ t: TOML.Table, _ key: String, min: Int = 0) throws(PolicyError) -> Int? {
            guard let entry = t[key] else { return nil }
            guard case .integer(let n) = entry.value else {
                throw fail(entry.line, "'\(key)' must be a whole number, not \(entry.value.typeName)")
            }
            guard n >= min else { throw fail(entry.line, "'\(key)' must be at least \(min)") }
            return n
        }

        func number(_ t: TOML.Table, _ key: String) throws(PolicyError) -> Double? {
            guard let entry = t[key] else { return nil }
            switch entry.value {
            case .integer(let n): return Double(n)
            case .float(let d): return d
            default: throw fail(entry.line, "'\(key)' must be a number, not \(entry.value.typeName)")
            }
        }

        func bool(_ t: TOML.Table, _ key: String, default value: Bool) throws(PolicyError) -> Bool {
            guard let entry = t[key] else { return value }
            guard case .bool(let b) = entry.value else { throw fail(entry.line, "'\(key)' must be true or false") }
            return b
        }

        func line(_ t: TOML.Table, _ key: String) -> Int { t[key]?.line ?? t.line }

        func source(_ t: TOML.Table, _ key: String = "source", what: String) throws(PolicyError) -> String {
            guard let id = try string(t, key) else {
                throw fail(t.line, "\(what) has no '\(key)': every figure must name its source from [sources]")
            }
            guard sourceIDs.contains(id) else { throw fail(line(t, key), "source '\(id)' is not listed in [sources]") }
            return id
        }

        func severity(_ t: TOML.Table, default value: Policy.Severity) throws(PolicyError) -> Policy.Severity {
            guard let text = try string(t, "severity") else { return value }
            guard let s = Policy.Severity(rawValue: text) else {
                throw fail(line(t, "severity"), "severity '\(text)' must be blocking or advisory")
            }
            return s
        }

        func kinds(_ t: TOML.Table, _ key: String) throws(PolicyError) -> [GroupKind]? {
            guard let entry = t[key] else { return nil }
            guard case .array(let items) = entry.value, !items.isEmpty else {
                throw fail(entry.line, "'\(key)' must be a non-empty list of group kinds")
            }
            var out: [GroupKind] = []
            for item in items {
                guard case .string(let s) = item, let kind = GroupKind(rawValue: s) else {
                    throw fail(
                        entry.line,
                        "'\(key)' lists an unknown group kind; use "
                            + "\(GroupKind.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                out.append(kind)
            }
            return out
        }

        func table(_ entry: TOML.Table.Entry, in name: String) throws(PolicyError) -> TOML.Table {
            guard case .table(let t) = entry.value else {
                throw fail(entry.line, "'\(entry.key)' in \(name) must be a table")
            }
            return t
        }

        mutating func policy(_ root: TOML.Table) throws(PolicyError) -> Policy {
            var levelEntries: [(Policy.Level, TOML.Table.Entry)] = []
            for entry in root.entries {
                switch entry.key {
                case "name", "version", "title", "description", "sources", "overlaps": continue
                default:
                    guard case .table = entry.value else {
                        throw fail(
                            entry.line,
                            "unknown setting '\(entry.key)'; a policy has name, version, title, description, "
                                + "[sources], [overlaps] and a table for each level it sets rules for")
                    }
                    guard let level = Policy.Level(rawValue: entry.key) else {
                        throw fail(
                            entry.line,
                            "[\(entry.key)] is not a level name: use lower-case letters, digits and hyphens, e.g. "
                                + "[consortium] or [multi-neighbourhood]")
                    }
                    levelEntries.append((level, entry))
                }
            }
            let name = try string(root, "name", required: true)!
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw fail(line(root, "name"), "the name '\(name)' may hold only letters, digits, - and _")
            }
            let version = try string(root, "version", required: true)!
            let title = try string(root, "title") ?? name
            let description = try string(root, "description")
            guard let sourcesEntry = root["sources"] else {
                throw fail(1, "[sources] is missing: a policy must cite the source of every figure")
            }
            let sourcesTable = try table(sourcesEntry, in: "the policy")
            var sources: [Policy.Source] = []
            for entry in sourcesTable.entries {
                guard case .string(let citation) = entry.value, !citation.isEmpty else {
                    throw fail(entry.line, "source '\(entry.key)' must be a citation string")
                }
                sources.append(.init(id: entry.key, citation: citation))
                sourceIDs.insert(entry.key)
            }
            var levels: [Policy.LevelRules] = []
            for (level, entry) in levelEntries {
                levels.append(try self.level(level, try table(entry, in: "the policy"), at: entry.line))
            }
            guard !levels.isEmpty else {
                throw fail(1, "the policy sets no rules: add a table for a level, e.g. [consortium] or [network]")
            }
            var overlaps: Policy.OverlapRule?
            if let entry = root["overlaps"] {
                let t = try table(entry, in: "the policy")
                try only(t, ["severity", "source"], in: "[overlaps]")
                overlaps = .init(
                    severity: try severity(t, default: .advisory), source: try source(t, what: "[overlaps]"))
            }
            return Policy(
                name: name, version: version, title: title, description: description, sources: sources, levels: levels,
                overlaps: overlaps)
        }

        func level(_ level: Policy.Level, _ t: TOML.Table, at start: Int) throws(PolicyError) -> Policy.LevelRules {
            let name = "[\(level.rawValue)]"
            try only(
                t, ["kinds", "size", "coverage", "contiguity", "cherry_picking", "access", "nesting", "coterminosity"],
                in: name)
            guard let kinds = try self.kinds(t, "kinds") ?? level.defaultKind.map({ [$0] }) else {
                throw fail(
                    start,
                    "\(name) is a level Consort does not know: say which registry groups it checks, e.g. "
                        + "kinds = [\"network\"]")
            }
            var rules = Policy.LevelRules(level: level, kinds: kinds)
            if let entry = t["size"] {
                let s = try table(entry, in: name)
                let where_ = "[\(level.rawValue).size]"
                try only(s, ["min", "max", "source", "advisory_min", "advisory_max", "advisory_source"], in: where_)
                var size = Policy.SizeRule(
                    min: try int(s, "min"), max: try int(s, "max"),
                    advisoryMin: try int(s, "advisory_min"), advisoryMax: try int(s, "advisory_max"))
                if size.min != nil || size.max != nil { size.source = try source(s, what: "\(where_) min/max") }
                if size.advisoryMin != nil || size.advisoryMax != nil {
                    if s["advisory_source"] == nil, let hard = size.source {
                        size.advisorySource = hard
                    } else {
                        size.advisorySource = try source(s, "advisory_source", what: where_)
                    }
                }
                if let lo = size.min, let hi = size.max, lo > hi {
                    throw fail(line(s, "max"), "min (\(lo)) is above max (\(hi))")
                }
                if let lo = size.advisoryMin, let hi = size.advisoryMax, lo > hi {
                    throw fail(line(s, "advisory_max"), "advisory_min (\(lo)) is above advisory_max (\(hi))")
                }
                if let lo = size.min, let advisory = size.advisoryMin, advisory < lo {
                    throw fail(
                        line(s, "advisory_min"),
                        "advisory_min (\(advisory)) is below min (\(lo)): the advisory band must lie inside the hard "
                            + "band"
                    )
                }
                if let hi = size.max, let advisory = size.advisoryMax, advisory > hi {
                    throw fail(
                        line(s, "advisory_max"),
                        "advisory_max (\(advisory)) is above max (\(hi)): the advisory band must lie inside the hard "
                            + "band"
                    )
                }
                if size.min == nil, size.max == nil, size.advisoryMin == nil, size.advisoryMax == nil {
                    throw fail(s.line, "\(where_) sets no band")
                }
                rules.size = size
            }
            if let entry = t["coverage"] {
                let c = try table(entry, in: name)
                try only(
                    c, ["required", "exclusive", "kinds", "severity", "source"], in: "[\(level.rawValue).coverage]")
                rules.coverage = .init(
                    required: try bool(c, "required", default: true),
                    exclusive: try bool(c, "exclusive", default: true),
                    kinds: try self.kinds(c, "kinds") ?? kinds, severity: try severity(c, default: .blocking),
                    source: try source(c, what: "[\(level.rawValue).coverage]"))
            }
            if let entry = t["nesting"] {
                let n = try table(entry, in: name)
                let where_ = "[\(level.rawValue).nesting]"
                try only(n, ["inside", "whole", "severity", "source"], in: where_)
                func one(_ key: String) throws(PolicyError) -> GroupKind? {
                    guard let text = try string(n, key) else { return nil }
                    guard let kind = GroupKind(rawValue: text) else {
                        throw fail(
                            line(n, key),
                            "'\(key)' names a kind of group: "
                                + GroupKind.allCases.map(\.rawValue).joined(separator: ", "))
                    }
                    return kind
                }
                let inside = try one("inside")
                let whole = try one("whole")
                guard inside != nil || whole != nil else { throw fail(n.line, "\(where_) needs inside or whole") }
                rules.nesting = .init(
                    inside: inside, whole: whole, severity: try severity(n, default: .advisory),
                    source: try source(n, what: where_))
            }
            if let entry = t["coterminosity"] {
                let c = try table(entry, in: name)
                let where_ = "[\(level.rawValue).coterminosity]"
                try only(c, ["areas", "severity", "source"], in: where_)
                let areas = try string(c, "areas") ?? "districts"
                guard Policy.CoterminosityRule.knownAreas.contains(areas) else {
                    throw fail(
                        line(c, "areas"),
                        "'areas' names the areas to keep whole; Consort knows "
                            + Policy.CoterminosityRule.knownAreas.joined(separator: ", ")
                            + " (local authority districts)")
                }
                rules.coterminosity = .init(
                    areas: areas, severity: try severity(c, default: .advisory), source: try source(c, what: where_))
            }
            if let entry = t["contiguity"] {
                let c = try table(entry, in: name)
                try only(c, ["max_link_km", "enclaves", "severity", "source"], in: "[\(level.rawValue).contiguity]")
                guard let km = try number(c, "max_link_km") else {
                    throw fail(c.line, "[\(level.rawValue).contiguity] needs max_link_km")
                }
                guard km > 0 else { throw fail(line(c, "max_link_km"), "max_link_km must be above 0") }
                rules.contiguity = .init(
                    maxLinkKm: km, enclaves: try bool(c, "enclaves", default: true),
                    severity: try severity(c, default: .advisory),
                    source: try source(c, what: "[\(level.rawValue).contiguity]"))
            }
            if let entry = t["cherry_picking"] {
                let c = try table(entry, in: name)
                let where_ = "[\(level.rawValue).cherry_picking]"
                try only(c, ["advisory_gap", "blocking_gap", "min_t", "source", "threshold_source"], in: where_)
                let advisory = try number(c, "advisory_gap")
                let blocking = try number(c, "blocking_gap")
                guard advisory != nil || blocking != nil else {
                    throw fail(c.line, "\(where_) needs advisory_gap or blocking_gap")
                }
                if let a = advisory, let b = blocking, a > b {
                    throw fail(line(c, "blocking_gap"), "advisory_gap (\(a)) is above blocking_gap (\(b))")
                }
                for (key, value) in [("advisory_gap", advisory), ("blocking_gap", blocking)] where (value ?? 1) <= 0 {
                    throw fail(line(c, key), "\(key) must be above 0 IMD points")
                }
                let minT = try number(c, "min_t") ?? 2
                guard minT >= 0 else { throw fail(line(c, "min_t"), "min_t must be 0 or more") }
                rules.cherryPicking = .init(
                    advisoryGap: advisory, blockingGap: blocking, minT: minT,
                    source: try source(c, what: where_),
                    thresholdSource: try source(c, "threshold_source", what: where_))
            }
            if let entry = t["access"] {
                let a = try table(entry, in: name)
                let where_ = "[\(level.rawValue).access]"
                try only(
                    a,
                    [
                        "kinds", "minutes_per_1000", "population", "round_to_minutes", "min_block_minutes", "hours",
                        "gp_cover", "book_ahead_days", "same_day", "source",
                    ], in: where_)
                guard let minutes = try int(a, "minutes_per_1000", min: 1) else {
                    throw fail(a.line, "\(where_) needs minutes_per_1000")
                }
                let population = try string(a, "population") ?? "registered"
                guard ["registered", "adjusted"].contains(population) else {
                    throw fail(line(a, "population"), "population must be registered or adjusted")
                }
                var hours: [String] = []
                if let entry = a["hours"] {
                    guard case .array(let items) = entry.value else {
                        throw fail(entry.line, "hours must be a list such as [\"Mon-Fri 18:30-20:00\"]")
                    }
                    for item in items {
                        guard case .string(let window) = item, AccessWindow(window) != nil else {
                            throw fail(
                                entry.line,
                                "hours: each window must look like \"Mon-Fri 18:30-20:00\" or \"Sat 09:00-17:00\"")
                        }
                        hours.append(window)
                    }
                }
                rules.access = .init(
                    kinds: try self.kinds(a, "kinds") ?? kinds, minutesPer1000: minutes, population: population,
                    roundToMinutes: try int(a, "round_to_minutes", min: 1),
                    minBlockMinutes: try int(a, "min_block_minutes", min: 1), hours: hours,
                    gpCover: try bool(a, "gp_cover", default: false), bookAheadDays: try int(a, "book_ahead_days"),
                    sameDay: try bool(a, "same_day", default: false), source: try source(a, what: where_))
            }
            return rules
        }
    }
}
