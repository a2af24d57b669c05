/// A reader for the subset of TOML that Consort's policy files use, keeping the line of every
/// table and key so that a policy can be rejected with the line at fault.
///
/// Supported: comments; `[table]` and `[table.sub]` headers; `key = value` with bare, quoted and
/// dotted keys; basic and literal strings (one line); integers (with `_` separators and sign);
/// floats; booleans; arrays of these (over several lines, with a trailing comma). Not supported
/// (and refused with the line): inline tables, arrays of tables, multi-line strings, dates.
public enum TOML {
    public struct Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public indirect enum Value: Equatable, Sendable {
        case string(String)
        case integer(Int)
        case float(Double)
        case bool(Bool)
        case array([Value])
        case table(Table)

        public var typeName: String {
            switch self {
            case .string: return "a string"
            case .integer: return "a whole number"
            case .float: return "a number"
            case .bool: return "true or false"
            case .array: return "a list"
            case .table: return "a table"
            }
        }
    }

    /// A table: its entries in file order, each with the line it was written on.
    public struct Table: Equatable, Sendable {
        public struct Entry: Equatable, Sendable {
            public let key: String
            public var value: Value
            public let line: Int
        }

        /// The line of the table's header (or of its first key, for tables made by dotted keys).
        public let line: Int
        public private(set) var entries: [Entry] = []

        public init(line: Int) { self.line = line }

        public subscript(key: String) -> Entry? { entries.first { $0.key == key } }

        mutating func set(_ key: String, _ value: Value, line: Int) throws(TOML.Error) {
            if entries.contains(where: { $0.key == key }) {
                throw TOML.Error(line: line, reason: "'\(key)' is defined twice")
            }
            entries.append(Entry(key: key, value: value, line: line))
        }

        /// The sub-table at `path`, created (at `line`) if it does not exist.
        mutating func table(at path: ArraySlice<String>, line: Int) throws(TOML.Error) -> Table {
            guard let first = path.first else { return self }
            if let index = entries.firstIndex(where: { $0.key == first }) {
                guard case .table(var sub) = entries[index].value else {
                    throw TOML.Error(line: line, reason: "'\(first)' is already a value, not a table")
                }
                let result = try sub.table(at: path.dropFirst(), line: line)
                entries[index].value = .table(sub)
                return result
            }
            var sub = Table(line: line)
            let result = try sub.table(at: path.dropFirst(), line: line)
            entries.append(Entry(key: first, value: .table(sub), line: line))
            return result
        }

        mutating func update(at path: ArraySlice<String>, _ body: (inout Table) throws(TOML.Error) -> Void) throws(TOML
            .Error)
        {
            guard let first = path.first else {
                try body(&self)
                return
            }
            guard let index = entries.firstIndex(where: { $0.key == first }),
                case .table(var sub) = entries[index].value
            else { return }
            try sub.update(at: path.dropFirst(), body)
            entries[index].value = .table(sub)
        }
    }

    /// Parses TOML text into its root table.
    public static func parse(_ text: String) throws(TOML.Error) -> Table {
        var parser = Parser(text: Array(text.utf8))
        return try parser.document()
    }

    private struct Parser {
        let text: [UInt8]
        var i = 0
        var line = 1

        init(text: [UInt8]) { self.text = text }

        var atEnd: Bool { i >= text.count }
        var peek: UInt8? { i < text.count ? text[i] : nil }

        func fail(_ reason: String) -> TOML.Error { TOML.Error(line: line, reason: reason) }

        mutating func skipSpace() {
            while let c = peek, c == 32 || c == 9 { i += 1 }
        }

        /// Skips spaces, comments and new lines.
        mutating func skipBlank() {
            while let c = peek {
                if c == 32 || c == 9 || c == 13 {
                    i += 1
                } else if c == 10 {
                    i += 1
                    line += 1
                } else if c == 35 {
                    while let d = peek, d != 10 { i += 1 }
                } else {
                    break
                }
            }
        }

        mutating func endOfLine() throws(TOML.Error) {
            skipSpace()
            if peek == 35 { while let d = peek, d != 10 { i += 1 } }
            if peek == 13 { i += 1 }
            guard atEnd || peek == 10 else {
                throw fail("unexpected text after the value; put one key = value on each line")
            }
        }

        mutating func document() throws(TOML.Error) -> Table {
            var root = Table(line: 1)
            var current: [String] = []
            var headers = Set<String>()
            while true {
                skipBlank()
                guard let c = peek else { break }
                if c == 91 {  // [
                    i += 1
                    if peek == 91 { throw fail("arrays of tables ([[…]]) are not used in Consort policies") }
                    skipSpace()
                    let path = try keyPath()
                    skipSpace()
                    guard peek == 93 else { throw fail("a table header must end with ]") }
                    i += 1
                    try endOfLine()
                    let headerLine = line
                    let name = path.joined(separator: ".")
                    guard headers.insert(name).inserted else {
                        throw TOML.Error(line: headerLine, reason: "table [\(name)] is defined twice")
                    }
                    _ = try root.table(at: path[...], line: headerLine)
                    current = path
                } else {
                    let keyLine = line
                    let path = try keyPath()
                    skipSpace()
                    guard peek == 61 else { throw fail("expected = after the key '\(path.joined(separator: "."))'") }
                    i += 1
                    skipSpace()
                    let value = try self.value()
                    try endOfLine()
                    let tablePath = current + path.dropLast()
                    _ = try root.table(at: tablePath[...], line: keyLine)
                    try root.update(at: tablePath[...]) { (t: inout Table) throws(TOML.Error) in
                        try t.set(path.last!, value, line: keyLine)
                    }
                }
            }
            return root
        }

        mutating func keyPath() throws(TOML.Error) -> [String] {
            var parts: [String] = []
            while true {
                skipSpace()
                parts.append(try key())
                skipSpace()
                if peek == 46 { i += 1 } else { break }
            }
            return parts
        }

        mutating func key() throws(TOML.Error) -> String {
            if peek == 34 || peek == 39 { return try string() }
            let start = i
            while let c = peek,
                (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95 || c == 45
            { i += 1 }
            guard i > start else { throw fail("expected a key (letters, digits, - and _, or a quoted key)") }
            return String(decoding: text[start..<i], as: UTF8.self)
        }

        mutating func value() throws(TOML.Error) -> Value {
            guard let c = peek else { throw fail("expected a value") }
            switch c {
            case 34, 39:
                if i + 2 < text.count, text[i + 1] == c, text[i + 2] == c {
                    throw fail("multi-line strings are not used in Consort policies")
                }
                return .string(try string())
            case 91: return .array(try array())
            case 123: throw fail("inline tables ({…}) are not used in Consort policies; write a [table] instead")
            case 116, 102:
                if matches("true") {
                    i += 4
                    return .bool(true)
                }
                if matches("false") {
                    i += 5
                    return .bool(false)
                }
                throw fail("expected true or false")
            default: return try number()
            }
        }

        func matches(_ word: String) -> Bool {
            let bytes = Array(word.utf8)
            guard i + bytes.count <= text.count, Array(text[i..<i + bytes.count]) == bytes else { return false }
            let after = i + bytes.count < text.count ? text[i + bytes.count] : 32
            return
                !((after >= 65 && after <= 90) || (after >= 97 && after <= 122) || (after >= 48 && after <= 57)
                || after == 95)
        }

        mutating func string() throws(TOML.Error) -> String {
            let quote = text[i]
            i += 1
            var out: [UInt8] = []
            while true {
                guard let c = peek, c != 10 else { throw fail("a string is not closed on its line") }
                i += 1
                if c == quote { break }
                if c == 92, quote == 34 {
                    guard let e = peek else { throw fail("a string ends with \\") }
                    i += 1
                    switch e {
                    case 34: out.append(34)
                    case 92: out.append(92)
                    case 110: out.append(10)
                    case 116: out.append(9)
                    case 114: out.append(13)
                    case 117:
                        guard i + 4 <= text.count,
                            let code = UInt32(String(decoding: text[i..<i + 4], as: UTF8.self), radix: 16),
                            let scalar = Unicode.Scalar(code)
                        else { throw fail("\\u must be followed by four hexadecimal digits") }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                        i += 4
                    default: throw fail("unknown escape \\\(Character(Unicode.Scalar(e))) in a string")
                    }
                } else {
                    out.append(c)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func array() throws(TOML.Error) -> [Value] {
            i += 1
            var items: [Value] = []
            while true {
                skipBlank()
                if peek == 93 {
                    i += 1
                    return items
                }
                items.append(try value())
                skipBlank()
                if peek == 44 {
                    i += 1
                    continue
                }
                if peek == 93 {
                    i += 1
                    return items
                }
                throw fail("expected , or ] in a list")
            }
        }

        mutating func number() throws(TOML.Error) -> Value {
            let start = i
            while let c = peek, (c >= 48 && c <= 57) || c == 43 || c == 45 || c == 95 || c == 46 || c == 101 || c == 69
            { i += 1 }
            let raw = String(decoding: text[start..<i], as: UTF8.self)
            guard !raw.isEmpty else { throw fail("expected a value (a number, a \"string\", true/false or a [list])") }
            if raw.contains("__") || raw.hasPrefix("_") || raw.hasSuffix("_") { throw fail("'\(raw)' is not a number") }
            let digits = raw.replacingOccurrences(of: "_", with: "")
            if let n = Int(digits) { return .integer(n) }
            if let d = Double(digits), d.isFinite { return .float(d) }
            throw fail("'\(raw)' is not a number")
        }
    }
}
