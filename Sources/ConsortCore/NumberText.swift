import Foundation

/// Numbers written the same way on every machine and locale, with at most `digits` decimals
/// and no trailing zeros, so that SVG output is stable and small.
public func svgNumber(_ value: Double, digits: Int = 1) -> String {
    guard value.isFinite else { return "0" }
    let scale = pow(10, Double(digits))
    let rounded = (value * scale).rounded() / scale
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    var text = String(format: "%.\(digits)f", rounded)
    while text.hasSuffix("0") { text.removeLast() }
    return text
}

/// Thousands separated with commas, as NHS publications write counts (61,469,262).
public func grouped(_ value: Int) -> String {
    let digits = String(abs(value))
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out += "," }
        out.append(c)
    }
    return value < 0 ? "-" + out : out
}

/// A count with its noun, grouped and in the right number: "1 declaration", "2 declarations",
/// "77,441 patients"; `plural` where adding "s" is wrong ("1 ballot paper" needs none, "1
/// practice" neither, but "1 person", "2 people" does).
public func counted(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(grouped(n)) \(n == 1 ? singular : plural ?? singular + "s")"
}
