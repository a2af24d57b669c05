import Assurance
import Charts
import ConsortCore
import ConsortWeb

extension PolicyPage {
    package func render(_ ctx: PageContext) -> HTMLPage {
        func band(_ lo: Int?, _ hi: Int?) -> String {
            switch (lo, hi) {
            case (let l?, let h?): return "\(grouped(l))–\(grouped(h)) patients"
            case (let l?, nil): return "at least \(grouped(l)) patients"
            case (nil, let h?): return "at most \(grouped(h)) patients"
            default: return "–"
            }
        }
        return Layout.page(
            policy.title, ctx,
            crumbs: [
                .init(title: "Assurance", href: SiteURL.with(AssuranceURL.assurance.path, [("policy", policy.name)])),
                .init(title: "Policies", href: SiteURL.policies.path),
            ], section: "assurance"
        ) {
            H.p(.class("hint")) { "Policy \(policy.name), version \(policy.version)" }
            H.h1 { policy.title }
            if let description = policy.description { H.p(.class("lede")) { description } }
            H.p {
                H.a(SiteURL.with(AssuranceURL.assurance.path, [("policy", policy.name)]), .class("button")) {
                    "Check the registry against this policy"
                }
            }
            for rules in policy.levels {
                H.h2 { "Level: \(rules.level.rawValue) (\(rules.kinds.map(\.plural).joined(separator: ", ")))" }
                Layout.summaryList(Self.rows(rules, policy, band))
            }
            if let overlaps = policy.overlaps {
                H.h2 { "Overlaps" }
                H.p {
                    "Federations or networks with the same members as a consortium, federations wholly inside one "
                        + "consortium, and practices in several federations are reported as "
                        + "\(overlaps.severity.rawValue) (source: \(overlaps.source))."
                }
            }
            H.h2 { "Sources" }
            H.dl(.class("summary-list")) {
                for source in policy.sources {
                    H.dt { source.id }
                    H.dd { source.citation }
                }
            }
        }
    }

    package static func rows(_ rules: Policy.LevelRules, _ policy: Policy, _ band: (Int?, Int?) -> String) -> [(
        String, Node
    )] {
        var out: [(String, Node)] = []
        if let size = rules.size {
            if size.min != nil || size.max != nil {
                let text = "\(band(size.min, size.max)) — source: \(size.source ?? "–")"
                out.append(("Size (blocking)", .text(text)))
            }
            if size.advisoryMin != nil || size.advisoryMax != nil {
                out.append(
                    (
                        "Size (advisory)",
                        .text("\(band(size.advisoryMin, size.advisoryMax)) — source: \(size.advisorySource ?? "–")")
                    ))
            }
        }
        if let c = rules.coverage {
            out.append(
                (
                    "Coverage",
                    .text(
                        "\(c.required ? "every practice in a" : "practices may be in no") "
                            + c.kinds.map(\.singular).joined(separator: " or ").lowercased()
                            + "\(c.exclusive ? ", and in only one" : "") (\(c.severity.rawValue)) — "
                            + "source: \(c.source)"
                    )
                ))
        }
        if let c = rules.contiguity {
            out.append(
                (
                    "Contiguity",
                    .text(
                        "no part of a group more than \(svgNumber(c.maxLinkKm)) km from the "
                            + "rest\(c.enclaves ? "; enclaves reported" : "") (\(c.severity.rawValue)) — source: "
                            + "\(c.source)"
                    )
                ))
        }
        if let c = rules.cherryPicking {
            let gaps = [
                c.advisoryGap.map { "advisory from \(svgNumber($0)) IMD points" },
                c.blockingGap.map { "blocking from \(svgNumber($0))" },
            ].compactMap { $0 }
            out.append(
                (
                    "Cherry-picking",
                    .text(
                        "neighbours more deprived than the group: \(gaps.joined(separator: ", ")), with Welch's t of "
                            + "at least \(svgNumber(c.minT)) — principle: \(c.source); "
                            + "thresholds: \(c.thresholdSource)"
                    )
                ))
        }
        if let a = rules.access {
            var parts = ["\(a.minutesPer1000) minutes per 1,000 \(a.population) patients a week"]
            if let r = a.roundToMinutes { parts.append("rounded to \(r) minutes") }
            if let b = a.minBlockMinutes { parts.append("in blocks of at least \(b) minutes") }
            if !a.hours.isEmpty { parts.append("within \(a.hours.joined(separator: " and "))") }
            if a.gpCover { parts.append("with GP cover") }
            if let d = a.bookAheadDays { parts.append("bookable \(d) days ahead") }
            if a.sameDay { parts.append("and on the day") }
            out.append(("Access", .text(parts.joined(separator: ", ") + " — source: \(a.source)")))
        }
        return out
    }
}
