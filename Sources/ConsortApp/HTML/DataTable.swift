import ConsortCore
import Interop
import Vapor

/// A table shown on a page and downloadable as CSV from the same data, so that every table in
/// Consort has its CSV (`<page>.csv?table=<id>` with the page's query).
struct DataTable: Sendable {
    struct Column: Sendable {
        let title: String
        var numeric = false
        /// When set, the heading links to sort by this key.
        var sortKey: String? = nil
    }

    struct Cell: Sendable {
        let text: String
        var href: String? = nil
        /// The value written to CSV when it differs from the text (numbers without separators).
        var csv: String? = nil

        static func number(_ value: Int?) -> Cell {
            Cell(text: value.map(grouped) ?? "–", csv: value.map(String.init) ?? "")
        }

        static func decimal(_ value: Double?, digits: Int = 1) -> Cell {
            Cell(text: value.map { String(format: "%.\(digits)f", $0) } ?? "–", csv: value.map { String(format: "%.\(digits)f", $0) } ?? "")
        }

        static func text(_ value: String?) -> Cell { Cell(text: value ?? "–", csv: value ?? "") }

        static func link(_ text: String, _ href: String) -> Cell { Cell(text: text, href: href, csv: text) }
    }

    let id: String
    let caption: String
    let columns: [Column]
    var rows: [[Cell]]
    /// The download's file name.
    let fileName: String
    /// Shown instead of an empty table.
    var emptyText = "None."
    /// When the table holds one page of a longer list: how many rows the CSV download has.
    var total: Int? = nil

    var csv: String {
        CSVWriter.document(header: columns.map(\.title), rows: rows.map { $0.map { $0.csv ?? $0.text } })
    }

    /// The table as HTML, with a link to download it (all pages of it) as CSV.
    func html(_ ctx: PageContext, query: [(String, String)] = [], sort: (key: String, ascending: Bool)? = nil,
              captionHidden: Bool = false) -> Node {
        let count = total ?? rows.count
        return H.div(.class("table-block")) {
            if rows.isEmpty {
                H.p(.class("hint")) { emptyText }
            } else {
                // Focusable, so that keyboard users can scroll a wide table (WCAG 2.1.1).
                H.div(.class("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .aria("label", caption)) {
                    H.table(.id(id)) {
                        H.el("caption", captionHidden ? [.class("visually-hidden")] : []) { caption }
                        H.thead {
                            H.tr {
                                for column in columns {
                                    H.th(.attr("scope", "col"), .class(column.numeric ? "num" : ""), sortAttribute(column, sort)) {
                                        if let key = column.sortKey {
                                            let ascending = sort?.key == key ? !(sort!.ascending) : !column.numeric
                                            let items = query.filter { !["sort", "dir", "page"].contains($0.0) }
                                                + [("sort", key), ("dir", ascending ? "asc" : "desc")]
                                            H.a(ctx.link(ctx.path, items)) {
                                                column.title
                                                if sort?.key == key { H.span(.aria("hidden", "true")) { sort!.ascending ? " ▲" : " ▼" } }
                                            }
                                        } else {
                                            column.title
                                        }
                                    }
                                }
                            }
                        }
                        H.tbody {
                            for row in rows {
                                H.tr {
                                    for (i, cell) in row.enumerated() {
                                        let numeric = i < columns.count && columns[i].numeric
                                        if i == 0 {
                                            H.th(.attr("scope", "row"), .class(numeric ? "num" : "")) { content(cell) }
                                        } else {
                                            H.td(.class(numeric ? "num" : "")) { content(cell) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                H.p(.class("downloads")) {
                    H.a(SiteURL.csv(ctx.path, ctx.dateGiven ? query + [("date", ctx.date.iso), ("table", id)] : query + [("table", id)]),
                        .attr("download", fileName)) { "Download this table as CSV (\(grouped(count)) \(count == 1 ? "row" : "rows"))" }
                }
            }
        }
    }

    private func sortAttribute(_ column: Column, _ sort: (key: String, ascending: Bool)?) -> Attribute {
        guard let key = column.sortKey, sort?.key == key else { return Attribute(name: "data-sort", value: column.sortKey ?? "") }
        return .aria("sort", sort!.ascending ? "ascending" : "descending")
    }

    private func content(_ cell: Cell) -> Node {
        if let href = cell.href { return H.link(href, cell.text) }
        return .text(cell.text)
    }
}

/// Tables as JSON: the same columns and values as their CSV.
struct TablesJSON: Content {
    struct Table: Content { let id: String; let caption: String; let columns: [String]; let rows: [[String]] }
    let tables: [Table]

    init(_ tables: [DataTable]) {
        self.tables = tables.map { t in Table(id: t.id, caption: t.caption, columns: t.columns.map(\.title), rows: t.rows.map { $0.map { $0.csv ?? $0.text } }) }
    }
}

/// A page made of tables: answers `page.csv?table=<id>` with that table.
func csvResponse(_ tables: [DataTable], req: Request) throws -> CSVFile {
    let id = req.query[String.self, at: "table"] ?? tables.first?.id ?? ""
    guard let table = tables.first(where: { $0.id == id }) else {
        throw BadParameter(name: "table", value: id, expected: "use one of " + tables.map(\.id).joined(separator: ", "))
    }
    return CSVFile(name: table.fileName, text: table.csv)
}
