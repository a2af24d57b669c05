import ConsortCore
import Testing

@Suite("Professional registrations and credentials")
struct WorkforceTests {
    @Test("GMC numbers are 7 digits; NMC PINs two digits, a capital, four digits, a capital")
    func shapes() {
        for good in ["1234567", "0000001"] { #expect(Workforce.gmcProblem(good) == nil, "\(good)") }
        for bad in ["", "123456", "12345678", "123456A", " 1234567", "１２３４５６７"] {
            #expect(Workforce.gmcProblem(bad) != nil, "\(bad)")
        }
        for good in ["12A3456E", "99Z0000A"] { #expect(Workforce.nmcProblem(good) == nil, "\(good)") }
        for bad in ["", "12a3456E", "12A3456", "1AA3456E", "12A34567", "12A3456EE", "12A345EE"] {
            #expect(Workforce.nmcProblem(bad) != nil, "\(bad)")
        }
    }

    @Test("A credential is valid, expiring within 30 days, or expired; one with no expiry stays valid")
    func standing() {
        let day = Day(year: 2026, month: 12, day: 1)!
        #expect(day.standing(ofExpiry: nil) == .valid)
        #expect(day.standing(ofExpiry: day.adding(days: 31)) == .valid)
        #expect(day.standing(ofExpiry: day.adding(days: 30)) == .expiring)
        #expect(day.standing(ofExpiry: day) == .expiring)
        #expect(day.standing(ofExpiry: day.adding(days: -1)) == .expired)
        #expect(PersonRole.reading("GP partner") == .gpPartner && PersonRole.reading("salaried-gp") == .salariedGP)
        #expect(PersonRole.reading("Chief cook") == nil)
    }
}
