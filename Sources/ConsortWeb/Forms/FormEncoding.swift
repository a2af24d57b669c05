import Foundation

/// Total parsing of `application/x-www-form-urlencoded` text: query strings and form bodies.
/// Every input, however malformed (a bare `=`, `&&&`, stray `%`, invalid UTF-8 escapes), gives
/// a list of pairs; nothing traps and nothing is indexed without a check.
package enum FormEncoding {
    /// The pairs in order. A part without `=` is a name with an empty value; a part that is
    /// only `=` has an empty name. Empty parts (`a=1&&b=2`) are skipped.
    package static func pairs(_ text: some StringProtocol) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = part.firstIndex(of: "=") {
                out.append((decode(part[part.startIndex..<equals]), decode(part[part.index(after: equals)...])))
            } else {
                out.append((decode(part), ""))
            }
        }
        return out
    }

    /// The first value of each name.
    package static func firstValues(_ text: some StringProtocol) -> [String: String] {
        var values: [String: String] = [:]
        for (name, value) in pairs(text) where values[name] == nil { values[name] = value }
        return values
    }

    /// Decodes `+` as a space, then percent escapes; text whose escapes are not valid UTF-8 is
    /// kept as it came (with `+` as spaces) rather than refused, so that the field can be
    /// reported by name.
    package static func decode(_ text: some StringProtocol) -> String {
        let spaced = text.contains("+") ? text.replacingOccurrences(of: "+", with: " ") : String(text)
        guard spaced.contains("%") else { return spaced }
        return spaced.removingPercentEncoding ?? spaced
    }
}

/// Text a person typed or a program sent, checked for characters that have no place in it.
package enum InputText {
    /// The first control character in `text` other than tab, line feed and carriage return
    /// (C0 controls, DEL and the C1 range), if any.
    package static func control(in text: some StringProtocol) -> Unicode.Scalar? {
        text.unicodeScalars.first { s in
            (s.value < 0x20 && s.value != 0x09 && s.value != 0x0A && s.value != 0x0D) || (0x7F...0x9F).contains(s.value)
        }
    }

    /// How a control character is named in a message: `U+0000`.
    package static func name(_ scalar: Unicode.Scalar) -> String {
        "U+" + String(format: "%04X", scalar.value)
    }
}
