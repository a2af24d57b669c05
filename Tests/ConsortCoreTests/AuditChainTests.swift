import ConsortCore
import Testing

@Suite("Audit chain")
struct AuditChainTests {
    func log(_ n: Int) -> [AuditRecord] {
        var entries: [AuditRecord] = []
        for i in 1...n {
            entries.append(AuditChain.seal(after: entries.last.map { ($0.seq, $0.hash) }, at: "2026-11-25T12:00:0\(i % 10).000Z",
                                           actor: "user:alice", action: "federation.update", entity: "group", entityID: "FED-0001",
                                           before: "{\"name\":\"Old \(i)\"}", after: "{\"name\":\"New \(i)\"}"))
        }
        return entries
    }

    @Test("An untouched log verifies, with its head")
    func intact() {
        let entries = log(5)
        #expect(AuditChain.verify(entries) == .intact(count: 5, head: (5, entries[4].hash)))
        #expect(AuditChain.verify([]) == .intact(count: 0, head: nil))
        #expect(entries[0].previousHash == AuditChain.genesis)
        #expect(entries[1].previousHash == entries[0].hash)
    }

    @Test("Editing any field of an entry breaks the chain at that entry")
    func edits() {
        let entries = log(5)
        var changed = entries
        changed[2].after = "{\"name\":\"Forged\"}"
        guard case .broken(let seq, let reason) = AuditChain.verify(changed) else { Issue.record("not detected"); return }
        #expect(seq == 3)
        #expect(reason.contains("altered"))
        var actor = entries
        actor[0].actor = "user:mallory"
        #expect(AuditChain.verify(actor).brokenAt == 1)
        // Re-hashing the edited entry moves the break to the next one.
        var rehashed = entries
        rehashed[2].after = "{}"
        rehashed[2].hash = AuditChain.hash(seq: 3, at: rehashed[2].at, actor: rehashed[2].actor, action: rehashed[2].action,
                                           entity: rehashed[2].entity, entityID: rehashed[2].entityID, before: rehashed[2].before,
                                           after: "{}", previousHash: rehashed[2].previousHash)
        #expect(AuditChain.verify(rehashed).brokenAt == 4)
    }

    @Test("Deleting or reordering entries is detected")
    func deletions() {
        let entries = log(5)
        var deleted = entries
        deleted.remove(at: 1)
        #expect(AuditChain.verify(deleted).brokenAt == 3)
        let reordered = [entries[0], entries[2], entries[1], entries[3]]
        #expect(AuditChain.verify(reordered).brokenAt == 3)
    }

    @Test("The encoding separates fields, so shifting text between them changes the hash")
    func unambiguous() {
        let a = AuditChain.hash(seq: 1, at: "t", actor: "ab", action: "c", entity: "e", entityID: "1", before: nil, after: nil, previousHash: AuditChain.genesis)
        let b = AuditChain.hash(seq: 1, at: "t", actor: "a", action: "bc", entity: "e", entityID: "1", before: nil, after: nil, previousHash: AuditChain.genesis)
        let c = AuditChain.hash(seq: 1, at: "t", actor: "ab", action: "c", entity: "e", entityID: "1", before: "", after: nil, previousHash: AuditChain.genesis)
        #expect(a != b)
        #expect(a != c)
        #expect(a.count == 64)
    }

    @Test func timestamps() {
        #expect(AuditChain.timestamp(.init(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(AuditChain.timestamp(.init(timeIntervalSince1970: 1_764_072_000.25)) == "2025-11-25T12:00:00.250Z")
    }
}

extension AuditChain.Verification {
    var brokenAt: Int? {
        if case .broken(let seq, _) = self { return seq }
        return nil
    }
}
