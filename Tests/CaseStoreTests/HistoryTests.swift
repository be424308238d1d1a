import SQLiteDatabase
import CaseStore
import Foundation
import Testing

@Suite("History")
struct HistoryTests {
    @Test("events cannot be changed or deleted, and cases cannot be deleted")
    func appendOnly() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let id = try store.logCase(sampleCase(), actor: "alice")
        try store.addNote(caseID: id, text: "first look", actor: "alice")
        let before = try snapshot(store.database)
        for sql in [
            "UPDATE case_events SET actor = 'mallory'", "UPDATE case_events SET reason = 'x' WHERE seq = 2",
            "DELETE FROM case_events", "DELETE FROM case_events WHERE seq = 2", "DELETE FROM cases",
        ] {
            do {
                try store.database.execute(sql)
                Issue.record("\(sql) must be refused")
            } catch let CaseStoreError.database(.sqlite(code, message, _)) {
                #expect(code == .constraintTrigger, "\(sql)")
                #expect(message.contains("cannot"), "\(sql): \(message)")
            }
        }
        #expect(try snapshot(store.database) == before)
    }

    @Test("a case's history lists every change in order, attributed, with back-dated times kept")
    func caseHistory() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        var input = sampleCase(openedAt: try time("2024-02-08T09:00:00Z"))
        input.evidence = ["https://example.org/archive/1"]
        let id = try store.logCase(input, actor: "alice")
        try store.addNote(caseID: id, text: "checked context", actor: "bob", at: try time("2024-02-08T10:00:00Z"))
        try store.transition(Transition(caseID: id, to: .actioned, reason: "clear violation", at: try time("2024-02-08T11:00:00Z")), actor: "carol")
        try store.addEvidence(caseID: id, reference: "screenshot-2.png", actor: "bob", at: try time("2024-02-08T12:00:00Z"))
        let detail = try store.caseDetail(id: id)
        #expect(detail.events.map(\.kind) == [.created, .note, .transition, .evidence])
        #expect(detail.events.map(\.actor) == ["alice", "bob", "carol", "bob"])
        #expect(detail.events.map(\.occurredAt.iso8601) == [
            "2024-02-08T09:00:00Z", "2024-02-08T10:00:00Z", "2024-02-08T11:00:00Z", "2024-02-08T12:00:00Z",
        ])
        #expect(detail.events.allSatisfy { $0.recordedAt.iso8601 == "2025-01-01T00:00:00Z" })
        #expect(detail.evidence.map(\.reference) == ["https://example.org/archive/1", "screenshot-2.png"])
        // The creation event commits to what the case was logged with, which its row holds.
        #expect(detail.events.first?.payload?.contains(#""content_sha256":"#) == true)
        #expect(detail.record.policy.code == "hate-speech")

        // History runs forward: an event dated before the latest one is refused.
        let before = try snapshot(store.database)
        #expect(throws: CaseStoreError.self) {
            try store.addNote(caseID: id, text: "late", actor: "bob", at: try time("2024-02-08T08:00:00Z"))
        }
        #expect(try snapshot(store.database) == before)
    }

    @Test("the audit view filters events across cases by actor and time")
    func auditView() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let one = try store.logCase(sampleCase(handle: "one", openedAt: try time("2024-01-01")), actor: "alice")
        let two = try store.logCase(sampleCase(handle: "two", openedAt: try time("2024-01-05")), actor: "bob")
        try store.transition(Transition(caseID: one, to: .actioned, reason: "r", at: try time("2024-01-10")), actor: "bob")
        try store.transition(Transition(caseID: two, to: .dismissed, reason: "r", at: try time("2024-02-01")), actor: "bob")

        let bob = try store.events(matching: EventFilter(actor: "bob"))
        #expect(bob.map(\.caseID) == [two, one, two])
        let january = try store.events(matching: EventFilter(
            actor: "bob", since: try time("2024-01-01"), until: try Timestamp.rangeEnd(parsing: "2024-01-31", field: "until")))
        #expect(january.map(\.occurredAt.iso8601) == ["2024-01-05T00:00:00Z", "2024-01-10T00:00:00Z"])
        #expect(try store.events(matching: EventFilter(limit: 2)).count == 2)
        #expect(try store.events(matching: EventFilter(actor: "nobody")).isEmpty)
    }
}


