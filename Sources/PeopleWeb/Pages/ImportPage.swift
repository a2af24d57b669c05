import ConsortCore
import ConsortWeb
import Vapor

/// The directory's import: a CSV of staff pasted or uploaded, its preview (what each line would
/// do, every problem by line), then the import.
package struct PeopleImportPage: Sendable {
    package var text = ""
    package var plan: PeopleImport.Plan?
    /// The import was made: how many people and roles it added.
    package var done: PeopleImport.Plan?
    package var errors: FormErrors = []

    package init() {}

    package func table(_ plan: PeopleImport.Plan, view: RegistryView?) -> DataTable {
        DataTable(
            id: "preview", caption: "What importing the file does",
            columns: [
                .init(title: "Line", numeric: true), .init(title: "Name"), .init(title: "Role"),
                .init(title: "At"), .init(title: "From"), .init(title: "Change"),
            ],
            rows: plan.lines.map { l in
                [
                    .number(l.line), .text(l.details.name), .text(l.role.label),
                    .text(view.map { PeopleView.organisation(l.organisation, $0).0 } ?? l.organisation),
                    .text(l.from.short), .text(l.summary),
                ]
            }, fileName: "people-import-preview.csv", emptyText: "No line would change anything.")
    }

    package func render(_ ctx: PageContext, view: RegistryView?, status: HTTPStatus = .ok) -> HTMLPage {
        Layout.page(
            "Import people", ctx, crumbs: [.init(title: "People", href: PeopleURL.people.path)], section: "people",
            status: status
        ) {
            Layout.errorSummary(errors)
            H.h1 { "Import people" }
            if let done {
                H.div(.class("callout success"), .attr("role", "status")) {
                    H.p {
                        H.strong { "Imported. " }
                        "\(counted(done.added, "person", "people")) added, \(counted(done.roles, "role")) given to "
                            + "people already in the directory, \(grouped(done.unchanged)) unchanged."
                    }
                }
            }
            H.p(.class("lede")) {
                "Bring in your staff in one go: a CSV file with a header line and a line per person and role. "
                    + "Each line is checked as the add-a-person form checks it; a person the directory already "
                    + "holds (by GMC number, NMC PIN or work email) is given the role rather than added twice."
            }
            H.p {
                "Columns: name, organisation (an ODS code you keep), role ("
                    + PersonRole.allCases.map(\.rawValue).joined(separator: ", ")
                    + "); optionally gmc, nmc, email, phone, from (YYYY-MM-DD; today when empty) and title."
            }
            H.pre {
                "name,organisation,role,gmc,email\nDr A Example (demo),A81001,gp-partner,7000001,a.example@nhs.net"
            }
            if let plan, !plan.problems.isEmpty {
                H.div(.class("callout warning"), .id("problems")) {
                    H.h2 { "The file was refused: \(counted(plan.problems.count, "problem")), nothing was written" }
                    H.ul {
                        for p in plan.problems.prefix(200) {
                            H.li { p.line > 0 ? "Line \(p.line): \(p.message)" : p.message }
                        }
                    }
                }
            } else if let plan {
                H.h2 { "Preview: nothing is written until you import" }
                H.p {
                    "\(counted(plan.added, "new person", "new people")), \(counted(plan.roles, "new role")) for "
                        + "people already in the directory, \(grouped(plan.unchanged)) unchanged."
                }
                table(plan, view: view).html(ctx, captionHidden: true)
            }
            Layout.uploadForm(
                ctx, action: PeopleURL.importPeople.path, label: "A CSV file", hint: "Or paste the lines below.", errors
            ) {
                Layout.field("text", "The lines", errors) {
                    H.el("textarea", [.id("text"), .name("text"), .attr("rows", "8")]) { text }
                }
                H.div(.class("actions")) {
                    H.button(.type("submit"), .name("action"), .value("check"), .class("button secondary")) {
                        "Preview"
                    }
                    if let plan, plan.problems.isEmpty, plan.added + plan.roles > 0 {
                        H.button(.type("submit"), .name("action"), .value("import"), .class("button")) {
                            "Import \(counted(plan.lines.count, "line"))"
                        }
                    }
                }
            }
        }
    }
}
