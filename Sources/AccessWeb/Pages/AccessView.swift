import Access
import Charts
import ConsortCore
import ConsortWeb
import Vapor

/// The extended-access pages.
package enum AccessView {
    package typealias Errors = FormErrors

    package static func error(_ errors: Errors, _ field: String) -> Node { Layout.fieldError(errors, field) }

    package static func field(
        _ id: String, _ label: String, hint: String? = nil, _ errors: Errors, @HTMLBuilder _ control: () -> [Node]
    ) -> Node {
        Layout.field(id, label, hint: hint, errors, control)
    }

    package static func text(
        _ id: String, _ value: String?, wide: Bool = false, hint: Bool = false, type: String = "text"
    ) -> Node {
        var attributes: [Attribute] = [.type(type), .id(id), .name(id), .value(value ?? "")]
        if wide { attributes.append(.class("wide")) }
        if hint { attributes.append(.aria("describedby", "\(id)-hint")) }
        return Node(storage: .void("input", attributes))
    }

    package static func roleSelect(_ id: String, _ selected: String?) -> Node {
        H.select(.id(id), .name("role")) {
            for role in StaffRole.allCases { H.option(role.rawValue, role.label, selected: selected == role.rawValue) }
        }
    }

    /// A person's own sessions: the day as people write it ("Today", "Tomorrow", "Monday 14 Dec
    /// 2026"; ISO in the CSV), the time, hub, room, federation and role.
    package static func sessionsTable(
        _ rows: [StaffList.MySession], view: RegistryView, today: Day, id: String, caption: String, fileName: String
    ) -> DataTable {
        DataTable(
            id: id, caption: caption,
            columns: [
                .init(title: "Day"), .init(title: "Time"), .init(title: "Hub"), .init(title: "Room"),
                .init(title: "Federation"), .init(title: "As"),
            ],
            rows: rows.map { s in
                let day = Day(iso: s.day)
                let text =
                    day.map {
                        $0 == today
                            ? "Today" : $0 == today.adding(days: 1) ? "Tomorrow" : "\($0.weekdayName) \($0.short)"
                    } ?? s.day
                return [
                    DataTable.Cell(text: text, csv: s.day),
                    .text("\(AccessWindow.clock(s.startMinute))–\(AccessWindow.clock(s.endMinute))"), .text(s.hub),
                    .text(s.room), .text(view.groups[s.groupCode]?.name ?? s.groupCode),
                    .text(StaffRole(rawValue: s.role)?.label ?? s.role),
                ]
            }, fileName: fileName)
    }

    /// A share as the report's cards and tables both write it: one decimal place ("9.6%").
    package static func percentText(_ fraction: Double) -> String { String(format: "%.1f%%", fraction * 100) }

    package static func percent(_ value: Double?) -> DataTable.Cell {
        value.map { DataTable.Cell(text: percentText($0), csv: String(format: "%.4f", $0)) }
            ?? .text(nil)
    }

    package static func hours(_ minutes: Int?) -> DataTable.Cell {
        guard let minutes else { return .text(nil) }
        return DataTable.Cell(
            text: "\(grouped(minutes)) (\(String(format: "%.1f", Double(minutes) / 60)) h)", csv: String(minutes))
    }

    package static func groupCrumbs(_ group: GroupInfo) -> [Layout.Crumb] {
        [
            .init(title: "England", href: SiteURL.home.path),
            .init(title: group.kind.plural, href: SiteURL.groups(group.kind).path),
            .init(title: group.name, href: SiteURL.group(group.code)),
        ]
    }

    package static func accessCrumbs(_ group: GroupInfo) -> [Layout.Crumb] {
        groupCrumbs(group) + [.init(title: "Extended access", href: AccessURL.access(.value(group.code)).path)]
    }

}
