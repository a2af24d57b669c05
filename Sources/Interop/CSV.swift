import Foundation

/// One record of a CSV file with the physical line it starts on (1-based), so that errors can
/// name the line a user sees in a text editor even when quoted fields hold line breaks.
public struct CSVRecord: Sendable, Equatable {
    public let line: Int
    public let fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// A CSV file that cannot be read at all.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(file), line \(line): \(reason)" }
}

/// An RFC 4180 reader for the files the NHS publishes: comma-separated, fields optionally
/// double-quoted (with `""` for a quote inside), CRLF or LF line endings, an optional UTF-8 byte
/// order mark, quoted fields that span lines (the ePCN sheets' headers), and a final line ending
/// or none. Text that is not valid UTF-8 is read as Latin-1 (ISO 8859-1), so an
/// export from an old spreadsheet still imports with its accented names intact.
public enum CSVReader {
    public static func read(contentsOf url: URL) throws -> [CSVRecord] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CSVError(
                file: url.lastPathComponent, line: 0, reason: "cannot be read (\(error.localizedDescription))")
        }
        return try parse(Array(data), file: url.lastPathComponent)
    }

    public static func parse(_ text: String, file: String = "input") throws -> [CSVRecord] {
        try parse(Array(text.utf8), file: file)
    }

    public static func parse(_ input: [UInt8], file: String = "input") throws -> [CSVRecord] {
        var bytes = input[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let isUTF8 = !bytes.contains(where: { $0 >= 0x80 }) || String(validating: bytes, as: UTF8.self) != nil
        func string(_ slice: ArraySlice<UInt8>) -> String {
            isUTF8 ? String(decoding: slice, as: UTF8.self) : String(slice.map { Character(Unicode.Scalar($0)) })
        }

        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedFieldStartLine = 0
        var fieldWasQuoted = false
        var afterQuote = false
        var i = bytes.startIndex
        let end = bytes.endIndex
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")

        func endRecord() {
            fields.append(string(field[...]))
            field.removeAll(keepingCapacity: true)
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
            afterQuote = false
        }

        while i < end {
            let b = bytes[i]
            if inQuotes {
                if b == quote {
                    if i + 1 < end, bytes[i + 1] == quote {
                        field.append(quote)
                        i += 2
                        continue
                    }
                    inQuotes = false
                    afterQuote = true
                } else {
                    if b == lf { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case quote:
                if field.isEmpty && !afterQuote && !fieldWasQuoted {
                    inQuotes = true
                    fieldWasQuoted = true
                    quotedFieldStartLine = line
                } else {
                    throw CSVError(
                        file: file, line: line,
                        reason:
                            "a double quote appears inside an unquoted field (field \(fields.count + 1)); quote the "
                            + "whole field and double the quote (\"\")"
                    )
                }
            case comma:
                fields.append(string(field[...]))
                field.removeAll(keepingCapacity: true)
                fieldWasQuoted = false
                afterQuote = false
            case cr:
                if i + 1 < end, bytes[i + 1] == lf { i += 1 }
                endRecord()
                line += 1
                recordLine = line
            case lf:
                endRecord()
                line += 1
                recordLine = line
            default:
                if afterQuote {
                    throw CSVError(
                        file: file, line: line,
                        reason:
                            "text follows a closing double quote in field \(fields.count + 1); a quoted field must end "
                            + "at a comma or line end"
                    )
                }
                field.append(b)
            }
            i += 1
        }
        if inQuotes {
            throw CSVError(
                file: file, line: quotedFieldStartLine,
                reason: "a quoted field opened on this line is never closed (missing double quote)")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}

/// Writes CSV as RFC 4180 with CRLF line endings, quoting only where needed, and neutralising
/// text that a spreadsheet would run as a formula (OWASP "CSV injection").
public enum CSVWriter {
    public static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\r\n"
    }

    public static func document(header: [String], rows: [[String]]) -> String {
        var out = line(header)
        out.reserveCapacity(rows.count * 64)
        for row in rows { out += line(row) }
        return out
    }

    public static func escape(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first,
            "=+@\t\r".unicodeScalars.contains(first)
                || (first == "-" && Double(text) == nil)
        {
            text = "'" + text
        }
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }
}
