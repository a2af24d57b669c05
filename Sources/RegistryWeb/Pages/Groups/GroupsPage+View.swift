import Charts
import ConsortCore
import ConsortWeb

extension GroupsPage {
    /// The table of `rows` (one page, or all for CSV); `total` counts all.
    package func table(_ rows: some Collection<GroupInfo>, total: Int, _ ctx: PageContext) -> DataTable {
        var columns: [DataTable.Column] = [
            .init(title: "Code", sortKey: "code"), .init(title: "Name", sortKey: "name"),
        ]
        if let parentKind = kind.parentKind { columns.append(.init(title: parentKind.abbreviation)) }
        if kind == .federation { columns.append(.init(title: "Legal form")) }
        columns += [
            .init(title: "Practices", numeric: true, sortKey: "practices"),
            .init(title: "Patients", numeric: true, sortKey: "patients"),
            .init(title: "Mean IMD 2019 score", numeric: true),
        ]
        return DataTable(
            id: kind.slug, caption: kind.plural,
            columns: columns,
            rows: rows.map { g in
                var row: [DataTable.Cell] = [
                    .link(g.code, ctx.link(SiteURL.group(g.code))), .link(g.name, ctx.link(SiteURL.group(g.code))),
                ]
                if kind.parentKind != nil {
                    row.append(
                        g.parent.map { DataTable.Cell(text: $0, href: ctx.link(SiteURL.group($0)), csv: $0) }
                            ?? .text(nil))
                }
                if kind == .federation { row.append(.text(g.legalForm?.label)) }
                row += [.number(g.members.count), .number(g.patients), .decimal(meanIMD(view.members(of: g)))]
                return row
            },
            fileName: "\(kind.slug)-\(view.date.iso).csv",
            emptyText: kind == .federation
                ? "No federations are recorded at this date."
                : (view.active[kind] ?? []).isEmpty
                    ? "The level is not in the data on \(view.date.long): the registry holds no "
                        + "\(kind.plural.lowercased()) at this date."
                    : "No groups match.",
            total: total)
    }

    /// Every group that matches and the size bands, for CSV.
    package func tables(_ ctx: PageContext) -> [DataTable] { [table(rows, total: rows.count, ctx), sizeTable(ctx)] }

    package func render(_ ctx: PageContext) -> HTMLPage {
        let table = table(rows.page(query.page, size: query.perPage), total: rows.count, ctx)
        let sizes = sizeTable(ctx)
        let (width, bins) = sizeBins
        return Layout.page(
            kind.plural, ctx, crumbs: [.init(title: "England", href: ctx.link(SiteURL.home.path))], section: kind.slug
        ) {
            H.h1 { kind.plural }
            if !view.practices.isEmpty { Layout.sizeNotice(view.sizeStatus()) }
            H.p(.class("lede")) { Self.intro(kind) }
            if canCreate {
                H.p { H.a(RegistryURL.newFederation.path, .class("button")) { "Record a federation" } }
            }
            H.form(
                .attr("method", "get"), .attr("action", ctx.path), .class("filters"), .attr("role", "search"),
                .aria("label", "Filter \(kind.plural)")
            ) {
                Layout.field(
                    "q", "Name or code",
                    H.input(.type("search"), .id("q"), .name("q"), .class("wide"), .value(query.text ?? "")))
                if let parentKind = kind.parentKind {
                    Layout.field(
                        "parent", "In \(parentKind.abbreviation) (code)",
                        H.input(
                            .type("text"), .id("parent"), .name("parent"), .class("short"), .value(query.parent ?? "")))
                }
                if ctx.dateGiven { H.input(.type("hidden"), .name("date"), .value(ctx.date.iso)) }
                H.button(.type("submit"), .class("button")) { "Filter" }
            }
            H.p(.attr("role", "status")) {
                H.strong { grouped(rows.count) }
                " \(rows.count == 1 ? kind.singular.lowercased() : kind.plural.lowercased()) with practices on "
                    + "\(view.date.long), serving "
                H.strong { grouped(rows.reduce(0) { $0 + $1.patients }) }
                " registered patients."
            }
            table.html(
                ctx, query: query.items, sort: (query.sort.rawValue, query.direction == .asc), captionHidden: true)
            if rows.count > query.perPage {
                Layout.pagination(ctx, page: query.page, pageSize: query.perPage, total: rows.count, query: query.items)
            }
            if bins.count > 1 {
                H.h2 { "Size distribution" }
                H.div(.class("figure-box")) {
                    Node.raw(
                        Histogram(
                            id: "group-sizes", title: "\(kind.plural) by registered patients, \(view.date.long)",
                            description:
                                "Number of \(kind.plural.lowercased()) in each band of \(grouped(width)) registered "
                                + "patients.",
                            bins: bins, xLabel: "Registered patients", yLabel: kind.plural
                        ).titled)
                }
                H.details {
                    H.summary { "Show the figures as a table" }
                    sizes.html(ctx)
                }
            }
            Layout.dateForm(ctx, keep: query.items)
        }
    }

    package func sizeTable(_ ctx: PageContext) -> DataTable {
        binsTable(
            sizeBins.bins, ctx, id: "size-bands", caption: "\(kind.plural) by registered patients",
            unit: kind.plural, file: "\(kind.slug)-sizes-\(view.date.iso).csv")
    }

    package static func intro(_ kind: GroupKind) -> String {
        switch kind {
        case .region: return "NHS England's seven commissioning regions."
        case .icb:
            return
                "Sustainability and transformation partnerships, which became integrated care boards (ICBs) in July "
                + "2022."
        case .consortium:
            return
                "Statutory commissioning consortia: the clinical commissioning groups (CCGs) of 2013–2022, which "
                + "became sub-ICB locations. Every practice belongs to exactly one."
        case .network:
            return
                "Primary care networks (PCNs): the federations practices formed from 2019 under the network contract, "
                + "typically 30,000 to 50,000 patients."
        case .locality:
            return
                "Localities: sub-groups of a consortium with devolved decisions and a seat on its board (the GPC's "
                + "\"large consortium with localities\" model). None are in NHS files; they come from plans "
                + "adopted in Consort."
        case .federation:
            return
                "Federations that practices have formed themselves, recorded in Consort. A practice may belong to "
                + "several, and a federation may span consortia."
        }
    }
}
