import CaseStore
import Foundation
import Testing

/// Tampering done the way an insider with the file would: through raw SQL, after dropping the
/// triggers that keep history append-only. Each change must be caught and named.
@Suite("Audit trail")
struct AuditTests {
    /// Three cases with some history; returns the store and the case ids.
    func populated(_ folder: TemporaryFolder) throws -> (CaseStore, [Int64]) {
        let store = try makeStore(in: folder)
        try knownDataset(store)
        return (store, try store.cases(matching: CaseFilter()).map(\.id).sorted())
    }

    func dropGuards(_ store: CaseStore) throws {
        try store.database.execute("""
            DROP TRIGGER case_events_no_update; DROP TRIGGER case_events_no_delete; DROP TRIGGER cases_no_delete;
            PRAGMA foreign_keys = OFF;
            """)
    }

    func eventID(_ store: CaseStore, case caseID: Int64, seq: Int) throws -> Int64 {
        try #require(try store.events(matching: EventFilter(caseID: caseID)).first { $0.sequence == seq }?.id)
    }

    @Test("an intact history verifies, and reports its size and head")
    func intact() throws {
        let folder = try TemporaryFolder()
        let (store, ids) = try populated(folder)
        let report = try store.verifyAudit()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.caseCount == ids.count)
        #expect(report.eventCount == 26)  // 9 creations + 17 transitions
        let head = try store.auditHead()
        #expect(report.headHash == head.hash && head.eventCount == 26)
        #expect(try store.verifyAudit(expectingHead: head.hash).isIntact)
        // Each event's hash covers its predecessor's.
        let events = try store.events(matching: EventFilter())
        #expect(events.first?.previousHash == EventChain.genesis)
        for (previous, event) in zip(events, events.dropFirst()) where previous.id + 1 == event.id {
            #expect(event.previousHash == previous.hash)
        }
    }

    @Test("editing an event's content is caught at that event")
    func editedEvent() throws {
        let folder = try TemporaryFolder()
        let (store, ids) = try populated(folder)
        try dropGuards(store)
        let target = try eventID(store, case: ids[1], seq: 2)
        try store.database.execute("UPDATE case_events SET reason = 'nothing to see' WHERE id = \(target)")
        let first = try #require(try store.verifyAudit().problems.first)
        #expect(first.eventID == target && first.caseID == ids[1])
        #expect(first.problem.contains("content does not match its hash"))
    }

    @Test("editing an actor is caught, even with the stored hash recomputed for the edit")
    func rehashedEdit() throws {
        let folder = try TemporaryFolder()
        let (store, ids) = try populated(folder)
        try dropGuards(store)
        let events = try store.events(matching: EventFilter(caseID: ids[0]))
        let original = events[1]
        let forged = CaseEvent(
            id: original.id, caseID: original.caseID, sequence: original.sequence, kind: original.kind,
            fromStatus: original.fromStatus, toStatus: original.toStatus, actor: "mallory", reason: original.reason,
            payload: original.payload, occurredAt: original.occurredAt, recordedAt: original.recordedAt,
            previousHash: original.previousHash, hash: "")
        let forgedHash = EventChain.hash(of: forged, previous: forged.previousHash)
        try store.database.execute("UPDATE case_events SET actor = 'mallory', hash = unhex('\(forgedHash)') WHERE id = \(original.id)")
        let first = try #require(try store.verifyAudit().problems.first)
        #expect(first.eventID == original.id + 1)
        #expect(first.problem.contains("link to event \(original.id) is broken"))
    }

    @Test("deleting an event is caught at the event after it")
    func deletedEvent() throws {
        let folder = try TemporaryFolder()
        let (store, ids) = try populated(folder)
        try dropGuards(store)
        let target = try eventID(store, case: ids[1], seq: 3)
        try store.database.execute("DELETE FROM case_events WHERE id = \(target)")
        let problems = try store.verifyAudit().problems
        let first = try #require(problems.first)
        #expect(first.eventID == target + 1)
        #expect(first.problem.contains("link to event \(target - 1) is broken"))
        #expect(problems.contains { $0.caseID == ids[1] && $0.problem.contains("where #3 was expected") })
    }

    @Test("swapping two events is caught")
    func swappedEvents() throws {
        let folder = try TemporaryFolder()
        let (store, ids) = try populated(folder)
        try dropGuards(store)
        let a = try eventID(store, case: ids[1], seq: 2)
        let b = try eventID(store, case: ids[1], seq: 3)
        try store.database.execute("""
            UPDATE case_events SET id = -1 WHERE id = \(a);
            UPDATE case_events SET id = \(a) WHERE id = \(b);
            UPDATE case_events SET id = \(b) WHERE id = -1;
            """)
        let first = try #require(try store.verifyAudit().problems.first)
        #expect(first.eventID == a)
        #expect(first.problem.contains("link to event \(a - 1) is broken"))
    }

    @Test("changing a case's status directly is caught and named")
    func changedCase() throws {
        let folder = try TemporaryFolder()
        let (store, ids) = try populated(folder)
        try store.database.execute("UPDATE cases SET status = 'reversed' WHERE id = \(ids[0])")
        let problems = try store.verifyAudit().problems
        #expect(problems.count == 1)
        #expect(problems.first?.caseID == ids[0])
        #expect(problems.first?.problem == "status is 'reversed' but its events give 'actioned'")
        try store.database.execute("UPDATE cases SET status = 'actioned', rationale = 'rewritten' WHERE id = \(ids[0])")
        // What the case was logged with is committed to by digest: the row no longer matches it.
        let rewritten = try store.verifyAudit().problems
        #expect(rewritten.map(\.caseID) == [ids[0]])
        #expect(rewritten.first?.problem.contains("no longer holds what the case was logged with") == true)
    }

    @Test("deleting a whole case, or only its row, is caught")
    func deletedCase() throws {
        let folder = try TemporaryFolder()
        let (store, ids) = try populated(folder)
        try dropGuards(store)
        try store.database.execute("DELETE FROM cases WHERE id = \(ids[2])")
        #expect(try store.verifyAudit().problems == [
            AuditProblem(eventID: nil, caseID: ids[2], problem: "has events but no case row: the case was deleted"),
        ])
        try store.database.execute("DELETE FROM case_events WHERE case_id = \(ids[2]); DELETE FROM case_evidence WHERE case_id = \(ids[2])")
        let first = try #require(try store.verifyAudit().problems.first)
        #expect(first.problem.contains("is broken"))
    }

    @Test("a case inserted without history is caught")
    func insertedCase() throws {
        let folder = try TemporaryFolder()
        let (store, ids) = try populated(folder)
        try store.database.execute("""
            INSERT INTO cases (account_id, platform, policy_id, decisions, most_severe, decision_mask, source, rationale, opened_at,
                               created_by, created_at, updated_at)
            SELECT account_id, platform, policy_id, decisions, most_severe, decision_mask, source, 'ghost', opened_at, 'mallory',
                   created_at, updated_at
            FROM cases WHERE id = \(ids[0])
            """)
        #expect(try store.verifyAudit().problems.map(\.problem) == ["has no events: it was written without its history"])
    }

    @Test("a rewritten chain verifies on its own, but not against a head published before")
    func expectedHead() throws {
        let folder = try TemporaryFolder()
        let (store, ids) = try populated(folder)
        let published = try store.auditHead().hash
        try store.addNote(caseID: ids[0], text: "later work", actor: "alice")
        #expect(try store.verifyAudit(expectingHead: published).isIntact)

        // Rewrite an early event and recompute every hash after it, as a careful forger would.
        try dropGuards(store)
        try store.database.execute("UPDATE case_events SET actor = 'mallory' WHERE id = 2")
        var previous = EventChain.genesis
        for event in try store.events(matching: EventFilter()).sorted(by: { $0.id < $1.id }) {
            let hash = EventChain.hash(of: event, previous: previous)
            try store.database.execute("UPDATE case_events SET hash = unhex('\(hash)') WHERE id = \(event.id)")
            previous = hash
        }
        #expect(try store.verifyAudit().isIntact)
        let problems = try store.verifyAudit(expectingHead: published).problems
        #expect(problems.count == 1)
        #expect(problems.first?.problem.contains("expected head \(published) is not in the chain") == true)
    }

    @Test("a case can be shown as it stood at any time")
    func asOf() throws {
        let folder = try TemporaryFolder()
        let (store, ids) = try populated(folder)
        let second = ids[1]  // opened 01-11, actioned 01-11T04, appealed 01-12, reversed 01-13
        func status(at text: String) throws -> CaseStatus {
            try store.caseAsOf(id: second, time: try time(text)).record.status
        }
        #expect(try status(at: "2024-01-11T03:59:59Z") == .open)
        #expect(try status(at: "2024-01-11T04:00:00Z") == .actioned)
        #expect(try status(at: "2024-01-12T12:00:00Z") == .appealed)
        #expect(try status(at: "2030-01-01") == .reversed)
        let then = try store.caseAsOf(id: second, time: try time("2024-01-12T00:00:00Z"))
        #expect(then.events.count == 3 && then.record.appealCount == 1)
        #expect(throws: CaseStoreError.self) { _ = try store.caseAsOf(id: second, time: try time("2024-01-01")) }
        #expect(throws: CaseStoreError.caseNotFound(id: 999)) { _ = try store.caseAsOf(id: 999, time: try time("2024-01-01")) }
        // Replaying the whole history gives the stored case.
        let now = try store.caseAsOf(id: second, time: try time("2030-01-01")).record
        let stored = try store.caseDetail(id: second).record
        #expect(now.status == stored.status && now.actionedAt == stored.actionedAt && now.appealCount == stored.appealCount)
    }

    @Test("check reports integrity, foreign keys and the audit; backup copies pass it")
    func checkAndBackup() throws {
        let folder = try TemporaryFolder()
        let (store, _) = try populated(folder)
        let health = try store.checkHealth()
        let latest = try Migration.embedded().last?.version
        #expect(health.isHealthy && health.schemaVersion == latest && health.sqliteVersion.hasPrefix("3."))
        let copy = folder.path("backup.db")
        try store.backup(to: copy)
        let attributes = try FileManager.default.attributesOfItem(atPath: copy)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let restored = try CaseStore.open(path: copy)
        #expect(try restored.checkHealth().isHealthy)
        #expect(try restored.auditHead() == store.auditHead())
        #expect(throws: CaseStoreError.self) { try store.backup(to: copy) }

        try store.database.execute("PRAGMA foreign_keys = OFF; UPDATE cases SET policy_id = 999 WHERE id = 1")
        let broken = try store.checkHealth()
        #expect(!broken.isHealthy)
        #expect(broken.foreignKeyViolations == ["cases row 1 refers to a missing policies"])
    }
}
