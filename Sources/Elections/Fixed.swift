import Foundation

/// Fixed-point decimal arithmetic with a given number of decimal places, as the counting rules
/// prescribe: the Scottish rules calculate transfer values "to five decimal places (any
/// remainder being ignored)"; Droop.py's reference Meek counts with 9 places. Values are whole
/// multiples of 10⁻ᵖ held as integers; products and quotients are rounded down or up as the rule
/// says, with a 128-bit intermediate so that nothing overflows.
public struct Fixed: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value in units of 10⁻ᵖ.
    public let units: Int64
    public let places: Int

    public init(units: Int64, places: Int) {
        self.units = units
        self.places = places
    }

    /// A whole number.
    public init(_ whole: Int, places: Int) {
        self.init(units: Int64(whole) * Fixed.scale(places), places: places)
    }

    public static func scale(_ places: Int) -> Int64 {
        var s: Int64 = 1
        for _ in 0..<places { s *= 10 }
        return s
    }

    var scale: Int64 { Fixed.scale(places) }

    public static func zero(_ places: Int) -> Fixed { Fixed(units: 0, places: places) }
    public static func one(_ places: Int) -> Fixed { Fixed(1, places: places) }
    /// The smallest value above zero.
    public static func epsilon(_ places: Int) -> Fixed { Fixed(units: 1, places: places) }

    public static func + (a: Fixed, b: Fixed) -> Fixed { Fixed(units: a.units + b.units, places: a.places) }
    public static func - (a: Fixed, b: Fixed) -> Fixed { Fixed(units: a.units - b.units, places: a.places) }
    public static func += (a: inout Fixed, b: Fixed) { a = a + b }
    public static func -= (a: inout Fixed, b: Fixed) { a = a - b }
    /// Times a whole number (a ballot's multiplier): exact.
    public static func * (a: Fixed, n: Int) -> Fixed { Fixed(units: a.units * Int64(n), places: a.places) }

    public enum Rounding: Sendable { case down, up }

    /// a × b, rounded.
    public static func mul(_ a: Fixed, _ b: Fixed, _ rounding: Rounding) -> Fixed {
        muldiv(a, b, Fixed(units: a.scale, places: a.places), rounding)
    }

    /// a ÷ b, rounded.
    public static func div(_ a: Fixed, _ b: Fixed, _ rounding: Rounding) -> Fixed {
        muldiv(a, Fixed(units: a.scale, places: a.places), b, rounding)
    }

    /// (a × b) ÷ c in units, keeping the full precision of a × b, then rounded (a × b ÷ c as
    /// values, since the scales cancel: (aᵤ·bᵤ)/cᵤ units).
    public static func muldiv(_ a: Fixed, _ b: Fixed, _ c: Fixed, _ rounding: Rounding) -> Fixed {
        let product = Int128(a.units) * Int128(b.units)
        let divisor = Int128(c.units)
        var q = product / divisor
        let r = product % divisor
        // Floor for negative quotients, as Python's divmod.
        if r != 0, (r < 0) != (divisor < 0) { q -= 1 }
        if r != 0, rounding == .up { q += 1 }
        return Fixed(units: Int64(q), places: a.places)
    }

    /// Floor division by a whole number (Droop.py's `V(x) // n`).
    public func dividedDown(by n: Int) -> Fixed {
        let q = units / Int64(n)
        return Fixed(units: (units % Int64(n) != 0 && units < 0) ? q - 1 : q, places: places)
    }

    public static func < (a: Fixed, b: Fixed) -> Bool { a.units < b.units }

    public var isZero: Bool { units == 0 }

    /// "123.45678": every place written.
    public var description: String {
        let s = scale
        let sign = units < 0 ? "-" : ""
        let m = units.magnitude
        let whole = m / UInt64(s)
        let fraction = m % UInt64(s)
        guard places > 0 else { return "\(sign)\(whole)" }
        let digits = String(fraction)
        return "\(sign)\(whole).\(String(repeating: "0", count: places - digits.count))\(digits)"
    }

    public var doubleValue: Double { Double(units) / Double(scale) }
}
