import ConsortCore
import ConsortWeb
import Elections
import Foundation
import Vapor

/// Counting a ballot file: the form, then the count sheet (or the file's problem, with its line).
package enum CountController {
    package struct Form: Content, Sendable {
        package var ballots: String?
        package var method: String?
        /// `csv` or `json` to download the count sheet instead of showing it.
        package var download: String?

        package init(ballots: String? = nil, method: String? = nil, download: String? = nil) {
            self.ballots = ballots
            self.method = method
            self.download = download
        }
    }

    @Sendable package static func form(_ req: Request) async throws -> Response {
        try await CountPage(form: Form(), sheet: nil, errors: []).render(PageContext(request: req))
            .encodeResponse(for: req)
    }

    @Sendable package static func count(_ req: Request) async throws -> Response {
        // Read with the kit's one-pass parser: the pasted file can be a megabyte.
        let fields = FormEncoding.firstValues(req.body.string ?? "")
        let form = Form(ballots: fields["ballots"], method: fields["method"], download: fields["download"])
        var errors: FormErrors = []
        let method = CountMethod(rawValue: form.method ?? "")
        if method == nil { errors.append(("method", "Choose how to count: Scottish STV or Meek")) }
        let text = form.ballots ?? ""
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(("ballots", "Paste the ballot file (BLT format)"))
        }
        // Reading, counting and rendering (a megabyte file gives a page of about as much) all run on
        // the heavy-work pool, so that the shared threads keep answering everyone else.
        let ctx = PageContext(request: req)
        let checked = errors
        let outcome: Outcome = try await req.heavy {
            var errors = checked
            var sheet: CountSheet?
            if errors.isEmpty, let method {
                do {
                    sheet = try BLT.read(text).count(method)
                } catch let e as BLTError {
                    errors.append(("ballots", "The ballot file cannot be counted: line \(e.line): \(e.reason)"))
                } catch let e as CountError {
                    errors.append(("ballots", "The ballot file cannot be counted: \(e.reason)"))
                } catch {
                    errors.append(("ballots", "The ballot file cannot be counted: \(error)"))
                }
            }
            guard let sheet else {
                return .page(CountPage(form: form, sheet: nil, errors: errors).render(ctx, status: .badRequest))
            }
            let page = CountPage(form: form, sheet: sheet, errors: [])
            switch form.download {
            case "csv": return .csv(page.sheetTable().csv)
            case "json": return .sheet(sheet)
            default: return .page(page.render(ctx))
            }
        }
        switch outcome {
        case .page(let page): return try await page.encodeResponse(for: req)
        case .csv(let text): return try await CSVFile(name: "count-sheet.csv", text: text).encodeResponse(for: req)
        case .sheet(let sheet): return try SheetView.json(sheet, name: "count-sheet.json")
        }
    }

    enum Outcome: Sendable {
        case page(HTMLPage)
        case csv(String)
        case sheet(CountSheet)
    }
}
