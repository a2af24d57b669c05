import Charts
import ConsortCore
import ConsortWeb
import Foundation
import RiskSim

/// The finance pages: allocation, risk by size and by group, the four models, and the cost model.
package enum FinanceView {
    package static let perPage = 50

    // MARK: Formatting

    package static func money(_ x: Double) -> String { (x < -0.5 ? "−£" : "£") + grouped(Int(abs(x).rounded())) }
    package static func millions(_ x: Double) -> String {
        abs(x) >= 1e9 ? "£" + String(format: "%.1f", x / 1e9) + "bn" : "£" + String(format: "%.1f", x / 1e6) + "m"
    }
    package static func pounds(_ x: Double) -> String {
        "£" + grouped(Int(x)) + String(format: ".%02d", Int((x * 100).rounded()) % 100)
    }
    /// A change as a signed percentage with one decimal: +13.7%, −4.5%, 0.0%.
    package static func change(_ x: Double) -> String {
        let text = String(format: "%.1f", x * 100)
        if text == "0.0" || text == "-0.0" { return "0.0%" }
        return (text.hasPrefix("-") ? "−" + text.dropFirst() : "+" + text) + "%"
    }
    package static func chance(_ x: Double) -> String {
        x > 0 && x < 0.001 ? "<0.1%" : svgNumber(x * 100, digits: 1) + "%"
    }

    package static func moneyCell(_ x: Double) -> DataTable.Cell {
        .init(text: money(x), csv: String(format: "%.0f", x))
    }
    package static func changeCell(_ x: Double) -> DataTable.Cell {
        .init(text: change(x), csv: String(format: "%.4f", x * 100))
    }
    package static func poundsCell(_ x: Double) -> DataTable.Cell {
        .init(text: pounds(x), csv: String(format: "%.2f", x))
    }
    package static func chanceCell(_ x: Double) -> DataTable.Cell {
        .init(text: chance(x), csv: String(format: "%.4f", x * 100))
    }

    package static func tabs(_ current: String) -> Node {
        H.nav(.class("sub-nav"), .aria("label", "Finance")) {
            H.ul {
                for (key, href, title) in [
                    ("allocation", FinanceURL.allocation.path, "Allocation"),
                    ("risk", FinanceURL.risk.path, "Risk by size and group"),
                    ("models", FinanceURL.models.path, "The four models"),
                    ("cost-model", SiteURL.costModel.path, "Cost model and sources"),
                ] {
                    H.li { key == current ? H.a(href, .aria("current", "page")) { title } : H.link(href, title) }
                }
            }
        }
    }

    /// A choice of area: England (when allowed), regions, STPs/ICBs and CCGs at the date.
    package static func areaSelect(_ view: RegistryView, selected: String?, england: Bool) -> Node {
        H.select(.id("area"), .name("area")) {
            H.option("", england ? "England" : "Choose an area", selected: selected == nil)
            if let selected, let g = view.groups[selected], ![.region, .icb, .consortium].contains(g.kind) {
                H.option(selected, "\(g.name) (\(selected))", selected: true)
            }
            for kind in [GroupKind.region, .icb, .consortium] {
                H.el("optgroup", [.attr("label", kind.plural)]) {
                    for code in (view.active[kind] ?? []).sorted(by: {
                        (view.groups[$0]?.name ?? $0) < (view.groups[$1]?.name ?? $1)
                    }) {
                        H.option(code, "\(view.groups[code]?.name ?? code) (\(code))", selected: code == selected)
                    }
                }
            }
        }
    }

    package static func kindSelect(_ kinds: [GroupKind], selected: GroupKind) -> Node {
        H.select(.id("by"), .name("by")) {
            for kind in kinds { H.option(kind.rawValue, kind.plural, selected: kind == selected) }
        }
    }

    package static func dateField(_ ctx: PageContext) -> Node {
        Layout.field("as-at", "As at", H.input(.type("date"), .id("as-at"), .name("date"), .value(ctx.date.iso)))
    }

    package static func crumbs(_ ctx: PageContext) -> [Layout.Crumb] {
        [.init(title: "England", href: ctx.link(SiteURL.home.path))]
    }

}
