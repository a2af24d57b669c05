import ConsortCore
import Vapor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A request parameter that cannot be used, reported with its name and what to do.
package struct BadParameter: AbortError {
    package let name: String
    package let value: String
    package let expected: String

    package var status: HTTPResponseStatus { .badRequest }
    package var reason: String { "The parameter \(name)=\(value) is not valid: \(expected)." }

    package init(name: String, value: String, expected: String) {
        self.name = name
        self.value = value
        self.expected = expected
    }
}

/// Reading the query parameters every registry page and API call shares.
package struct QueryReader {
    private let values: [String: String]

    /// Reads the request's query string once; any query string, however malformed, is read.
    package init(req: Request) {
        values = FormEncoding.firstValues(req.url.query ?? "")
    }

    package func string(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    package func int(_ name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw BadParameter(
                name: name, value: text,
                expected: "use a whole number from \(range.lowerBound) to \(grouped(range.upperBound))")
        }
        return value
    }

    package func double(_ name: String, range: ClosedRange<Double>) throws -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text.replacingOccurrences(of: ",", with: "")), range.contains(value) else {
            throw BadParameter(
                name: name, value: text,
                expected:
                    "use a number from \(svgNumber(range.lowerBound, digits: 2)) to "
                    + "\(svgNumber(range.upperBound, digits: 2))"
            )
        }
        return value
    }

    /// A date parameter other than "as at" (`from=`, `to=`, `day=`), as YYYY-MM-DD.
    package func day(_ name: String) throws -> Day? {
        guard let text = string(name) else { return nil }
        guard let day = Day(iso: text) else {
            throw BadParameter(name: name, value: text, expected: "use a date in the form YYYY-MM-DD")
        }
        return day
    }

    /// The "as at" date: `date=YYYY-MM-DD`, today by default.
    package func date() throws -> (day: Day, given: Bool) {
        guard let text = string("date") else { return (Day.today(), false) }
        guard let day = Day(iso: text) else {
            throw BadParameter(
                name: "date", value: text, expected: "use a date in the form YYYY-MM-DD, for example 2022-01-01")
        }
        return (day, true)
    }

    package func choice<T: RawRepresentable>(_ name: String, _ type: T.Type, default value: T?) throws -> T?
    where T.RawValue == String, T: CaseIterable {
        guard let text = string(name) else { return value }
        guard let choice = T(rawValue: text) else {
            throw BadParameter(
                name: name, value: text, expected: "use one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return choice
    }

    package func choice<T: RawRepresentable>(_ name: String, _ type: T.Type, default value: T) throws -> T
    where T.RawValue == String, T: CaseIterable {
        guard let text = string(name) else { return value }
        guard let choice = T(rawValue: text) else {
            throw BadParameter(
                name: name, value: text, expected: "use one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return choice
    }
}

package enum SortDirection: String, CaseIterable, Sendable { case asc, desc }

/// Whether `needle` occurs in `haystack` (bytes; both already lower-cased).
package func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty else { return true }
    guard haystack.count >= needle.count else { return false }
    // memchr finds candidate first bytes with vector instructions; memcmp checks the rest.
    return haystack.withUnsafeBytes { h in
        needle.withUnsafeBytes { n in
            let base = h.baseAddress!
            let first = Int32(n[0])
            let length = n.count
            var offset = 0
            while offset <= h.count - length {
                guard let hit = memchr(base + offset, first, h.count - length - offset + 1) else { return false }
                let at = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + at, n.baseAddress!, length) == 0 { return true }
                offset = at + 1
            }
            return false
        }
    }
}

extension Array {
    package func page(_ page: Int, size: Int) -> ArraySlice<Element> {
        let start = Swift.min((page - 1) * size, count)
        return self[start..<Swift.min(start + size, count)]
    }
}
