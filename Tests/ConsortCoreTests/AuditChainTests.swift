import ConsortCore
import Testing

@Suite("Audit chain")
struct AuditChainTests {
    static let key = AuditKey(text: String(repeating: "a1", count: 32))!
    static let otherKey = AuditKey(text: String(repeating: "b2", count: 32))!

    /// `n` entries, keyed with `key` (nil: as written before keys), after `start`.
    func log(_ n: Int, key: AuditKey? = nil, after start: [AuditRecord] = [], action: String = "federation.update")
        -> [AuditRecord]
    {
        var entries = start
        for i in 1...n {
            entries.append(
                AuditChain.seal(
                    after: entries.last.map { ($0.seq, $0.hash) }, at: "2026-11-25T12:00:0\(i % 10).000Z",
                    actor: "user:alice", action: i == 1 ? action : "federation.update", entity: "group",
                    entityID: "FED-0001",
                    before: "{\"name\":\"Old \(i)\"}", after: "{\"name\":\"New \(i)\"}", key: key))
        }
        return entries
    }

    @Test("An untouched log verifies, with its head")
    func intact() {
        let entries = log(5)
        #expect(AuditChain.verify(entries) == .intact(count: 5, head: (5, entries[4].hash)))
        #expect(AuditChain.verify([]) == .intact(count: 0, head: nil))
        let keyed = log(5, key: Self.key)
        #expect(AuditChain.verify(keyed, key: Self.key) == .intact(count: 5, head: (5, keyed[4].hash)))
        #expect(keyed.allSatisfy(\.keyed) && keyed[0].hash != entries[0].hash)
        #expect(entries[0].previousHash == AuditChain.genesis)
        #expect(entries[1].previousHash == entries[0].hash)
    }

    @Test("Editing any field of an entry breaks the chain at that entry")
    func edits() {
        let entries = log(5)
        var changed = entries
        changed[2].after = "{\"name\":\"Forged\"}"
        guard case .broken(let seq, let reason) = AuditChain.verify(changed) else {
            Issue.record("not detected")
            return
        }
        #expect(seq == 3)
        #expect(reason.contains("altered"))
        var actor = entries
        actor[0].actor = "user:mallory"
        #expect(AuditChain.verify(actor).brokenAt == 1)
        // Re-hashing the edited entry moves the break to the next one.
        var rehashed = entries
        rehashed[2].after = "{}"
        rehashed[2].hash = AuditChain.hash(
            seq: 3, at: rehashed[2].at, actor: rehashed[2].actor, action: rehashed[2].action,
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

    @Test(
        """
        A database writer without the key cannot recompute the chain: an edited entry re-hashed with SHA-256 or \
        another key is caught
        """
    )
    func forgeryWithoutKey() {
        let entries = log(5, key: Self.key)
        // Recompute the whole chain from entry 3 on, as an attacker with the database but not the key would.
        var forged = Array(entries.prefix(2))
        forged = log(3, key: Self.otherKey, after: forged)
        #expect(AuditChain.verify(forged, key: Self.key).brokenAt == 3)
        var plain = Array(entries.prefix(2))
        plain = log(3, key: nil, after: plain)
        guard case .broken(let seq, let reason) = AuditChain.verify(plain, key: Self.key) else {
            Issue.record("not detected")
            return
        }
        #expect(seq == 3 && reason.contains("forged without the audit key"))
        // The whole log forged with another key fails at the first entry.
        #expect(AuditChain.verify(log(4, key: Self.otherKey), key: Self.key).brokenAt == 1)
    }

    @Test(
        """
        Entries from before the key verify as a plain chain, then a re-anchoring entry starts the keyed chain; nothing \
        else may follow them
        """
    )
    func legacyThenKeyed() {
        let legacy = log(3)
        let upgraded = log(2, key: Self.key, after: legacy, action: AuditChain.reanchorAction)
        var verifier = AuditChain.Verifier(key: Self.key)
        for e in upgraded {
            let ok = verifier.check(e)
            #expect(ok)
        }
        #expect(verifier.legacyEntries == 3 && verifier.result == .intact(count: 5, head: (5, upgraded[4].hash)))
        // A keyed entry after unkeyed ones that is not the re-anchoring entry is refused.
        let unanchored = log(2, key: Self.key, after: legacy)
        #expect(AuditChain.verify(unanchored, key: Self.key).brokenAt == 4)
        // Editing an unkeyed entry is still caught: the re-anchoring entry links to the old head.
        var edited = upgraded
        edited[1].after = "{}"
        edited[1].hash = AuditChain.hash(
            seq: 2, at: edited[1].at, actor: edited[1].actor, action: edited[1].action, entity: edited[1].entity,
            entityID: edited[1].entityID, before: edited[1].before, after: "{}", previousHash: edited[1].previousHash)
        edited[2].previousHash = edited[1].hash
        edited[2].hash = AuditChain.hash(
            seq: 3, at: edited[2].at, actor: edited[2].actor, action: edited[2].action, entity: edited[2].entity,
            entityID: edited[2].entityID, before: edited[2].before, after: edited[2].after, previousHash: edited[1].hash
        )
        #expect(AuditChain.verify(edited, key: Self.key).brokenAt == 4)
    }

    @Test("Checkpoints: a line round-trips, is signed with the key, and any edit of it is caught")
    func checkpoints() {
        let c = AuditCheckpoint.make(
            chain: "abc", kind: .head, seq: 12, hash: String(repeating: "f", count: 64), key: Self.key,
            at: "2026-12-01T10:00:00.000Z")
        let parsed = AuditCheckpoint.parse(c.line)
        #expect(parsed == c && parsed?.isSigned(by: Self.key) == true)
        #expect(parsed?.isSigned(by: Self.otherKey) == false)
        let moved = AuditCheckpoint.parse(c.line.replacingOccurrences(of: " 12 ", with: " 11 "))
        #expect(moved != nil && moved?.isSigned(by: Self.key) == false)
        for junk in ["", "consort-audit-checkpoint v1", "consort-audit-checkpoint v1 t c head -1 h m", "x y z"] {
            #expect(AuditCheckpoint.parse(junk) == nil, "\(junk)")
        }
        #expect(AuditKey(text: "abc") == nil && AuditKey(text: String(repeating: "zz", count: 32)) == nil)
        #expect(AuditKey(text: Self.key.text) == Self.key && Self.key.id.count == 16)
    }

    @Test("The encoding separates fields, so shifting text between them changes the hash")
    func unambiguous() {
        let a = AuditChain.hash(
            seq: 1, at: "t", actor: "ab", action: "c", entity: "e", entityID: "1", before: nil, after: nil,
            previousHash: AuditChain.genesis)
        let b = AuditChain.hash(
            seq: 1, at: "t", actor: "a", action: "bc", entity: "e", entityID: "1", before: nil, after: nil,
            previousHash: AuditChain.genesis)
        let c = AuditChain.hash(
            seq: 1, at: "t", actor: "ab", action: "c", entity: "e", entityID: "1", before: "", after: nil,
            previousHash: AuditChain.genesis)
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
