import ConsortCore
import Foundation

/// What an import changed, for people: practices opened, closed and moved, large list-size
/// changes, and groups created, renamed or closed.
public struct ChangeReport: Sendable, Codable, Equatable {
    public struct PracticeRef: Sendable, Codable, Equatable {
        public let code: String
        public let name: String
        public let on: Day
    }

    public struct Move: Sendable, Codable, Equatable {
        public let code: String
        public let name: String
        public let kind: GroupKind
        public let from: String?
        public let fromName: String?
        public let to: String?
        public let toName: String?
        public let on: Day
    }

    public struct ListSizeChange: Sendable, Codable, Equatable {
        public let code: String
        public let name: String
        public let before: Int
        public let beforeOn: Day
        public let after: Int
        public let on: Day

        public var change: Int { after - before }
        public var percent: Double { before == 0 ? 100 : Double(after - before) / Double(before) * 100 }
    }

    public struct Rename: Sendable, Codable, Equatable {
        public let code: String
        public let name: String
        public let previousName: String
    }

    public struct GroupRef: Sendable, Codable, Equatable {
        public let kind: GroupKind
        public let code: String
        public let name: String
        /// The previous name, for renamed groups.
        public let previousName: String?
    }

    public var format: SourceFormat
    public var files: [String]
    public var date: Day?
    public var practicesInFile: Int
    public var opened: [PracticeRef] = []
    public var reopened: [PracticeRef] = []
    public var closed: [PracticeRef] = []
    public var moved: [Move] = []
    public var listSizeChanges: [ListSizeChange] = []
    public var listSizesRecorded = 0
    public var detailsUpdated = 0
    public var groupsCreated: [GroupRef] = []
    public var groupsRenamed: [GroupRef] = []
    public var groupsClosed: [GroupRef] = []
    // Optional so that reports stored by earlier releases still decode.
    public var practicesRenamed: [Rename]?
    /// Practices and groups whose name changed only in letter case (recorded, not listed).
    public var caseOnlyRenames: Int?
    /// Practices whose only change was the text naming their coordinates' source.
    public var coordinateSourceOnly: Int?
    /// Published group totals recorded.
    public var groupTotalsRecorded: Int?
    /// Things the import deliberately did not do, and rows it skipped, in sentences.
    public var notes: [String] = []

    public init(format: SourceFormat, files: [String], date: Day?, practicesInFile: Int) {
        self.format = format
        self.files = files
        self.date = date
        self.practicesInFile = practicesInFile
    }

    /// Whether the import changed nothing in the registry.
    public var isEmpty: Bool {
        opened.isEmpty && reopened.isEmpty && closed.isEmpty && moved.isEmpty && listSizesRecorded == 0
            && detailsUpdated == 0 && groupsCreated.isEmpty && groupsRenamed.isEmpty && groupsClosed.isEmpty
            && (practicesRenamed ?? []).isEmpty && (caseOnlyRenames ?? 0) == 0 && (coordinateSourceOnly ?? 0) == 0
            && (groupTotalsRecorded ?? 0) == 0
    }

    /// Practices that moved, and the membership changes when there are more of them (a practice
    /// moving PCN and CCG at once is one practice, two changes): "328 (381 membership changes)".
    public var movedCount: String {
        let practices = Set(moved.map(\.code)).count
        return practices == moved.count
            ? practices.formatted() : "\(practices.formatted()) (\(moved.count.formatted()) membership changes)"
    }

    /// What the import added to the registry, in short phrases: "23 practices opened",
    /// "memberships of 2 practices changed", "23 list sizes", "11 group totals", "1 practice renamed".
    public var contributions: [String] {
        func count(_ n: Int, _ one: String, _ many: String) -> String? {
            n == 0 ? nil : "\(n.formatted()) \(n == 1 ? one : many)"
        }
        let renamed = (practicesRenamed?.count ?? 0) + groupsRenamed.count
        let parts: [String?] = [
            count(opened.count, "practice opened", "practices opened"),
            count(reopened.count, "practice reopened", "practices reopened"),
            count(closed.count, "practice closed", "practices closed"),
            count(Set(moved.map(\.code)).count, "practice moved", "practices moved"),
            count(groupsCreated.count, "group created", "groups created"),
            count(groupsClosed.count, "group closed", "groups closed"),
            count(listSizesRecorded, "list size", "list sizes"),
            count(groupTotalsRecorded ?? 0, "group total", "group totals"),
            count(renamed, "new name", "new names"),
            count(detailsUpdated, "practice's details", "practices' details"),
        ]
        let out = parts.compactMap { $0 }
        return out.isEmpty ? ["nothing new"] : out
    }

    /// The report as text, listing at most `limit` items of each kind.
    public func text(limit: Int = 20) -> String {
        var out: [String] = []
        let dated = date.map { " of \($0.long)" } ?? ""
        out.append(
            "\(format.label)\(dated): \(files.joined(separator: ", ")), \(practicesInFile.formatted()) practices read.")
        if isEmpty { out.append("No changes: the registry already matched this file.") }
        func section<T>(_ title: String, _ items: [T], count: String? = nil, _ line: (T) -> String) {
            guard !items.isEmpty else { return }
            out.append("\(title): \(count ?? items.count.formatted())")
            for item in items.prefix(limit) { out.append("  " + line(item)) }
            if items.count > limit {
                out.append("  … and \((items.count - limit).formatted()) more (use --json for the full list)")
            }
        }
        section("Practices opened", opened) { "\($0.code) \($0.name) from \($0.on.iso)" }
        section("Practices reopened", reopened) { "\($0.code) \($0.name) from \($0.on.iso)" }
        section("Practices closed", closed) { "\($0.code) \($0.name) on \($0.on.iso)" }
        section("Practices moved between groups", moved, count: movedCount) { m in
            let from = m.from.map { "\($0) \(m.fromName ?? "")".trimmed } ?? "no \(m.kind.abbreviation)"
            let to = m.to.map { "\($0) \(m.toName ?? "")".trimmed } ?? "no \(m.kind.abbreviation)"
            return "\(m.code) \(m.name): \(m.kind.abbreviation) \(from) → \(to) from \(m.on.iso)"
        }
        section("Large list-size changes", listSizeChanges) { c in
            let sign = c.change >= 0 ? "+" : ""
            return
                "\(c.code) \(c.name): \(c.before.formatted()) (\(c.beforeOn.iso)) → \(c.after.formatted()) "
                + "(\(sign)\(c.change.formatted()), \(sign)\(String(format: "%.1f", c.percent))%)"
        }
        section("Practices renamed", practicesRenamed ?? []) { "\($0.code): \($0.previousName) → \($0.name)" }
        section("Groups created", groupsCreated) { "\($0.kind.abbreviation) \($0.code) \($0.name)" }
        section("Groups renamed", groupsRenamed) {
            "\($0.kind.abbreviation) \($0.code): \($0.previousName ?? "") → \($0.name)"
        }
        section("Groups closed", groupsClosed) { "\($0.kind.abbreviation) \($0.code) \($0.name)" }
        section("Groups merged or split (where their practices came from or went)", lineage) { l in
            let parts = l.parts.map { "\($0.code) \($0.name) (\($0.practices.formatted()))" }.joined(separator: ", ")
            let arrow = l.created ? "← from" : "→ to"
            return "\(l.group.kind.abbreviation) \(l.group.code) \(l.group.name) \(arrow) \(parts)"
        }
        if listSizesRecorded > 0 { out.append("List sizes recorded: \(listSizesRecorded.formatted())") }
        if let n = groupTotalsRecorded, n > 0 { out.append("Published group totals recorded: \(n.formatted())") }
        if detailsUpdated > 0 { out.append("Practices with updated details: \(detailsUpdated.formatted())") }
        if let n = caseOnlyRenames, n > 0 {
            out.append("Names changed only in letter case (updated, not listed): \(n.formatted())")
        }
        if let n = coordinateSourceOnly, n > 0 {
            out.append("Practices whose coordinates' source text changed, and nothing else: \(n.formatted())")
        }
        for note in notes { out.append("Note: \(note)") }
        return out.joined(separator: "\n")
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
