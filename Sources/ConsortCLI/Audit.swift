import ArgumentParser
import ConsortApp
import ConsortCore
import ConsortWeb
import PlanningWeb
import RegistryWeb

/// `consort audit`: check the audit log.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the audit log, or anchor one written before audit keys.",
        subcommands: [Verify.self, Anchor.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every entry's hash chain; exit 1 naming the first broken entry.",
            discussion: """
                Each entry's chain value is keyed with the audit key, kept outside the database, so editing, deleting, \
                reordering or forging entries breaks the chain even for someone who can write to the database. The \
                head is \
                checkpointed after every change in the checkpoint file (CONSORT_AUDIT_CHECKPOINTS) and the server \
                log, so \
                deleting the newest entries, wiping the log or replacing the database is detected too. It opens the \
                database read-only and writes nothing: no migration, no checkpoint, so running it twice gives the same \
                answer.
                """)

        @Option(help: "The head value printed by an earlier run; the log must still contain that entry unchanged.")
        var expectHead: String?

        func run() async throws {
            var config = try loadConfig()
            config.createAuditKey = false
            config.readOnly = true
            let report = try await withConsort(config) { try await $0.verifyAudit() }
            switch report.result {
            case .broken(let seq, let reason):
                say(seq > 0 ? "Audit log BROKEN at entry \(seq): \(reason)" : "Audit log BROKEN: \(reason)")
                throw Exit.failure
            case .intact(let count, let head):
                if let expectHead,
                    !(head.map { $0.hash.hasPrefix(expectHead) || expectHead.hasPrefix($0.hash) } ?? false)
                {
                    say(
                        "Audit log chain is consistent, but its head "
                            + "(\(head.map { "\($0.seq) \($0.hash)" } ?? "empty")) is not the expected \(expectHead): "
                            + "entries were removed from the end or the log was replaced"
                    )
                    throw Exit.failure
                }
                let keySource =
                    config.auditKey.map { _ in
                        "from "
                            + "CONSORT_AUDIT_KEY"
                    } ?? "in \(config.auditKeyFile.path)"
                say("Audit log intact: \(count) entries, keyed with the audit key \(keySource).")
                if report.legacyEntries > 0 {
                    say(
                        "Entries 1…\(report.legacyEntries) were written before the audit key and are chained with "
                            + "plain SHA-256; entry \(report.legacyEntries + 1) re-anchors them in the keyed chain."
                    )
                }
                if let head { say("Head: entry \(head.seq), value \(head.hash)") }
                if let newest = report.newestCheckpoint {
                    say(
                        "Checkpoints: \(report.checkpointCount) in \(report.checkpointFile ?? ""), all found in the "
                            + "log; the newest, of \(newest.at), records entry \(newest.seq)."
                    )
                } else {
                    say(
                        "Checkpoints: none in \(report.checkpointFile ?? "(no file)") yet; they are written after each "
                            + "change."
                    )
                }
            }
        }
    }

    struct Anchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Anchor an audit log written before audit keys under the key, after checking it.",
            discussion: """
                A log whose entries are none of them keyed (written by a release before audit keys) stops Consort \
                from starting, since a log rewritten by someone without the key looks the same. Check it first \
                (consort audit verify says what it holds); this command then checks its plain chain and appends one \
                keyed entry recording its length, head and state, and a checkpoint. It needs the audit key.
                """)

        func run() async throws {
            var config = try loadConfig()
            config.createAuditKey = false
            let report = try await withConsort(config, anchorAudit: true) { try await $0.verifyAudit() }
            guard case .intact(let count, let head) = report.result else {
                say("Anchored, but the log does not verify: \(report.result)")
                throw Exit.failure
            }
            say(
                "Audit log anchored: \(report.legacyEntries) entries written before the audit key, \(count) in all; "
                    + "head entry \(head?.seq ?? 0).")
        }
    }
}
