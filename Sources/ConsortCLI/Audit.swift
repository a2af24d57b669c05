import ArgumentParser
import ConsortApp
import ConsortCore

/// `consort audit`: check the audit log.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the audit log.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every entry's hash chain; exit 1 naming the first broken entry.",
            discussion: """
                Editing, deleting or reordering past entries breaks the chain. Deleting the newest entries together with \
                the log's head row cannot be seen from inside the database: record the head this command prints somewhere \
                else and pass it back with --expect-head.
                """)

        @Option(help: "The head hash printed by an earlier run; the log must still contain that entry unchanged.")
        var expectHead: String?

        func run() async throws {
            let config = try loadConfig()
            let result = try await withConsort(config) { try await $0.verifyAudit() }
            switch result {
            case .broken(let seq, let reason):
                say("Audit log BROKEN at entry \(seq): \(reason)")
                throw Exit.failure
            case .intact(let count, let head):
                if let expectHead, !(head.map { $0.hash.hasPrefix(expectHead) || expectHead.hasPrefix($0.hash) } ?? false) {
                    say("Audit log chain is consistent, but its head (\(head.map { "\($0.seq) \($0.hash)" } ?? "empty")) is not the expected \(expectHead): entries were removed from the end or the log was replaced")
                    throw Exit.failure
                }
                say("Audit log intact: \(count) entries.")
                if let head { say("Head: entry \(head.seq), hash \(head.hash)") }
            }
        }
    }
}
