import ConsortCore

/// One problem found in an input file, located by file, line and column so that a user can
/// open the file and fix it.
public struct ImportIssue: Sendable, Equatable, Codable, CustomStringConvertible {
    public let file: String
    /// 1-based physical line; 0 when the problem concerns the whole file.
    public let line: Int
    /// Column name as the file's header spells it (or `field N` for files without a header).
    public let column: String?
    public let reason: String

    public init(file: String, line: Int, column: String?, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String {
        var where_ = file
        if line > 0 { where_ += ", line \(line)" }
        if let column { where_ += ", column \(column)" }
        return "\(where_): \(reason)"
    }
}

/// The input cannot be imported. Nothing was written: importers read and check everything
/// before the database is touched, and the database writes run in one transaction.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    /// The first problems found, in file order (at most `ImportFailure.limit`).
    public let issues: [ImportIssue]
    /// How many problems were found in all.
    public let total: Int

    public static let limit = 50

    public init(issues: [ImportIssue], total: Int? = nil) {
        self.issues = issues
        self.total = total ?? issues.count
    }

    public init(_ issue: ImportIssue) { self.init(issues: [issue]) }

    /// The problems as an import reports them: nothing was written.
    public var description: String { report(refused: "Import", unchanged: "the database has not been changed") }

    /// The problems under a heading that names what was refused (`"Import"`, `"Dataset"`) and,
    /// when something was left as it was, what.
    public func report(refused what: String, unchanged: String? = nil) -> String {
        var lines = issues.map { "  " + $0.description }
        if total > issues.count { lines.append("  … and \(total - issues.count) more problems") }
        let noun = total == 1 ? "problem" : "problems"
        return "\(what) refused, \(total) \(noun) found\(unchanged.map { "; " + $0 } ?? ""):\n"
            + lines.joined(separator: "\n")
    }
}

/// Collects problems while a file is checked, keeping the first `ImportFailure.limit`.
struct IssueLog {
    private(set) var issues: [ImportIssue] = []
    private(set) var total = 0

    mutating func add(_ file: String, _ line: Int, _ column: String?, _ reason: String) {
        total += 1
        if issues.count < ImportFailure.limit {
            issues.append(ImportIssue(file: file, line: line, column: column, reason: reason))
        }
    }

    mutating func add(_ issue: ImportIssue) { add(issue.file, issue.line, issue.column, issue.reason) }

    func check() throws(ImportFailure) {
        if total > 0 { throw ImportFailure(issues: issues, total: total) }
    }
}
