import ConsortCore
import ConsortWeb
import Vapor

/// The administrator's check of the audit log on their "Today" page: the chain verified now
/// with the server's key and against the checkpoint file.
enum AuditPanel {
    static func today(_ req: Request) async throws -> TodayPanel {
        let report = try await req.application.verifyAuditReport()
        let summary: String
        let urgency: Int
        switch report.result {
        case .intact(let count, _):
            urgency = 2
            let checkpoint = report.newestCheckpoint.map { " The newest checkpoint covers entry \($0.seq)." } ?? ""
            summary =
                "The audit log is intact: \(grouped(count)) entries verified just now with the server's key, "
                + "against \(grouped(report.checkpointCount)) checkpoints.\(checkpoint)"
        case .broken(let seq, let reason):
            urgency = 0
            summary =
                "The audit log FAILED verification at entry \(seq): \(reason). Restore from a backup or investigate "
                + "with consort audit verify before trusting the log."
        }
        return TodayPanel(
            urgency: urgency,
            .init(
                heading: "Audit log", hint: summary,
                links: [(AccountsURL.audit.path, "Read the audit log")]))
    }
}
