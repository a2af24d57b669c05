import ConsortCore
import Foundation
import Interop

/// A CSV file with a header row, read so that columns are found by name (the NHS reorders and
/// renames columns between years) and every value can be reported by file, line and column.
struct Table {
    let file: String
    let header: [String]
    let rows: [CSVRecord]

    init(file: String, records: [CSVRecord]) throws(ImportFailure) {
        guard let first = records.first else {
            throw ImportFailure(
                ImportIssue(
                    file: file, line: 0, column: nil, reason: "the file is empty; expected a header row and data rows"))
        }
        self.file = file
        self.header = first.fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        self.rows = Array(records.dropFirst())
    }

    static func read(_ url: URL) throws(ImportFailure) -> Table {
        do {
            return try Table(file: url.lastPathComponent, records: CSVReader.read(contentsOf: url))
        } catch let error as CSVError {
            throw ImportFailure(ImportIssue(file: error.file, line: error.line, column: nil, reason: error.reason))
        } catch let error as ImportFailure {
            throw error
        } catch {
            throw ImportFailure(ImportIssue(file: url.lastPathComponent, line: 0, column: nil, reason: "\(error)"))
        }
    }

    /// The index of the first of `names` present in the header (case-insensitive).
    func index(_ names: [String]) -> Int? {
        for name in names {
            if let i = header.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { return i }
        }
        return nil
    }

    /// Finds required columns, reporting every missing one at once.
    func require(_ columns: [[String]], log: inout IssueLog) -> [Int] {
        var found: [Int] = []
        for names in columns {
            if let i = index(names) {
                found.append(i)
            } else {
                let wanted = names.count == 1 ? names[0] : names.joined(separator: " or ")
                log.add(
                    file, 1, wanted,
                    "required column \(wanted) is missing from the header (found: \(header.joined(separator: ", ")))")
                found.append(-1)
            }
        }
        return found
    }
}

/// Reading one field of a row with the checks every importer needs.
struct Field {
    let file: String
    let record: CSVRecord
    let index: Int
    let name: String

    var raw: String? {
        guard index >= 0, index < record.fields.count else { return nil }
        return record.fields[index]
    }

    /// The trimmed value, nil when empty.
    var text: String? {
        guard let value = raw?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func required(_ log: inout IssueLog) -> String? {
        guard let value = text else {
            log.add(file, record.line, name, "is empty; a value is required")
            return nil
        }
        return value
    }

    /// A whole number within `range` (see `Bounds`); `what` names it in messages.
    func wholeNumber(_ log: inout IssueLog, required: Bool = true, range: ClosedRange<Int>, what: String = "patients")
        -> Int?
    {
        guard let value = text else {
            if required { log.add(file, record.line, name, "is empty; expected a whole number of \(what)") }
            return nil
        }
        guard let number = Int(value) else {
            log.add(
                file, record.line, name,
                "'\(value.prefix(40))' is not a whole number of \(what) (no separators or decimals)")
            return nil
        }
        guard range.contains(number) else {
            log.add(
                file, record.line, name,
                "\(value) is outside the possible range \(range.lowerBound)–\(range.upperBound) for \(what); "
                    + "check the "
                    + "column"
            )
            return nil
        }
        return number
    }

    func decimal(_ log: inout IssueLog, range: ClosedRange<Double>? = nil) -> Double? {
        guard let value = text else { return nil }
        guard let number = Double(value), number.isFinite else {
            log.add(file, record.line, name, "'\(value)' is not a number")
            return nil
        }
        if let range, !range.contains(number) {
            log.add(
                file, record.line, name,
                "\(value) is outside the possible range \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return number
    }

    func code(_ log: inout IssueLog, kind: GroupKind?, required: Bool = true) -> String? {
        guard let value = text else {
            if required {
                log.add(file, record.line, name, "is empty; expected an ODS code (\(ODSCode.shape(for: kind)))")
            }
            return nil
        }
        let valid = kind.map { ODSCode.isValid(value, for: $0) } ?? ODSCode.isPractice(value)
        guard valid else {
            log.add(
                file, record.line, name,
                "'\(value)' is not a valid \(kind?.singular.lowercased() ?? "practice") code: expected "
                    + "\(ODSCode.shape(for: kind))"
            )
            return nil
        }
        return value
    }

    func date(_ log: inout IssueLog) -> Day? {
        guard let value = text else { return nil }
        guard let day = Day.parseNHS(value) else {
            log.add(
                file, record.line, name, "'\(value)' is not a date (expected e.g. 2022-01-01, 20220101 or 01JAN2022)")
            return nil
        }
        return day
    }
}

extension Table {
    func field(_ record: CSVRecord, _ index: Int) -> Field {
        Field(
            file: file, record: record, index: index,
            name: index >= 0 && index < header.count ? header[index] : "field \(index + 1)")
    }

    /// Rows whose field count differs from the header's are reported, not guessed at; so are
    /// fields holding control characters (a NUL byte, say), which no register's text contains.
    func checkWidth(_ record: CSVRecord, log: inout IssueLog) -> Bool {
        if record.fields.count != header.count {
            log.add(
                file, record.line, nil,
                "has \(record.fields.count) fields but the header has \(header.count); check for an unquoted comma")
            return false
        }
        var clean = true
        for (i, value) in record.fields.enumerated() {
            guard
                let scalar = value.unicodeScalars.first(where: {
                    ($0.value < 0x20 && $0.value != 0x09) || (0x7F...0x9F).contains($0.value)
                })
            else { continue }
            log.add(
                file, record.line, field(record, i).name,
                "contains the control character U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(4)); "
                    + "remove it"
            )
            clean = false
        }
        return clean
    }
}

/// Reports a code seen twice in one file.
struct DuplicateCheck {
    private var seen: [String: Int] = [:]

    mutating func check(_ code: String, file: String, line: Int, column: String, log: inout IssueLog) -> Bool {
        if let first = seen[code] {
            log.add(file, line, column, "\(code) appears twice (first on line \(first)); each code may appear once")
            return false
        }
        seen[code] = line
        return true
    }
}

/// The date all rows of a file share (EXTRACT_DATE), checked row by row.
struct ExtractDate {
    private(set) var value: Day?
    private var firstLine = 0

    mutating func check(_ field: Field, log: inout IssueLog) {
        guard let text = field.required(&log) else { return }
        guard let day = Day.parseNHS(text) else {
            log.add(
                field.file, field.record.line, field.name,
                "'\(text)' is not a date (expected e.g. 01JAN2022 or 2025-04-01)")
            return
        }
        if let value, value != day {
            log.add(
                field.file, field.record.line, field.name,
                "\(day.iso) differs from \(value.iso) on line \(firstLine); a file must describe one date")
        } else if value == nil {
            value = day
            firstLine = field.record.line
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
