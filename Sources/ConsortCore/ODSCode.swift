/// Checks on the shape of NHS Organisation Data Service (ODS) codes, so that importers can
/// reject a malformed code with a clear reason instead of storing it.
///
/// Shapes follow the ODS files' specifications and what the published files contain
/// (see `data/formats/README.md`): practices are a letter and five digits (`A81001`, `Y02157`);
/// PCNs are `U` and five digits; CCGs / sub-ICB locations are three characters (`00L`, `16C`) or,
/// after the 2021 mergers, five (`A3A8R`); STPs / ICBs are `Q` and two characters (`QHM`) or five
/// (`Z9B2Z`); NHS England commissioning regions are `Y` and two digits (`Y56`–`Y63`).
public enum ODSCode {
    public static func isPractice(_ code: String) -> Bool {
        let b = Array(code.utf8)
        return b.count == 6 && isUpper(b[0]) && b[1...].allSatisfy(isDigit)
    }

    public static func isNetwork(_ code: String) -> Bool {
        let b = Array(code.utf8)
        return b.count == 6 && b[0] == UInt8(ascii: "U") && b[1...].allSatisfy(isDigit)
    }

    public static func isConsortium(_ code: String) -> Bool {
        let b = Array(code.utf8)
        return (b.count == 3 || b.count == 5) && b.allSatisfy { isUpper($0) || isDigit($0) }
    }

    public static func isICB(_ code: String) -> Bool {
        let b = Array(code.utf8)
        if b.count == 3 { return b[0] == UInt8(ascii: "Q") && b.allSatisfy { isUpper($0) || isDigit($0) } }
        return b.count == 5 && b.allSatisfy { isUpper($0) || isDigit($0) }
    }

    public static func isRegion(_ code: String) -> Bool {
        let b = Array(code.utf8)
        return b.count == 3 && b[0] == UInt8(ascii: "Y") && isDigit(b[1]) && isDigit(b[2])
    }

    /// Whether `code` has the shape of a code of the given kind. Federations recorded by users
    /// carry Consort's own codes (`FED-0001`).
    public static func isValid(_ code: String, for kind: GroupKind) -> Bool {
        switch kind {
        case .region: return isRegion(code)
        case .icb: return isICB(code)
        case .consortium: return isConsortium(code)
        case .network: return isNetwork(code)
        case .federation: return isFederation(code)
        case .locality: return isLocality(code)
        }
    }

    public static func isLocality(_ code: String) -> Bool {
        let b = Array(code.utf8)
        return b.count == 8 && code.hasPrefix("LOC-") && b[4...].allSatisfy(isDigit)
    }

    public static func isFederation(_ code: String) -> Bool {
        let b = Array(code.utf8)
        return b.count == 8 && code.hasPrefix("FED-") && b[4...].allSatisfy(isDigit)
    }

    /// The description of a valid code, for error messages.
    public static func shape(for kind: GroupKind?) -> String {
        switch kind {
        case nil: return "a letter followed by five digits, e.g. A81001"
        case .region: return "Y followed by two digits, e.g. Y63"
        case .icb: return "Q and two letters or digits (e.g. QHM), or five letters and digits"
        case .consortium: return "three or five letters and digits, e.g. 16C or A3A8R"
        case .network: return "U followed by five digits, e.g. U89141"
        case .federation: return "FED- followed by four digits, e.g. FED-0001"
        case .locality: return "LOC- followed by four digits, e.g. LOC-0001"
        }
    }

    private static func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
}

extension ODSCode {
    /// Splits a list of codes typed by a person (commas, spaces, semicolons, new lines), upper-cased.
    public static func codes(in text: String) -> [String] {
        text.uppercased().split(whereSeparator: { ", \n\r\t;".contains($0) }).map(String.init)
    }
}
