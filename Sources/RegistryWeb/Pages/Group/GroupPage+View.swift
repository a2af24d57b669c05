import Charts
import ConsortCore
import ConsortWeb
import SQLKit

extension GroupPage {
    /// The group's tables: members (all, or one page of them), groups within, and history.
    package func tables(_ ctx: PageContext, page: Int? = nil) -> [DataTable] {
        let sorted = group.members.sorted { view.nameRank[$0] < view.nameRank[$1] }
        let shown: ArraySlice<Int> = page.map { sorted.page($0, size: Self.membersPerPage) } ?? sorted[...]
        let members = shown.map { view.practices[$0] }
        var columns: [DataTable.Column] = [
            .init(title: "Code"), .init(title: "Practice"), .init(title: "Postcode"),
            .init(title: "Patients", numeric: true), .init(title: "IMD decile", numeric: true),
        ]
        // The groups below this one (a consortium's members by PCN), or for a network or a
        // federation, the groups around it.
        let shownKinds: [GroupKind]
        switch group.kind {
        case .network: shownKinds = [.consortium]
        case .federation: shownKinds = [.network, .consortium, .icb]
        default: shownKinds = GroupKind.nhsLevels.reversed().filter { $0 > group.kind }
        }
        columns += shownKinds.map { .init(title: $0.abbreviation) }
        let membersTable = DataTable(
            id: "members", caption: "Member practices on \(view.date.long)",
            columns: columns,
            rows: members.map { p in
                [
                    .link(p.code, ctx.link(SiteURL.practice(p.code))),
                    .link(p.name, ctx.link(SiteURL.practice(p.code))),
                    .text(p.postcode), .number(p.listSize), .number(p.imdDecile),
                ]
                    + shownKinds.map { kind in
                        p.groups[kind].map { DataTable.Cell(text: $0, href: ctx.link(SiteURL.group($0)), csv: $0) }
                            ?? .text(nil)
                    }
            },
            fileName: "\(group.code)-members-\(view.date.iso).csv",
            emptyText: "No member practices on \(view.date.long).", total: sorted.count)
        let children = group.children.compactMap { view.groups[$0] }.filter { !$0.members.isEmpty }
        let childKind = children.first?.kind
        let childTable = DataTable(
            id: "children", caption: childKind.map { "\($0.plural) in \(group.name)" } ?? "Groups within",
            columns: [
                .init(title: "Code"), .init(title: "Name"), .init(title: "Practices", numeric: true),
                .init(title: "Patients", numeric: true),
            ],
            rows: children.map { c in
                [
                    .link(c.code, ctx.link(SiteURL.group(c.code))), .link(c.name, ctx.link(SiteURL.group(c.code))),
                    .number(c.members.count), .number(c.patients),
                ]
            },
            fileName: "\(group.code)-groups-\(view.date.iso).csv")
        let historyTable = DataTable(
            id: "history", caption: "Membership history",
            columns: [.init(title: "Code"), .init(title: "Practice"), .init(title: "From"), .init(title: "To")],
            rows: history.map {
                [
                    .link($0.practice, ctx.link(SiteURL.practice($0.practice))), .text($0.practiceName), .text($0.from),
                    .text($0.to ?? "open"),
                ]
            },
            fileName: "\(group.code)-history.csv",
            emptyText: "No practice has joined or left since \(group.validFrom.long).")
        let lineageTable = DataTable(
            id: "lineage", caption: "Practices from and to other groups",
            columns: [
                .init(title: "Date"), .init(title: "Moved"), .init(title: "Code"), .init(title: "Group"),
                .init(title: "Practices", numeric: true), .init(title: "Of the group they left"),
            ],
            rows: lineage.map { f in
                [
                    .text(f.on.iso), .text(f.direction == .from ? "came from" : "went to"),
                    .link(f.group, ctx.link(SiteURL.group(f.group))), .text(f.name), .number(f.practices),
                    .text(
                        f.practices == f.ofLeft
                            ? "all \(grouped(f.ofLeft))"
                            : "\(grouped(f.practices)) of "
                                + grouped(f.ofLeft)),
                ]
            },
            fileName: "\(group.code)-lineage.csv")
        return [membersTable, childTable, historyTable, lineageTable]
    }

    /// "Formed from" (the groups whose practices it took on its first day) and "Merged into"
    /// (where its practices went on the day it closed), for the summary.
    var lineageDetails: [(String, Node)] {
        func list(_ flows: [GroupLineage.Flow]) -> String {
            flows.map { "\($0.name) (\($0.group)), \(grouped($0.practices)) practice\($0.practices == 1 ? "" : "s")" }
                .joined(separator: "; ")
        }
        let formed = lineage.filter { $0.direction == .from && $0.on == group.validFrom }
        let into = lineage.filter { $0.direction == .into && $0.on == group.validTo }
        return (formed.isEmpty ? [] : [("Formed on \(group.validFrom.long) from", .text(list(formed)))])
            + (into.isEmpty ? [] : [("Its practices went on \(group.validTo?.long ?? "") to", .text(list(into)))])
    }

    /// Every table, all members, and the features' tables: for CSV.
    package func tables(_ ctx: PageContext) -> [DataTable] {
        tables(ctx, page: nil) + [sizeTable(ctx)] + sections.flatMap(\.content.tables)
    }

    package func render(_ ctx: PageContext) -> HTMLPage {
        let tables = tables(ctx, page: page)
        let members = view.members(of: group)
        let sizes = members.compactMap(\.listSize).sorted()
        let ancestors = view.ancestors(of: group.code)
        var crumbs: [Layout.Crumb] = [.init(title: "England", href: ctx.link(SiteURL.home.path))]
        crumbs += ancestors.reversed().map { .init(title: $0.name, href: ctx.link(SiteURL.group($0.code))) }
        if ancestors.isEmpty {
            crumbs.append(.init(title: group.kind.plural, href: ctx.link(SiteURL.groups(group.kind).path)))
        }
        let binWidth = Histogram.niceWidth(maximum: sizes.last ?? 1, target: 12)
        return Layout.page("\(group.name) (\(group.code))", ctx, crumbs: crumbs, section: group.kind.slug) {
            H.p(.class("hint")) { group.kind.singular }
            H.h1 {
                group.name
                H.span(.class("hint")) { " \(group.code)" }
            }
            if !group.isOpen(at: view.date) {
                H.div(.class("callout warning")) {
                    H.p {
                        if let to = group.validTo, to <= view.date {
                            "This group closed on \(to.long)."
                        } else {
                            "This group is recorded from \(group.validFrom.long)."
                        }
                    }
                }
            }
            if canEdit {
                H.p {
                    H.a(RegistryURL.editFederation(.value(group.code)).path, .class("button")) {
                        "Edit this federation and its members"
                    }
                }
            }
            for section in sections where section.place == .top { Layout.section(section.content, ctx) }
            Layout.dateForm(ctx)
            H.ul(.class("stats"), .aria("label", "\(group.name) in figures")) {
                Layout.stat(grouped(group.members.count), "member practices", nil)
                Layout.stat(grouped(group.patients), "registered patients", nil)
                if !sizes.isEmpty {
                    Layout.stat(grouped(sizes[sizes.count / 2]), "median practice list", nil)
                    Layout.stat("\(grouped(sizes.first!))–\(grouped(sizes.last!))", "smallest to largest list", nil)
                }
                if let imd = meanIMD(members) {
                    Layout.stat(String(format: "%.1f", imd), "mean IMD 2019 score (patient-weighted)", nil)
                }
            }
            Layout.sizeNotice(
                view.sizeStatus(of: group.members),
                more: group.patientsSource.map { ["Registered patients above: the group's \($0)."] } ?? [])
            Layout.summaryList(
                Self.details(group, ancestors, ctx)
                    + (formerNames.isEmpty
                        ? [] : [("Earlier names", .text(formerNames.map(\.label).joined(separator: "; ")))])
                    + lineageDetails)
            // The map before the long tables, so that the shape of the group is seen first.
            if !members.isEmpty {
                let map = map(members, ctx)
                H.h2 { "Where the members are" }
                H.div(.class("figure-box map-box")) {
                    Node.raw(map.svg)
                    Node.raw(map.legend)
                    H.p(.class("hint")) {
                        "Locations are postcode centroids. \(ctx.backdrop.source)"
                    }
                }
            }
            if !tables[1].rows.isEmpty {
                H.h2 { tables[1].caption }
                tables[1].html(ctx, captionHidden: true)
            }
            H.h2 { "Member practices" }
            tables[0].html(ctx, captionHidden: true)
            if group.members.count > Self.membersPerPage {
                Layout.pagination(ctx, page: page, pageSize: Self.membersPerPage, total: group.members.count, query: [])
            }
            if !members.isEmpty {
                H.h2 { "Practice sizes" }
                H.div(.class("figure-box chart-box")) {
                    Node.raw(
                        Histogram(
                            id: "member-sizes", title: "Member practices by registered list size",
                            description:
                                "Number of member practices in each band of \(grouped(binWidth)) registered "
                                + "patients.",
                            bins: Histogram.bins(sizes, width: binWidth), xLabel: "Registered patients",
                            yLabel: "Practices",
                            width: 640, height: 260
                        ).titled)
                }
                H.details {
                    H.summary { "Show the figures as a table" }
                    sizeTable(ctx).html(ctx)
                }
            }
            for section in sections where section.place == .bottom { Layout.section(section.content, ctx) }
            if !lineage.isEmpty {
                H.h2 { tables[3].caption }
                H.p(.class("hint")) {
                    "When groups of this kind (\(group.kind.abbreviation)) merged, split or took practices from one "
                        + "another: the practices that moved between this group and another on each day, and how "
                        + "many the group they left had the day before."
                }
                tables[3].html(ctx, captionHidden: true)
            }
            H.h2 { "Membership history" }
            H.p(.class("hint")) {
                "Practices that joined after \(group.validFrom.long), when the registry's records of this group begin, "
                    + "and practices that left."
            }
            tables[2].html(ctx, captionHidden: true)
            H.p(.class("downloads")) {
                H.a(
                    SiteURL.csv(ctx.path, (ctx.dateGiven ? [("date", ctx.date.iso)] : []) + [("table", "history")]),
                    .attr("download", tables[2].fileName)
                ) {
                    "Download every membership this group has had as CSV, including those held from the start"
                }
            }
        }
    }

    /// A feature's panel: its heading, hint, tables and links.
    package func sizeTable(_ ctx: PageContext) -> DataTable {
        let sizes = view.members(of: group).compactMap(\.listSize)
        return binsTable(
            Histogram.bins(sizes, width: Histogram.niceWidth(maximum: sizes.max() ?? 1, target: 12)), ctx,
            id: "size-bands", caption: "Member practices by registered list size", unit: "Practices",
            file: "\(group.code)-sizes-\(view.date.iso).csv")
    }

    package static func details(_ group: GroupInfo, _ ancestors: [GroupInfo], _ ctx: PageContext) -> [(String, Node)] {
        var out: [(String, Node)] = [("Kind", .text(group.kind.singular)), ("Code", .text(group.code))]
        if let ons = group.onsCode { out.append(("ONS code", .text(ons))) }
        if !ancestors.isEmpty {
            out.append(
                (
                    "Part of",
                    .fragment(
                        ancestors.enumerated().flatMap { i, a in
                            [
                                i > 0 ? Node.text(", ") : .empty,
                                H.link(ctx.link(SiteURL.group(a.code)), "\(a.name) (\(a.kind.abbreviation))"),
                            ]
                        })
                ))
        }
        if let form = group.legalForm { out.append(("Legal form", .text(form.label))) }
        if let description = group.description, !description.isEmpty { out.append(("Description", .text(description))) }
        out.append(("Recorded from", .text(group.validFrom.long)))
        if let to = group.validTo { out.append(("Closed", .text(to.long))) }
        out.append(
            (
                "Source",
                .text(
                    group.source == "nhs"
                        ? "NHS Digital and ODS files"
                        : "Recorded in Consort" + (group.createdBy.map { " by \($0)" } ?? ""))
            ))
        return out
    }

    /// The kind of group a member map colours this group's practices by: the next NHS level
    /// down (a consortium's PCNs, an ICB's consortia), or a federation's or locality's PCNs.
    var partKind: GroupKind? {
        switch group.kind {
        case .region: .icb
        case .icb: .consortium
        case .consortium, .locality, .federation: .network
        case .network: nil
        }
    }

    /// The members' map, with its legend: coloured by the group of `partKind` each belongs to
    /// (neighbouring parts in different colours) when there are several, else blue dots sized by
    /// registered patients; other practices in the frame in grey.
    package func map(_ members: [PracticeInfo], _ ctx: PageContext) -> (svg: String, legend: String) {
        let located = members.compactMap { p in p.gridPoint.map { (p, $0) } }
        let memberCodes = Set(members.map(\.code))
        let context = view.practices.compactMap { memberCodes.contains($0.code) ? nil : $0.gridPoint }
        let parts = partKind.map { kind in Set(located.compactMap { $0.0.groups[kind] }) } ?? []
        if let kind = partKind, parts.count > 1 {
            var index: [String: Int] = [:]
            var names: [Int: String] = [:]
            var shapes: [Int: GeoJSON.Area] = [:]
            let layer = kind == .icb ? ctx.backdrop.icbs : kind == .consortium ? ctx.backdrop.subICBs : nil
            let areas = Dictionary((layer?.areas ?? []).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            let groups = located.map { p, _ -> Int in
                guard let code = p.groups[kind] else { return -1 }
                if let i = index[code] { return i }
                let i = index.count
                index[code] = i
                names[i] = view.groups[code]?.name ?? code
                shapes[i] = view.groups[code]?.onsCode.flatMap { areas[$0] }
                return i
            }
            let points = located.map(\.1)
            let links = Delaunay(points: points.map { (x: Int($0.easting), y: Int($0.northing)) }).edges
            let map = GroupMap(
                id: "members-map", title: "Member practices of \(group.name) by \(kind.singular)",
                description:
                    "\(located.count) member practices coloured by their \(kind.singular) (\(parts.count)), "
                    + "neighbouring ones in different colours, each outlined (by its boundary where ONS publishes "
                    + "one); other practices in grey.",
                points: points, groups: groups, names: names, links: links, shapes: shapes, context: context,
                backdrop: ctx.backdrop)
            return (map.svg(), map.legend())
        }
        let subjects = located.map { p, point in
            PointMap.Mark(point: point, label: "\(p.name) (\(p.code))", weight: Double(p.listSize ?? 0))
        }
        let map = PointMap(
            id: "members-map", title: "Member practices of \(group.name)",
            description: "\(subjects.count) member practices in blue, sized by registered patients; other practices "
                + "in grey.",
            subjects: subjects, context: context, backdrop: ctx.backdrop,
            labels: ("member practices, sized by registered patients", "other practices", ""))
        return (map.svg(), map.legend())
    }
}
