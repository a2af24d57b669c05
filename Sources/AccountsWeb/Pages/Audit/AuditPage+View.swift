import ConsortCore
import ConsortWeb
import Foundation

extension AuditPage {
    package func table(_ ctx: PageContext) -> DataTable {
        DataTable(
            id: "audit", caption: "Audit log",
            columns: [
                .init(title: "No.", numeric: true), .init(title: "When (UK time)"), .init(title: "Who"),
                .init(title: "What"), .init(title: "Record"), .init(title: "Change"), .init(title: "Hash"),
            ],
            rows: rows.map { r in
                [
                    .number(r.seq), DataTable.Cell(text: UKTime.format(r.recordedAt), csv: r.recordedAt),
                    .text(r.actor), .text(r.action), .text("\(r.entity) \(r.entityId)"),
                    DataTable.Cell(
                        text: Self.change(before: r.beforeJson ?? "", after: r.afterJson ?? ""),
                        csv: "before: \(r.beforeJson ?? ""); after: \(r.afterJson ?? "")"),
                    DataTable.Cell(text: String(r.hash.prefix(12)) + "…", csv: r.hash),
                ]
            },
            fileName: "audit-log.csv", emptyText: "Nothing has been recorded yet.")
    }

    /// A change in words: each field that differs as "field: old → new" (new fields "field: value",
    /// removed ones "field: old → removed"), from the entry's before and after JSON objects. Text
    /// that is not a JSON object is shown as it is.
    package static func change(before: String, after: String) -> String {
        func object(_ text: String) -> [String: String]? {
            guard !text.isEmpty else { return [:] }
            guard let any = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                return nil
            }
            return any.mapValues { value in
                if let s = value as? String { return s }
                if value is NSNull { return "none" }
                guard JSONSerialization.isValidJSONObject([value]),
                    let data = try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys]),
                    let text = String(data: data, encoding: .utf8)
                else { return "\(value)" }
                return String(text.dropFirst().dropLast())
            }
        }
        guard let old = object(before), let new = object(after) else {
            return [before, after].filter { !$0.isEmpty }.joined(separator: " → ")
        }
        var parts: [String] = []
        for key in Set(old.keys).union(new.keys).sorted() {
            switch (old[key], new[key]) {
            case (nil, let value?): if !value.isEmpty { parts.append("\(key): \(value)") }
            case (let value?, nil): parts.append("\(key): \(value) → removed")
            case (let a?, let b?) where a != b: parts.append("\(key): \(a) → \(b)")
            default: continue
            }
        }
        return parts.isEmpty ? "no field changed" : parts.joined(separator: "; ")
    }

    package func render(_ ctx: PageContext) -> HTMLPage {
        var items: [(String, String)] = []
        if let entity { items.append(("entity", entity)) }
        if let entityID { items.append(("id", entityID)) }
        return Layout.page("Audit log", ctx) {
            H.h1 { "Audit log" }
            H.p(.class("lede")) {
                "Every change to the registry, accounts and federations, newest first: who made it, when, and the "
                    + "record before and after. Each entry carries a hash of itself and of the entry before, so "
                    + "editing or deleting a past entry is detected by consort audit verify."
            }
            table(ctx).html(ctx, query: items, captionHidden: true)
            if total > Self.pageSize {
                Layout.pagination(ctx, page: page, pageSize: Self.pageSize, total: total, query: items)
            }
        }
    }
}
