import ConsortCore
import Testing

@Suite("Number text")
struct NumberTextTests {
    @Test("Numbers are written the same on every machine")
    func numbers() {
        #expect(svgNumber(1.0) == "1")
        #expect(svgNumber(1.25, digits: 1) == "1.3")
        #expect(svgNumber(-0.04) == "0")
        #expect(svgNumber(.nan) == "0")
        #expect(svgNumber(2.50, digits: 2) == "2.5")
        #expect(grouped(61_469_262) == "61,469,262")
        #expect(grouped(-1234) == "-1,234")
        #expect(grouped(999) == "999")
    }
}
