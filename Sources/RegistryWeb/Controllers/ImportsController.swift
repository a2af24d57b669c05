import ConsortCore
import ConsortWeb
import Foundation
import Importers
import SQLKit
import Vapor

/// The history of imports (public).
package enum ImportsController {
    @Sendable package static func imports(_ req: Request) async throws -> Response {
        let page = try await ImportsPage.load(on: Store.sql(req.db))
        let ctx = PageContext(request: req)
        if let csv = try await alternate([page.table(ctx)], req) { return csv }
        return try await page.render(ctx).encodeResponse(for: req)
    }

    @Sendable package static func importReport(_ req: Request) async throws -> HTMLPage {
        guard let id = req.parameters.get("id", as: Int64.self) else {
            throw Abort(.notFound, reason: "There is no import with that number.")
        }
        return try await ImportPage.load(id, on: Store.sql(req.db)).render(PageContext(request: req))
    }
}

/// Bringing in NHS files from the browser (administrators): the file is written to a private
/// temporary folder under its own name, read by the same readers as `consort import` on the
/// heavy-work pool, and imported in one transaction; a refused file writes nothing.
extension ImportsController {
    struct UploadForm: Content {
        var file: File?
        var date: String?
        var partial: String?
        var action: String?
    }

    @Sendable package static func uploadForm(_ req: Request) async throws -> HTMLPage {
        let view = try await req.registryView(at: Day.today())
        return UploadPage(latest: view.latestSnapshot).render(PageContext(request: req))
    }

    @Sendable package static func upload(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(UploadForm.self)
        let view = try await req.registryView(at: Day.today())
        var page = UploadPage(latest: view.latestSnapshot)
        page.date = (form.date ?? "").trimmingCharacters(in: .whitespaces)
        page.partial = form.partial == "yes"
        var errors: FormErrors = []
        let file = form.file.flatMap { $0.data.readableBytes > 0 ? $0 : nil }
        if file == nil { errors.append(("file", "Choose the NHS file to import")) }
        let day = page.date.isEmpty ? nil : Day(iso: page.date)
        if !page.date.isEmpty, day == nil {
            errors.append(("date", "Enter the date the data describes as a real date, or leave it empty"))
        }
        guard errors.isEmpty, let file else {
            page.errors = errors
            return try await page.render(PageContext(request: req), status: .badRequest).encodeResponse(for: req)
        }
        // The file keeps its own name (the readers name it in their problems), made safe for a path.
        let name = String(
            file.filename.unicodeScalars.filter {
                CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)
            }
            .prefix(100))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "consort-upload-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name.isEmpty || name.hasPrefix(".") ? "upload.csv" : name)
        try Data(buffer: file.data).write(to: url)
        let read = try await req.heavy { () -> Result<Snapshot, ImportFailure> in
            Result { () throws(ImportFailure) -> Snapshot in try SnapshotReader.read(url, format: nil, date: day) }
        }
        let snapshot: Snapshot
        switch read {
        case .success(let s): snapshot = s
        case .failure(let failure):
            page.refused = failure.report(refused: "Import", unchanged: "the registry has not been changed")
            return try await page.render(PageContext(request: req), status: .badRequest).encodeResponse(for: req)
        }
        let check = form.action == "check"
        let outcome: RegistryStore.Outcome
        do {
            outcome = try await RegistryStore.importSnapshot(
                snapshot, options: ImportOptions(partial: page.partial, today: day ?? Day.today()),
                actor: AuditLog.Actor.user(user.username).description, dryRun: check, on: req.db)
        } catch let failure as ImportFailure {
            page.refused = failure.report(refused: "Import", unchanged: "the registry has not been changed")
            return try await page.render(PageContext(request: req), status: .badRequest).encodeResponse(for: req)
        }
        if let id = outcome.importID {
            await req.application.registryChanged()
            return req.redirect(to: RegistryURL.importReport(.value(id)).path, redirectType: .normal)
        }
        page.checked =
            check
            ? outcome.report.text()
            : "The file changes nothing the registry holds: nothing was recorded.\n\n" + outcome.report.text()
        return try await page.render(PageContext(request: req)).encodeResponse(for: req)
    }
}
