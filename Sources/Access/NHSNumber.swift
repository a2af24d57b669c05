/// A 10-digit NHS number, checked by its modulus 11 check digit (NHS Data Dictionary, "NHS
/// Number"): the first nine digits are weighted 10 down to 2, the weighted sum's remainder
/// modulo 11 is subtracted from 11, a result of 11 is 0, and a result of 10 makes the number
/// invalid.
public struct NHSNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The ten digits, without spaces.
    public let digits: String

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case length(Int)
        case notDigits
        case checkDigit

        public var description: String {
            switch self {
            case .length(let n): return "an NHS number has 10 digits, not \(n)"
            case .notDigits: return "an NHS number has only digits (spaces between groups are allowed)"
            case .checkDigit:
                return
                    "this is not a valid NHS number: its check digit does not match (check it has been copied "
                    + "correctly)"
            }
        }
    }

    /// Reads `943 476 5919`, `943-476-5919` or `9434765919`.
    public init(_ text: String) throws(Problem) {
        let compact = text.filter { $0 != " " && $0 != "-" }
        guard compact.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notDigits }
        guard compact.count == 10 else { throw .length(compact.count) }
        let values = compact.map { Int(String($0))! }
        guard NHSNumber.checkDigit(Array(values.prefix(9))) == values[9] else { throw .checkDigit }
        digits = compact
    }

    /// The check digit for nine digits, or nil when none exists (the remainder gives 10).
    public static func checkDigit(_ nine: [Int]) -> Int? {
        precondition(nine.count == 9)
        let sum = zip(nine, (2...10).reversed()).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 11 - sum % 11
        if check == 11 { return 0 }
        return check == 10 ? nil : check
    }

    /// Grouped 3-3-4, as printed on NHS letters.
    public var description: String {
        let d = Array(digits)
        return "\(String(d[0..<3])) \(String(d[3..<6])) \(String(d[6..<10]))"
    }
}
