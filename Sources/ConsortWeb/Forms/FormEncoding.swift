import Foundation

/// Total parsing of `application/x-www-form-urlencoded` text: query strings and form bodies.
/// Every input, however malformed (a bare `=`, `&&&`, stray `%`, invalid UTF-8 escapes), gives
/// a list of pairs; nothing traps and nothing is indexed without a check.
package enum FormEncoding {
    /// The pairs in order. A part without `=` is a name with an empty value; a part that is
    /// only `=` has an empty name. Empty parts (`a=1&&b=2`) are skipped.
    package static func pairs(_ text: some StringProtocol) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        // On the bytes: `&` and `=` are ASCII, and a megabyte of text splits in milliseconds.
        let bytes = Array(text.utf8)
        for part in parts(bytes) {
            if let equals = part.firstIndex(of: UInt8(ascii: "=")) {
                let name = decode(bytes: part[part.startIndex..<equals])
                out.append((name, decode(bytes: part[(equals + 1)...])))
            } else {
                out.append((decode(bytes: part), ""))
            }
        }
        return out
    }

    /// The non-empty runs of bytes between `&`s.
    static func parts(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true)
    }

    /// The first value of the field `name`, decoding only that field (a form's CSRF token, found
    /// without decoding a megabyte of pasted text beside it).
    package static func firstValue(of name: String, in text: some StringProtocol) -> String? {
        let prefix = Array((name + "=").utf8)
        for part in parts(Array(text.utf8)) where part.starts(with: prefix) {
            return decode(bytes: part.dropFirst(prefix.count))
        }
        return nil
    }

    /// The first value of each name.
    package static func firstValues(_ text: some StringProtocol) -> [String: String] {
        var values: [String: String] = [:]
        for (name, value) in pairs(text) where values[name] == nil { values[name] = value }
        return values
    }

    /// Decodes `+` as a space, then percent escapes; text whose escapes are not valid UTF-8 is
    /// kept as it came (with `+` as spaces) rather than refused, so that the field can be
    /// reported by name. Works on the UTF-8 bytes in one pass (Foundation's percent decoding
    /// took most of a second on a megabyte of pasted ballots).
    package static func decode(_ text: some StringProtocol) -> String { decode(bytes: Array(text.utf8)[...]) }

    static func decode(bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var escaped = false
        var malformed = false
        var i = bytes.startIndex
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 48...57: return b - 48
            case 65...70: return b - 55
            case 97...102: return b - 87
            default: return nil
            }
        }
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(32)
            } else if b == UInt8(ascii: "%") {
                escaped = true
                if i + 2 < bytes.endIndex, let high = hex(bytes[i + 1]), let low = hex(bytes[i + 2]) {
                    out.append(high << 4 | low)
                    i += 3
                    continue
                }
                malformed = true
                out.append(b)
            } else {
                out.append(b)
            }
            i += 1
        }
        guard escaped else { return String(decoding: out, as: UTF8.self) }
        let spaced = String(decoding: bytes.map { $0 == UInt8(ascii: "+") ? 32 : $0 }, as: UTF8.self)
        if malformed { return spaced }
        return String(validating: out, as: UTF8.self) ?? spaced
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
