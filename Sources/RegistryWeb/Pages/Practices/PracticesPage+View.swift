import ConsortCore
import ConsortWeb

extension PracticesPage {
    /// The table of the practices at `indices` (one page, or all for CSV); `total` counts all matches.
    package func table(_ indices: some Collection<Int>, total: Int, _ ctx: PageContext) -> DataTable {
        DataTable(
            id: "practices", caption: "Practices",
            columns: [
                .init(title: "Code", sortKey: "code"), .init(title: "Name", sortKey: "name"),
                .init(title: "Postcode", sortKey: "postcode"),
                .init(title: "Patients", numeric: true, sortKey: "list_size"),
                .init(title: "IMD 2019 score", numeric: true, sortKey: "imd"),
                .init(title: "IMD decile", numeric: true),
                .init(title: "PCN", sortKey: "network"), .init(title: "CCG", sortKey: "consortium"),
                .init(title: "Rurality"),
            ],
            rows: indices.map { i in
                let p = view.practices[i]
                let network = p.groups[.network]
                let consortium = p.groups[.consortium]
                return [
                    .link(p.code, ctx.link(SiteURL.practice(p.code))),
                    .link(p.name, ctx.link(SiteURL.practice(p.code))),
                    .text(p.postcode), .number(p.listSize), .decimal(p.imdScore), .number(p.imdDecile),
                    network.map {
                        DataTable.Cell(text: view.groups[$0]?.name ?? $0, href: ctx.link(SiteURL.group($0)), csv: $0)
                    } ?? .text(nil),
                    consortium.map { DataTable.Cell(text: $0, href: ctx.link(SiteURL.group($0)), csv: $0) }
                        ?? .text(nil),
                    .text(p.rurality),
                ]
            },
            fileName: "practices-\(view.date.iso).csv",
            emptyText: "No practices match. Remove a filter or check the spelling.", total: total)
    }

    /// Every match, for CSV.
    package func tables(_ ctx: PageContext) -> [DataTable] { [table(rows, total: rows.count, ctx)] }

    package func render(_ ctx: PageContext) -> HTMLPage {
        let table = table(rows.page(query.page, size: query.perPage), total: rows.count, ctx)
        let groupName = query.group.flatMap { view.groups[$0] }
        return Layout.page(
            "Practices", ctx, crumbs: [.init(title: "England", href: ctx.link(SiteURL.home.path))], section: "practices"
        ) {
            H.h1 { "Practices" }
            if !view.practices.isEmpty { Layout.sizeNotice(view.sizeStatus()) }
            H.form(
                .attr("method", "get"), .attr("action", SiteURL.practices.path), .class("filters"),
                .attr("role", "search"), .aria("label", "Find practices")
            ) {
                Layout.field(
                    "q", "Name, code, postcode, PCN or town",
                    H.input(
                        .type("search"), .id("q"), .name("q"), .class("wide"), .value(query.text ?? ""),
                        .aria("describedby", "q-hint")),
                    hint: (
                        "q-hint",
                        "A town's name finds the practices within \(Int(PracticeQuery.townRadius / 1000)) km of it "
                            + "(\(Int(PracticeQuery.cityRadius / 1000)) km of a city)"
                    ))
                Layout.field(
                    "group", "In group (code)",
                    H.input(
                        .type("text"), .id("group"), .name("group"), .class("short"), .value(query.group ?? ""),
                        .aria("describedby", "group-hint")),
                    hint: ("group-hint", "e.g. U89141, 16C, QHM, Y63"))
                Layout.field(
                    "min_list", "Patients from",
                    H.input(
                        .type("number"), .id("min_list"), .name("min_list"), .class("short"), .attr("min", "0"),
                        .value(query.minList.map(String.init) ?? "")))
                Layout.field(
                    "max_list", "Patients to",
                    H.input(
                        .type("number"), .id("max_list"), .name("max_list"), .class("short"), .attr("min", "0"),
                        .value(query.maxList.map(String.init) ?? "")))
                Layout.field(
                    "decile", "IMD decile",
                    H.select(.id("decile"), .name("decile")) {
                        H.option("", "Any", selected: query.decile == nil)
                        for d in 1...10 {
                            H.option(
                                String(d), d == 1 ? "1 (most deprived)" : d == 10 ? "10 (least deprived)" : String(d),
                                selected: query.decile == d)
                        }
                    })
                Layout.field(
                    "rurality", "Rurality",
                    H.select(.id("rurality"), .name("rurality")) {
                        H.option("", "Any", selected: query.rurality == nil)
                        for r in ["Urban", "Rural", "unknown"] {
                            H.option(r, r == "unknown" ? "Not recorded" : r, selected: query.rurality == r)
                        }
                    })
                Layout.field(
                    "per_page", "Per page",
                    H.select(.id("per_page"), .name("per_page")) {
                        for n in PracticeQuery.pageSizes {
                            H.option(String(n), String(n), selected: query.perPage == n)
                        }
                    })
                if ctx.dateGiven { H.input(.type("hidden"), .name("date"), .value(ctx.date.iso)) }
                if query.sort != .name { H.input(.type("hidden"), .name("sort"), .value(query.sort.rawValue)) }
                if query.direction != .asc { H.input(.type("hidden"), .name("dir"), .value(query.direction.rawValue)) }
                H.button(.type("submit"), .class("button")) { "Search" }
                if query.isFiltered { H.a(ctx.link(SiteURL.practices.path)) { "Clear filters" } }
            }
            H.p(.attr("role", "status")) {
                H.strong { grouped(rows.count) }
                rows.count == 1 ? " practice" : " practices"
                if let groupName {
                    " in \(groupName.name) (\(groupName.code))"
                } else if query.group != nil {
                    " in group \(query.group!) (not found at this date)"
                }
                " open on \(view.date.long)"
                if !rows.isEmpty {
                    ", \(grouped(rows.reduce(0) { $0 + (view.practices[$1].listSize ?? 0) })) registered patients"
                }
                "."
            }
            table.html(
                ctx, query: query.items, sort: (query.sort.rawValue, query.direction == .asc), captionHidden: true)
            if rows.count > query.perPage {
                Layout.pagination(ctx, page: query.page, pageSize: query.perPage, total: rows.count, query: query.items)
            }
            Layout.dateForm(ctx, keep: query.items)
        }
    }

}
