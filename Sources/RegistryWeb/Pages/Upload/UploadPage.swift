import ConsortCore
import ConsortWeb
import Importers
import Vapor

/// The administrator's form for bringing in NHS files from the browser: the same importer as
/// `consort import`, one file at a time, with its report (or every problem, by file, line and
/// column) after.
package struct UploadPage: Sendable {
    /// The newest NHS data the registry holds, to say how old it is.
    package let latest: Day?
    /// A dry run's report, or nil.
    package var checked: String?
    /// The refused file's problems, one per line, or nil.
    package var refused: String?
    package var errors: FormErrors = []
    package var date = ""
    package var partial = false

    package init(latest: Day?) {
        self.latest = latest
    }

    package func render(_ ctx: PageContext, status: HTTPStatus = .ok) -> HTMLPage {
        Layout.page(
            "Bring in NHS files", ctx, crumbs: [.init(title: "Sources", href: SiteURL.sources.path)],
            section: "imports", status: status
        ) {
            Layout.errorSummary(errors)
            H.h1 { "Bring in NHS files" }
            H.p(.class("lede")) {
                (latest.map { "The registry's newest NHS data is of \($0.long). " }
                    ?? "The registry holds no NHS data. ")
                    + "Each month NHS England publishes who is registered where; upload its files here, one at a "
                    + "time, and the registry records what changed, dated, with a report."
            }
            H.ul {
                H.li {
                    "Patients Registered at a GP Practice: the totals file (gp-reg-pat-prac-all.csv) and the map of "
                        + "practices to PCNs, sub-ICB locations and ICBs (gp-reg-pat-prac-map.csv), from NHS "
                        + "England's monthly publication"
                }
                H.li { "ODS practices (epraccur.csv): give the date it was published" }
                H.li { "The age-band files (gp-reg-pat-prac-quin-age.csv, gp-reg-pat-prac-sing-age-regions.csv)" }
            }
            H.p {
                "The kind of file is recognised from its contents. A file with any problem is refused whole and "
                    + "nothing is written; every problem is listed with its line and column."
            }
            if let refused {
                H.div(.class("callout warning"), .id("refused")) {
                    H.h2 { "The file was refused" }
                    H.pre(.class("report")) { refused }
                }
            }
            if let checked {
                H.div(.class("callout"), .id("checked")) {
                    H.h2 { "Checked: nothing was written" }
                    H.pre(.class("report")) { checked }
                }
            }
            Layout.uploadForm(
                ctx, action: RegistryURL.upload.path, label: "The file",
                hint: "A CSV file as NHS England or NHS Digital publish it.", errors
            ) {
                Layout.field(
                    "date", "The date the data describes (optional)",
                    hint: "For an epraccur.csv file, the date it was published; other files carry their own.", errors
                ) {
                    H.input(
                        .type("date"), .id("date"), .name("date"), .value(date), .aria("describedby", "date-hint"))
                }
                H.div(.class("field")) {
                    Layout.checkbox("partial", name: "partial", value: "yes", checked: partial)
                    H.label(.for("partial")) {
                        " The file covers only some practices: do not close practices missing from it"
                    }
                }
                H.div(.class("actions")) {
                    H.button(.type("submit"), .name("action"), .value("import"), .class("button")) { "Import" }
                    H.button(.type("submit"), .name("action"), .value("check"), .class("button secondary")) {
                        "Check only"
                    }
                }
            }
        }
    }
}
