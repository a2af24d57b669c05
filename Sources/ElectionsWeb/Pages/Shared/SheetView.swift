import ConsortCore
import ConsortWeb
import Elections
import Foundation
import Vapor

/// A count sheet as returning officers publish it: the result, the table of candidates by
/// stages, and each stage's notes. Shared by the count page and an election's page.
package enum SheetView {
    /// Each candidate's votes at each stage, then the non-transferable votes, the losses by
    /// fractions and the quota.
    package static func table(_ sheet: CountSheet?) -> DataTable {
        guard let sheet else {
            return DataTable(id: "sheet", caption: "Count sheet", columns: [], rows: [], fileName: "count-sheet.csv")
        }
        let columns =
            [DataTable.Column(title: "Candidate")]
            + sheet.stages.map { DataTable.Column(title: "Stage \($0.number)", numeric: true) }
        var rows: [[DataTable.Cell]] = sheet.candidates.enumerated().map { i, name in
            let status =
                sheet.elected.contains(name) ? " (elected)" : sheet.withdrawn.contains(name) ? " (withdrawn)" : ""
            return [.text(name + status)]
                + sheet.stages.map { .text($0.votes.indices.contains(i) ? $0.votes[i] : nil) }
        }
        rows.append([.text("Non-transferable")] + sheet.stages.map { .text($0.nonTransferableTotal) })
        rows.append([.text("Lost by fractions")] + sheet.stages.map { .text($0.lossByFractions) })
        rows.append([.text("Quota")] + sheet.stages.map { .text($0.quota) })
        return DataTable(
            id: "sheet", caption: "Count sheet: votes at the end of each stage", columns: columns, rows: rows,
            fileName: "count-sheet.csv")
    }

    package static func summary(_ sheet: CountSheet) -> Node {
        H.div(.class("result")) {
            H.h2 { sheet.title.isEmpty ? "Result" : "Result: \(sheet.title)" }
            H.p {
                H.strong { "Elected, in order: " }
                sheet.elected.joined(separator: ", ")
            }
            H.p(.class("hint")) {
                "\(sheet.method). \(sheet.seats) seat\(sheet.seats == 1 ? "" : "s"), \(sheet.candidates.count) "
                    + "candidates, \(grouped(sheet.ballots)) ballot paper\(sheet.ballots == 1 ? "" : "s"), "
                    + "quota \(sheet.quota)."
            }
        }
    }

    package static func stages(_ sheet: CountSheet) -> Node {
        H.fragment {
            H.h2 { "Stage by stage" }
            H.ol {
                for stage in sheet.stages {
                    H.li {
                        H.strong { stage.action }
                        if let tv = stage.transferValue { " (transfer value \(tv))" }
                        if !stage.notes.isEmpty {
                            H.ul { for note in stage.notes { H.li { note } } }
                        }
                    }
                }
            }
        }
    }

    /// A count sheet (or any encodable value) as a JSON download.
    package static func json(_ value: some Encodable, name: String) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/json; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        return Response(status: .ok, headers: headers, body: .init(data: try encoder.encode(value)))
    }
}
