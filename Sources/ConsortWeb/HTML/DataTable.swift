import ConsortCore
import Interop
import Vapor

/// A table shown on a page and downloadable as CSV from the same data, so that every table in
/// Consort has its CSV (`<page>.csv?table=<id>` with the page's query).
package struct DataTable: Sendable {
    package struct Column: Sendable {
        package let title: String
        package var numeric = false
        /// When set, the heading links to sort by this key.
        package var sortKey: String? = nil

        package init(title: String, numeric: Bool = false, sortKey: String? = nil) {
            self.title = title
            self.numeric = numeric
            self.sortKey = sortKey
        }
    }

    package struct Cell: Sendable {
        package let text: String
        package var href: String? = nil
        /// The value written to CSV when it differs from the text (numbers without separators).
        package var csv: String? = nil

        package static func number(_ value: Int?) -> Cell {
            Cell(text: value.map(grouped) ?? "–", csv: value.map(String.init) ?? "")
        }

        package static func decimal(_ value: Double?, digits: Int = 1) -> Cell {
            Cell(
                text: value.map { String(format: "%.\(digits)f", $0) } ?? "–",
                csv: value.map { String(format: "%.\(digits)f", $0) } ?? "")
        }

        package static func text(_ value: String?) -> Cell { Cell(text: value ?? "–", csv: value ?? "") }

        package static func link(_ text: String, _ href: String) -> Cell { Cell(text: text, href: href, csv: text) }

        package init(text: String, href: String? = nil, csv: String? = nil) {
            self.text = text
            self.href = href
            self.csv = csv
        }
    }

    package let id: String
    package let caption: String
    package let columns: [Column]
    package var rows: [[Cell]]
    /// The download's file name.
    package let fileName: String
    /// Shown instead of an empty table.
    package var emptyText = "None."
    /// When the table holds one page of a longer list: how many rows the CSV download has.
    package var total: Int? = nil

    package var csv: String {
        CSVWriter.document(header: columns.map(\.title), rows: rows.map { $0.map { $0.csv ?? $0.text } })
    }

    /// The table as HTML, with a link to download it (all pages of it) as CSV.
    package func html(
        _ ctx: PageContext, query: [(String, String)] = [], sort: (key: String, ascending: Bool)? = nil,
        captionHidden: Bool = false
    ) -> Node {
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
                                    H.th(
                                        .attr("scope", "col"), .class(column.numeric ? "num" : ""),
                                        sortAttribute(column, sort)
                                    ) {
                                        if let key = column.sortKey {
                                            let ascending = sort?.key == key ? !(sort!.ascending) : !column.numeric
                                            let items =
                                                query.filter { !["sort", "dir", "page"].contains($0.0) }
                                                + [("sort", key), ("dir", ascending ? "asc" : "desc")]
                                            H.a(ctx.link(ctx.path, items)) {
                                                column.title
                                                if let sort, sort.key == key {
                                                    let arrow = sort.ascending ? " ▲" : " ▼"
                                                    H.span(.aria("hidden", "true")) { arrow }
                                                }
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
                                        let kind = numeric ? "num" : DataTable.isDate(cell.text) ? "date" : ""
                                        if i == 0 {
                                            H.th(.attr("scope", "row"), .class(kind)) { content(cell) }
                                        } else {
                                            H.td(.class(kind)) { content(cell) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                H.p(.class("downloads")) {
                    H.a(
                        SiteURL.csv(
                            ctx.path,
                            ctx.dateGiven ? query + [("date", ctx.date.iso), ("table", id)] : query + [("table", id)]),
                        .attr("download", fileName)
                    ) { "Download this table as CSV (\(grouped(count)) \(count == 1 ? "row" : "rows"))" }
                }
            }
        }
    }

    /// Whether a cell holds a date ("2026-12-01", "1 Dec 2026", "1 December 2026", optionally
    /// with a time): such cells do not wrap inside the date.
    static func isDate(_ text: String) -> Bool {
        let b = Array(text.utf8.prefix(40))
        func digit(_ i: Int) -> Bool { i < b.count && b[i] >= 48 && b[i] <= 57 }
        if b.count >= 10, digit(0), digit(1), digit(2), digit(3), b[4] == 45, digit(5), digit(6), b[7] == 45, digit(8),
            digit(9)
        {
            return true
        }
        let words = text.split(separator: " ", maxSplits: 3)
        guard words.count >= 3, let d = Int(words[0]), (1...31).contains(d), words[2].prefix(4).allSatisfy(\.isNumber),
            words[2].count >= 4
        else { return false }
        let month = words[1].prefix(3)
        return ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].contains(month)
    }

    private func sortAttribute(_ column: Column, _ sort: (key: String, ascending: Bool)?) -> Attribute {
        guard let key = column.sortKey, sort?.key == key else {
            return Attribute(name: "data-sort", value: column.sortKey ?? "")
        }
        return .aria("sort", sort!.ascending ? "ascending" : "descending")
    }

    private func content(_ cell: Cell) -> Node {
        if let href = cell.href { return H.link(href, cell.text) }
        return .text(cell.text)
    }

    package init(
        id: String, caption: String, columns: [Column], rows: [[Cell]], fileName: String, emptyText: String = "None.",
        total: Int? = nil
    ) {
        self.id = id
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.fileName = fileName
        self.emptyText = emptyText
        self.total = total
    }
}

/// Tables as JSON: the same columns and values as their CSV.
package struct TablesJSON: Content {
    package struct Table: Content {
        package let id: String
        package let caption: String
        package let columns: [String]
        package let rows: [[String]]

        package init(id: String, caption: String, columns: [String], rows: [[String]]) {
            self.id = id
            self.caption = caption
            self.columns = columns
            self.rows = rows
        }
    }
    package let tables: [Table]

    package init(_ tables: [DataTable]) {
        self.tables = tables.map { t in
            Table(
                id: t.id, caption: t.caption, columns: t.columns.map(\.title),
                rows: t.rows.map { $0.map { $0.csv ?? $0.text } })
        }
    }
}

/// A page made of tables: answers `page.csv?table=<id>` with that table.
package func csvResponse(_ tables: [DataTable], req: Request) throws -> CSVFile {
    let id = req.query[String.self, at: "table"] ?? tables.first?.id ?? ""
    guard let table = tables.first(where: { $0.id == id }) else {
        throw BadParameter(name: "table", value: id, expected: "use one of " + tables.map(\.id).joined(separator: ", "))
    }
    return CSVFile(name: table.fileName, text: table.csv)
}
