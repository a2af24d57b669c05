import Foundation

/// The NHS-wide rules for gifts and hospitality, from NHS England's *Managing Conflicts of
/// Interest in the NHS: Guidance for staff and organisations* (February 2017), sections on gifts
/// and hospitality: gifts from suppliers or contractors are declined unless low-cost branded
/// promotional items of £6 or less; other gifts up to £50 (cumulatively from one source in
/// twelve months) may be accepted without declaring, above that only on behalf of the
/// organisation and declared; modest hospitality up to £25 need not be declared, £25–£75 may be
/// accepted and is declared, over £75 is refused unless senior approval is given, then declared.
public enum GiftRules {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case gift, hospitality
    }

    public enum Source: String, Sendable, Codable, CaseIterable {
        /// A current or prospective supplier or contractor.
        case supplier
        /// Anyone else (a patient, a member of the public, a partner organisation).
        case other
    }

    public enum Outcome: String, Sendable, Codable {
        /// Decline it.
        case refuse
        /// Accept it (for a gift over £50: on behalf of the organisation) and declare it.
        case declare
        /// Accept it; it need not be declared.
        case notRequired = "not-required"
    }

    public static let source =
        "NHS England, Managing Conflicts of Interest in the NHS: Guidance for staff and organisations (February 2017), "
        + "gifts and hospitality"

    /// Thresholds in pence.
    public static let promotionalLimit = 600
    public static let giftLimit = 5_000
    public static let hospitalityFree = 2_500
    public static let hospitalityLimit = 7_500

    /// The outcome for a gift or hospitality of `pence`, with the rule that decides it.
    /// - Parameters:
    ///   - earlierFromSource: for gifts from other sources, what the same source gave in the
    ///     previous twelve months (the £50 limit is cumulative).
    ///   - promotional: a low-cost branded promotional item.
    ///   - seniorApproval: hospitality over £75 approved by a senior officer.
    public static func decide(
        kind: Kind, source: Source, pence: Int, promotional: Bool = false, earlierFromSource: Int = 0,
        seniorApproval: Bool = false
    ) -> (outcome: Outcome, reason: String) {
        switch kind {
        case .gift where source == .supplier:
            if promotional && pence <= promotionalLimit {
                return (
                    .notRequired,
                    "A low-cost promotional item from a supplier, \(money(pence)): at most £6, so it may be accepted "
                        + "and need not be declared."
                )
            }
            return (
                .refuse,
                promotional
                    ? "A promotional item from a supplier worth \(money(pence)) is over £6: decline it."
                    : "Gifts from suppliers and contractors are declined, other than low-cost promotional items of £6 "
                        + "or less."
            )
        case .gift:
            let total = pence + earlierFromSource
            if total <= giftLimit {
                return (
                    .notRequired,
                    "A gift of \(money(pence))"
                        + (earlierFromSource > 0 ? ", \(money(total)) from this source in twelve months," : "")
                        + " is at most £50: it may be accepted and need not be declared."
                )
            }
            return (
                .declare,
                "Gifts over £50 (\(money(total)) from this source in twelve months) are accepted only on behalf "
                    + "of the "
                    + "organisation, and declared."
            )
        case .hospitality:
            if pence <= hospitalityFree {
                return (
                    .notRequired,
                    "Hospitality of \(money(pence)) is at most £25: it may be accepted and need not be declared."
                )
            }
            if pence <= hospitalityLimit {
                return (
                    .declare,
                    "Hospitality of \(money(pence)) is over £25 and at most £75: it may be accepted and is declared."
                )
            }
            if seniorApproval {
                return (
                    .declare,
                    "Hospitality of \(money(pence)) is over £75: accepted with senior approval, and declared."
                )
            }
            return (.refuse, "Hospitality of \(money(pence)) is over £75: refuse it unless a senior officer approves.")
        }
    }

    /// "£6.00".
    public static func money(_ pence: Int) -> String { String(format: "£%d.%02d", pence / 100, pence % 100) }

    /// Parses "6", "6.5", "£75.00" into pence; nil for anything else or a negative amount.
    public static func pence(_ text: String) -> Int? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("£") { t.removeFirst() }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let pounds = Int(parts[0]), pounds >= 0, pounds < 10_000_000 else {
            return nil
        }
        var p = 0
        if parts.count == 2 {
            let frac = String(parts[1])
            guard (1...2).contains(frac.count), let f = Int(frac) else { return nil }
            p = frac.count == 1 ? f * 10 : f
        }
        return pounds * 100 + p
    }
}
