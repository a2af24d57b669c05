import ConsortWeb
import Foundation
import Testing

@Suite("Query and form parsing")
struct ParsingTests {
    @Test("Query and form parsing is total: arbitrary bytes give pairs, never a trap, and round-trip what they can")
    func parsingIsTotal() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("=&%+;?#/ az09\u{0}\u{7f}é".utf8)
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &generator)
                    ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let pairs = FormEncoding.pairs(text)
            #expect(pairs.count <= text.utf8.filter { $0 == UInt8(ascii: "&") }.count + 1)
            _ = FormEncoding.firstValues(text)
            _ = InputText.control(in: text)
        }
        // The one-pass decoder agrees with Foundation's percent decoding, which it replaced, on what a
        // browser sends: ASCII, with escapes of whole UTF-8 characters, and malformed escapes kept as typed.
        let pieces = [
            "a", "Z", "0", "+", "=", " ", "%20", "%2B", "%C3%A9", "%E2%80%93", "%F0%9F%99%82", "%", "%z", "%4",
        ]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement()! }.joined()
            let spaced = text.replacingOccurrences(of: "+", with: " ")
            let foundation = spaced.contains("%") ? spaced.removingPercentEncoding ?? spaced : spaced
            #expect(FormEncoding.decode(text) == foundation, "\(text)")
        }
        #expect(FormEncoding.pairs("=").map { [$0.name, $0.value] } == [["", ""]])
        #expect(
            FormEncoding.pairs("a=1&&b=%20x+y&c").map { [$0.name, $0.value] } == [
                ["a", "1"], ["b", " x y"], ["c", ""],
            ])
        #expect(FormEncoding.pairs("k=%zz").first?.value == "%zz")
        #expect(FormEncoding.firstValue(of: "_csrf", in: "a=1&_csrf=x%2By&_csrf=z") == "x+y")
        #expect(FormEncoding.firstValue(of: "_csrf", in: "x_csrf=1") == nil)
        #expect(InputText.control(in: "fine\ttext\r\n") == nil && InputText.control(in: "nul\u{0}") == "\u{0}")
    }
}
