import ConsortCore
import Foundation
import Testing

@Suite("UK time")
struct UKTimeTests {
    @Test("Stored UTC timestamps read as London clock time, GMT in winter and BST in summer, across the changes")
    func london() {
        #expect(UKTime.format("2026-12-01T19:56:26.123Z") == "1 December 2026, 19:56 GMT")
        #expect(UKTime.format("2026-07-01T19:56:26Z") == "1 July 2026, 20:56 BST")
        // Clocks go forward at 01:00 UTC on the last Sunday of March (29 March 2026)…
        #expect(UKTime.format("2026-03-29T00:59:00.000Z") == "29 March 2026, 00:59 GMT")
        #expect(UKTime.format("2026-03-29T01:00:00.000Z") == "29 March 2026, 02:00 BST")
        // …and back at 01:00 UTC on the last Sunday of October (25 October 2026).
        #expect(UKTime.format("2026-10-25T00:30:00.000Z") == "25 October 2026, 01:30 BST")
        #expect(UKTime.format("2026-10-25T01:30:00.000Z") == "25 October 2026, 01:30 GMT")
        // A BST evening is the next day in London only after midnight there.
        #expect(UKTime.format("2026-06-30T23:30:00.000Z") == "1 July 2026, 00:30 BST")
        for bad in ["", "yesterday", "2026-13-01T00:00:00Z", "2026-12-01T25:00:00Z", "2026-12-01 10:00:00Z"] {
            #expect(UKTime.format(bad) == bad, "shown as it is: \(bad)")
        }
    }
}
