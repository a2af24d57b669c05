import ConsortCore
import Foundation
import Logging
import NIOConcurrencyHelpers
import SQLKit

/// Checkpoints of the audit log's head, written outside the database: appended to a file (make
/// it append-only, e.g. `chattr +a`, or ship it elsewhere) and to the server log, after every
/// request that changes something and when a command or the server stops. Deleting the newest
/// entries, wiping the log or putting another database in its place leaves a checkpoint that the
/// log no longer contains, which `consort audit verify` reports.
package final class AuditCheckpoints: Sendable {
    package let file: URL?
    private let key: AuditKey
    /// The newest entry this process has checkpointed, per chain.
    private let last = NIOLockedValueBox<[String: Int]>([:])
    private let writing = NIOLock()

    package init(file: URL?, key: AuditKey) {
        self.file = file
        self.key = key
    }

    /// Writes a checkpoint of the head when it has moved since the last one (this process's, or
    /// at its first the file's newest).
    package func record(on db: any SQLDatabase, logger: Logger) async throws {
        let head = try await AuditLog.head(on: db)
        guard head.seq > 0, let chain = head.chainId else { return }
        if last.withLockedValue({ $0[chain] == nil }), let newest = newestInFile(), newest.chain == chain {
            last.withLockedValue { $0[chain] = $0[chain] ?? newest.seq }
        }
        let moved = last.withLockedValue { seen in
            guard (seen[chain] ?? 0) != head.seq else { return false }
            seen[chain] = head.seq
            return true
        }
        guard moved else { return }
        try write(
            AuditCheckpoint.make(chain: chain, kind: .head, seq: head.seq, hash: head.hash, key: key), logger: logger)
    }

    /// Appends one checkpoint to the file and the log.
    package func write(_ checkpoint: AuditCheckpoint, logger: Logger) throws {
        logger.notice(
            "audit checkpoint",
            metadata: [
                "kind": .string(checkpoint.kind.rawValue), "chain": .string(checkpoint.chain),
                "entry": .stringConvertible(checkpoint.seq), "value": .string(checkpoint.hash),
            ])
        last.withLockedValue { $0[checkpoint.chain] = checkpoint.seq }
        guard let file else { return }
        try writing.withLock {
            let path = file.path
            if !FileManager.default.fileExists(atPath: path) {
                guard
                    FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
                else {
                    throw CorruptValue(
                        description:
                            "cannot create the audit checkpoint file \(path); check the folder, or set "
                            + "CONSORT_AUDIT_CHECKPOINTS"
                    )
                }
            }
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((checkpoint.line + "\n").utf8))
            try handle.synchronize()
        }
    }

    /// The checkpoints in the file, signed with this installation's key, or the first line that
    /// is not one.
    package struct Reading: Sendable {
        package let path: String
        /// Valid checkpoints, in file order.
        package let lines: [AuditCheckpoint]
        /// The first line that is not a checkpoint signed with the key: (line number, why).
        package let bad: (line: Int, reason: String)?

        /// Compares the checkpoints of `chain` with the log (which has verified intact with
        /// `count` entries ending at `last`). A restore checkpoint sets aside earlier checkpoints
        /// past the entry restored to. Only the newest remaining checkpoint needs looking up: the
        /// keyed chain behind it vouches for the ones before.
        package func problem(
            chain: String, count: Int, last: (seq: Int, hash: String)?,
            on db: any SQLDatabase
        ) async throws -> (seq: Int, reason: String)? {
            if let bad { return (0, "the checkpoint file \(path), line \(bad.line): \(bad.reason)") }
            guard !lines.isEmpty else { return nil }
            // Since the newest restore (which may bring another chain), every checkpoint must be of
            // this log's chain: one of another means the log was wiped or the database replaced,
            // however many checkpoints of the new chain were written after.
            let current = lines.lastIndex { $0.kind == .restore } ?? 0
            if let other = lines[current...].first(where: { $0.chain != chain }) {
                return (
                    0,
                    "this database's audit log (chain \(chain)) is not the one the checkpoints in \(path) record "
                        + "(chain \(other.chain), up to entry \(other.seq) on \(other.at)): the log was wiped or the "
                        + "database replaced"
                )
            }
            var active: [AuditCheckpoint] = []
            for c in lines where c.chain == chain {
                if c.kind == .restore { active.removeAll { $0.seq > c.seq } }
                active.append(c)
            }
            guard let newest = active.max(by: { $0.seq < $1.seq }) else { return nil }
            let lastSeq = last?.seq ?? 0
            guard newest.seq <= lastSeq else {
                return (
                    lastSeq + 1,
                    "the log ends at entry \(lastSeq), but the checkpoint of \(newest.at) records entry "
                        + "\(newest.seq) (value \(newest.hash.prefix(12))…): "
                        + "entries \(lastSeq + 1)…\(newest.seq) have "
                        + "been deleted"
                )
            }
            struct Row: Decodable { package let hash: String }
            let stored = try await db.raw("SELECT hash FROM audit_entries WHERE seq = \(bind: newest.seq)").first(
                decoding: Row.self)?.hash
            guard stored == newest.hash else {
                return (
                    newest.seq,
                    "entry \(newest.seq) is not the entry the checkpoint of \(newest.at) records (value "
                        + "\(newest.hash.prefix(12))…): the log was rewritten"
                )
            }
            return nil
        }

        package init(path: String, lines: [AuditCheckpoint], bad: (line: Int, reason: String)?) {
            self.path = path
            self.lines = lines
            self.bad = bad
        }
    }

    /// The file's last checkpoint, read from its end.
    private func newestInFile() -> AuditCheckpoint? {
        guard let file, let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size > 0 else { return nil }
        try? handle.seek(toOffset: size > 4096 ? size - 4096 : 0)
        guard let data = try? handle.readToEnd() else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").last.flatMap(AuditCheckpoint.parse)
    }

    /// Reads the file; a missing file reads as no checkpoints.
    package func read() throws -> Reading {
        guard let file else { return Reading(path: "(none)", lines: [], bad: nil) }
        guard FileManager.default.fileExists(atPath: file.path) else {
            return Reading(path: file.path, lines: [], bad: nil)
        }
        let text = try String(contentsOf: file, encoding: .utf8)
        var lines: [AuditCheckpoint] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty
        {
            guard let c = AuditCheckpoint.parse(line) else {
                return Reading(path: file.path, lines: lines, bad: (i + 1, "it is not a checkpoint line"))
            }
            guard c.isSigned(by: key) else {
                return Reading(
                    path: file.path, lines: lines,
                    bad: (
                        i + 1,
                        "the checkpoint is not signed with this installation's audit key (forged, or written with "
                            + "another key)"
                    ))
            }
            lines.append(c)
        }
        return Reading(path: file.path, lines: lines, bad: nil)
    }
}
