import Crypto
import Foundation

package enum Tokens {
    /// 32 random bytes as URL-safe base64 without padding (256 bits of entropy).
    package static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The SHA-256 of a token, hex: what the database stores, so that a copy of the database
    /// does not hold usable session cookies or API tokens.
    package static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The token XORed with a fresh random pad, as `pad.masked` in URL-safe base64: what a page
    /// carries, so that a page compressed with text an attacker chose never repeats the same
    /// secret bytes for a compression oracle to find (BREACH; the defence of Rails and Django).
    package static func masked(_ token: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = Array(token.utf8)
        let pad = bytes.map { _ in UInt8.random(in: 0...255, using: &generator) }
        return base64URL(pad) + "." + base64URL(zip(pad, bytes).map { $0 ^ $1 })
    }

    /// Whether `provided` is the token itself or a masking of it.
    package static func matches(_ token: String, _ provided: String) -> Bool {
        if equal(token, provided) { return true }
        let parts = provided.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let pad = fromBase64URL(parts[0]), let xored = fromBase64URL(parts[1]),
            pad.count == xored.count
        else { return false }
        return equal(token, String(decoding: zip(pad, xored).map { $0 ^ $1 }, as: UTF8.self))
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func fromBase64URL(_ text: Substring) -> [UInt8]? {
        guard text.utf8.count <= 256 else { return nil }
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.utf8.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map(Array.init)
    }

    /// Compares two secrets in time that does not depend on where they differ.
    package static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
