import ConsortCore
import Vapor

/// What pages share beyond their frame: the warning that the registry's data are old, and the form
/// for uploading a CSV file.
extension Layout {
    /// Registry data older than this, shown for a later date, is said to be old on every page.
    package static let staleDays = 92

    /// A warning when the page shows a date more than `staleDays` after the newest NHS data the
    /// registry holds: figures for later dates repeat that data, so the page must not pass them
    /// off as current. Administrators are offered the upload of newer files.
    package static func dataAge(_ ctx: PageContext) -> Node {
        guard let latest = ctx.latestSnapshot, ctx.date.ordinal - latest.ordinal > staleDays else { return .empty }
        let months = (ctx.date.year - latest.year) * 12 + ctx.date.month - latest.month
        let age = months >= 24 ? "\(months / 12) years" : counted(months, "month")
        return H.div(.class("callout warning data-age"), .attr("role", "note")) {
            H.p {
                H.strong { "The registry's newest NHS data is of \(latest.long), \(age) before \(ctx.date.long). " }
                "Figures for later dates repeat it: practices that opened, closed, merged or changed group since are "
                    + "not shown."
                if ctx.user?.isAdministrator == true {
                    " "
                    H.link(SiteURL.sources.path + "/new", "Bring in this month's NHS files")
                } else {
                    " An administrator can bring in newer files."
                }
            }
        }
    }

    /// A form for uploading a CSV file (multipart, checked on the server): its CSRF token and the
    /// file field `file`, then the form's other fields.
    package static func uploadForm(
        _ ctx: PageContext, action: String, label: String, hint: String, _ errors: [(field: String, message: String)],
        @HTMLBuilder _ rest: () -> [Node]
    ) -> Node {
        H.form(
            .attr("method", "post"), .attr("action", action), .attr("enctype", "multipart/form-data"),
            .attr("novalidate", "")
        ) {
            csrfField(ctx)
            field("file", label, hint: hint, errors) {
                H.input(
                    .type("file"), .id("file"), .name("file"), .attr("accept", ".csv,text/csv"),
                    .aria("describedby", "file-hint"))
            }
            rest()
        }
    }
}
