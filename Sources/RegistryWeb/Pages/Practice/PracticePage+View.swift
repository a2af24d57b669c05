import Charts
import ConsortCore
import ConsortWeb
import SQLKit

extension PracticePage {
    package func tables(_ ctx: PageContext) -> [DataTable] {
        let p = view.practice(history.row.code)
        var groupRows: [[DataTable.Cell]] = []
        if let p {
            for kind in GroupKind.nhsLevels.reversed() {
                if let code = p.groups[kind], let g = view.groups[code] {
                    groupRows.append([
                        .text(kind.singular), .link(code, ctx.link(SiteURL.group(code))),
                        .link(g.name, ctx.link(SiteURL.group(code))),
                    ])
                } else {
                    groupRows.append([
                        .text(kind.singular), .text(nil), .text(kind == .network ? "Not in a PCN" : "None recorded"),
                    ])
                }
            }
            for code in p.federations {
                groupRows.append([
                    .text(GroupKind.federation.singular), .link(code, ctx.link(SiteURL.group(code))),
                    .link(view.groups[code]?.name ?? code, ctx.link(SiteURL.group(code))),
                ])
            }
        }
        let groups = DataTable(
            id: "groups", caption: "Groups on \(view.date.long)",
            columns: [.init(title: "Kind"), .init(title: "Code"), .init(title: "Name")],
            rows: groupRows, fileName: "\(history.row.code)-groups-\(view.date.iso).csv",
            emptyText: "The practice was not open on this date.")
        let memberships = DataTable(
            id: "memberships", caption: "Membership history",
            columns: [
                .init(title: "Kind"), .init(title: "Code"), .init(title: "Group"), .init(title: "From"),
                .init(title: "To"), .init(title: "Source"),
            ],
            rows: history.memberships.map { m, name in
                [
                    .text(GroupKind(rawValue: m.kind)?.singular ?? m.kind),
                    .link(m.groupCode, ctx.link(SiteURL.group(m.groupCode))),
                    .text(name), .text(m.validFrom), .text(m.validTo ?? "open"), .text(Self.sourceLabel(m.source)),
                ]
            },
            fileName: "\(history.row.code)-memberships.csv")
        let sizes = DataTable(
            id: "list-sizes", caption: "Registered list size over time",
            columns: [
                .init(title: "Date"), .init(title: "Patients", numeric: true),
                .init(title: "Weighted patients", numeric: true),
            ],
            rows: history.listSizes.map {
                [.text($0.onDate), .number($0.patients), .decimal($0.weightedPatients, digits: 2)]
            },
            fileName: "\(history.row.code)-list-sizes.csv")
        return [groups, memberships, sizes]
    }

    package static func sourceLabel(_ source: String) -> String {
        switch source {
        case "consort": return "Consort dataset"
        case "totals": return "NHS Digital totals file"
        case "map": return "NHS Digital map file"
        case "epraccur": return "ODS epraccur"
        case "user": return "Entered in Consort"
        default: return source
        }
    }

    package func render(_ ctx: PageContext) -> HTMLPage {
        let row = history.row
        let p = view.practice(row.code)
        let tables = tables(ctx)
        let crumbs: [Layout.Crumb] = [
            .init(title: "England", href: ctx.link(SiteURL.home.path)),
            .init(title: "Practices", href: ctx.link(SiteURL.practices.path)),
        ]
        let name = p?.name ?? row.name
        return Layout.page("\(name) (\(row.code))", ctx, crumbs: crumbs, section: "practices") {
            H.h1 {
                name
                H.span(.class("hint")) { " \(row.code)" }
            }
            if p == nil {
                H.div(.class("callout warning")) {
                    H.p {
                        if let closed = row.closedOn.flatMap(Day.init(iso:)), closed <= view.date {
                            "This practice closed on \(closed.long). The figures below are its last recorded details."
                        } else {
                            "The registry holds this practice from \(Day(iso: row.knownFrom)?.long ?? row.knownFrom); "
                                + "it was not in the registry on \(view.date.long)."
                        }
                    }
                }
            }
            Layout.dateForm(ctx)
            H.div(.class("columns")) {
                H.div {
                    Layout.summaryList(details(row, p))
                }
                H.div {
                    if let point = p?.gridPoint ?? Self.gridPoint(row) {
                        H.div(.class("figure-box")) {
                            Node.raw(
                                PointMap(
                                    id: "where", title: "Where \(row.name) is in England",
                                    description: "A map of England with this practice marked in red.", subjects: [],
                                    highlight: .init(point: point, label: "\(row.name) (\(row.code))"), width: 220,
                                    backdrop: ctx.backdrop, focus: view.points, showPlaces: false
                                ).svg())
                            let nearby = nearbyMap(row, point, ctx)
                            Node.raw(nearby.svg())
                            Node.raw(nearby.legend())
                            H.p(.class("hint")) {
                                "Locations are postcode centroids. Boundaries and place names: ONS and OS open "
                                    + "data."
                            }
                        }
                    }
                }
            }
            H.h2 { "Groups" }
            tables[0].html(ctx, captionHidden: true)
            H.h2 { "List size" }
            tables[2].html(ctx, captionHidden: true)
            H.h2 { "Membership history" }
            H.p(.class("hint")) {
                "Each row is a period in a group. A period ends (To) on the date the practice left; open periods "
                    + "continue."
            }
            tables[1].html(ctx, captionHidden: true)
        }
    }

    package static func gridPoint(_ row: PracticeRow) -> GridPoint? {
        guard let e = row.easting, let n = row.northing else { return nil }
        return GridPoint(easting: Double(e), northing: Double(n))
    }

    package func nearbyMap(_ row: PracticeRow, _ point: GridPoint, _ ctx: PageContext) -> PointMap {
        let radius = 6_000.0
        let network = view.practice(row.code)?.groups[.network]
        var subjects: [PointMap.Mark] = []
        var context: [GridPoint] = []
        for other in view.practices where other.code != row.code {
            guard let q = other.gridPoint, abs(q.easting - point.easting) < radius * 2,
                abs(q.northing - point.northing) < radius * 2
            else { continue }
            if network != nil, other.groups[.network] == network {
                subjects.append(
                    .init(point: q, label: "\(other.name) (\(other.code))", weight: Double(other.listSize ?? 0)))
            } else {
                context.append(q)
            }
        }
        return PointMap(
            id: "nearby", title: "Practices near \(row.name)",
            description:
                "\(subjects.count) other practices of the same PCN in blue and \(context.count) other practices in "
                + "grey within about 12 km.",
            subjects: subjects, context: context, highlight: .init(point: point, label: "\(row.name) (\(row.code))"),
            width: 360, minimumSpan: radius * 2, backdrop: ctx.backdrop,
            labels: ("other practices of its PCN", "other practices", "this practice"))
    }

    package func details(_ row: PracticeRow, _ p: PracticeInfo?) -> [(String, Node)] {
        var out: [(String, Node)] = [("ODS code", .text(row.code))]
        if !history.formerNames.isEmpty {
            out.append(("Current name", .text(row.name)))
            out.append(("Earlier names", .text(history.formerNames.map(\.label).joined(separator: "; "))))
        }
        if let address = row.address { out.append(("Address", .text(address))) }
        out.append(("Postcode", .text(row.postcode ?? "Not recorded")))
        if let phone = row.phone { out.append(("Telephone", .text(phone))) }
        if let p, let size = p.listSize {
            let stale = view.index[p.code].map(view.configuration.sizeIsStale) ?? true
            out.append(
                (
                    "Registered patients",
                    .text(
                        "\(grouped(size)) on \(p.listSizeOn?.long ?? "")"
                            + (stale
                                ? ", older than the memberships shown (\(view.configuration.membershipsOn.long))" : "")
                    )
                ))
        } else {
            out.append(("Registered patients", .text("Not recorded at this date")))
        }
        if let w = p?.weightedListSize {
            out.append(
                (
                    "Weighted patients (2021-22)",
                    .text("\(grouped(Int(w))).\(String(format: "%02d", Int((w * 100).rounded()) % 100))")
                ))
        }
        if let score = row.imdScore {
            out.append(
                (
                    "Deprivation (IMD 2019)",
                    .text(
                        "score \(String(format: "%.1f", score))"
                            + (row.imdDecile.map { ", national decile \($0) of 10 (1 = most deprived)" } ?? ""))
                ))
        } else {
            out.append(("Deprivation (IMD 2019)", .text("Not published for this practice")))
        }
        out.append(("Rurality", .text(row.rurality ?? "Not recorded")))
        out.append(("Contract", .text(row.contractType ?? "Not recorded")))
        out.append(("Dispensing", .text(row.dispensing ?? "Not recorded")))
        if let status = row.odsStatus { out.append(("ODS status", .text(status))) }
        if let opened = row.odsOpenedOn.flatMap(Day.init(iso:)) { out.append(("Opened (ODS)", .text(opened.long))) }
        out.append(("In the registry from", .text(Day(iso: row.knownFrom)?.long ?? row.knownFrom)))
        if let closed = row.closedOn.flatMap(Day.init(iso:)) { out.append(("Closed", .text(closed.long))) }
        if let lat = row.latitude, let lon = row.longitude {
            out.append(("Location", .text(String(format: "%.5f, %.5f (postcode centroid)", lat, lon))))
        }
        return out
    }
}
