import Charts
import ConsortCore
import ConsortWeb

extension HomePage {
    package func regionsTable(_ ctx: PageContext) -> DataTable {
        let regions = (view.active[.region] ?? []).compactMap { view.groups[$0] }
        func count(_ kind: GroupKind, in region: GroupInfo) -> Int {
            Set(view.members(of: region).compactMap { $0.groups[kind] }).count
        }
        return DataTable(
            id: "regions", caption: "NHS England commissioning regions",
            columns: [
                .init(title: "Code"), .init(title: "Region"), .init(title: "STPs / ICBs", numeric: true),
                .init(title: "CCGs", numeric: true), .init(title: "PCNs", numeric: true),
                .init(title: "Practices", numeric: true), .init(title: "Patients", numeric: true),
            ],
            rows: regions.map { r in
                [
                    .link(r.code, ctx.link(SiteURL.group(r.code))), .link(r.name, ctx.link(SiteURL.group(r.code))),
                    .number(count(.icb, in: r)), .number(count(.consortium, in: r)), .number(count(.network, in: r)),
                    .number(r.members.count), .number(r.patients),
                ]
            },
            fileName: "regions-\(view.date.iso).csv")
    }

    /// The page's tables, for CSV.
    package func tables(_ ctx: PageContext) -> [DataTable] { [regionsTable(ctx), sizeTable(ctx)] }

    package func sizeTable(_ ctx: PageContext) -> DataTable {
        binsTable(
            sizeBins, ctx, id: "size-bands", caption: "Practices by registered list size", unit: "Practices",
            file: "practice-sizes-\(view.date.iso).csv")
    }

    package func render(_ ctx: PageContext) -> HTMLPage {
        let regions = regionsTable(ctx)
        let bins = sizeBins
        let count = { (kind: GroupKind) in view.active[kind]?.count ?? 0 }
        return Layout.page("England", ctx, section: "home") {
            H.h1 { "General practice in England" }
            H.p(.class("lede")) {
                "Consort holds the map of England's GP practices and the groups they belong to: networks (PCNs), "
                    + "consortia (CCGs, now sub-ICB locations), STPs / ICBs and regions, and the federations practices "
                    + "form themselves, with the history of every membership."
            }
            Layout.dateForm(ctx)
            if view.practices.isEmpty {
                H.div(.class("callout warning")) {
                    H.p {
                        if let latest = view.latestSnapshot, view.date < latest {
                            "The registry holds no practices on \(view.date.long): its records start later. Try a date "
                                + "on or after \(latest.long)."
                        } else {
                            "The registry is empty. Import a snapshot with consort import, or restart Consort to load "
                                + "the shipped data."
                        }
                    }
                }
            }
            H.ul(.class("stats"), .aria("label", "England in figures")) {
                Layout.stat(grouped(view.practices.count), "practices", ctx.link(SiteURL.practices.path))
                Layout.stat(grouped(view.totalPatients), "registered patients", nil)
                Layout.stat(grouped(count(.network)), "PCNs (networks)", ctx.link(SiteURL.groups(.network).path))
                Layout.stat(grouped(count(.consortium)), "CCGs (consortia)", ctx.link(SiteURL.groups(.consortium).path))
                Layout.stat(grouped(count(.icb)), "STPs / ICBs", ctx.link(SiteURL.groups(.icb).path))
                Layout.stat(grouped(count(.region)), "regions", ctx.link(SiteURL.groups(.region).path))
                Layout.stat(
                    grouped(count(.federation)), count(.federation) == 1 ? "other federation" : "other federations",
                    ctx.link(SiteURL.groups(.federation).path))
            }
            if !view.practices.isEmpty {
                Layout.sizeNotice(
                    view.sizeStatus(),
                    more: view.totalPatientsSource.map { ["Registered patients above: \($0)."] } ?? [])
            }
            H.form(
                .attr("method", "get"), .attr("action", SiteURL.practices.path), .class("filters"),
                .attr("role", "search")
            ) {
                if ctx.dateGiven { H.input(.type("hidden"), .name("date"), .value(ctx.date.iso)) }
                H.div(.class("field")) {
                    H.label(.for("home-q")) { "Find a practice" }
                    H.span(.class("hint"), .id("home-q-hint")) { "Name, ODS code or postcode, e.g. A81001 or TS18 1HU" }
                    H.input(
                        .type("search"), .id("home-q"), .name("q"), .class("wide"), .aria("describedby", "home-q-hint"))
                }
                H.button(.type("submit"), .class("button")) { "Search" }
            }
            H.h2 { "Regions" }
            regions.html(ctx, captionHidden: true)
            H.h2 { "Practices by registered list size" }
            H.div(.class("figure-box")) {
                Node.raw(
                    Histogram(
                        id: "sizes", title: "Practices by registered list size, \(view.date.long)",
                        description:
                            "Number of practices in each band of 2,000 registered patients; the last band holds "
                            + "practices of 30,000 or more.",
                        bins: bins, xLabel: "Registered patients", yLabel: "Practices"
                    ).titled)
            }
            H.details {
                H.summary { "Show the figures as a table" }
                sizeTable(ctx).html(ctx)
            }
        }
    }

}
