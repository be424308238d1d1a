import CaseStore
import Foundation
import Testing

@Suite("Read-only views for sqlite3 and Datasette")
struct ViewTests {
    @Test("cases_current gives each case with its account, policy and last status change; case_history names each event's case")
    func casesCurrent() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let id = try store.logCase(sampleCase(openedAt: try time("2024-02-08T09:00:00Z")), actor: "alice")
        try store.transition(Transition(caseID: id, to: .actioned, reason: "clear violation", at: try time("2024-02-08T11:00:00Z")), actor: "carol")
        try store.addNote(caseID: id, text: "user notified", actor: "bob", at: try time("2024-02-08T12:00:00Z"))
        let record = try store.caseDetail(id: id).record
        let row = try #require(try store.database.prepare("""
            SELECT platform, handle, policy, status, status_changed_at, status_changed_by, last_reason, most_severe, opened_at
            FROM cases_current WHERE case_id = ?
            """).queryFirst([id]) { row in try (0..<9).map { try row.optionalString($0) ?? "" } })
        #expect(row == [
            record.account.platform, record.account.handle, record.policy.code, "actioned", "2024-02-08T11:00:00Z", "carol",
            "clear violation", record.decisions.mostSevere.rawValue, "2024-02-08T09:00:00Z",
        ])
        let kinds = try store.database.prepare("SELECT kind, handle, policy FROM case_history WHERE case_id = ? ORDER BY seq")
            .query([id]) { "\(try $0.string(0)) \(try $0.string(1)) \(try $0.string(2))" }
        #expect(kinds == ["created", "transition", "note"].map { "\($0) \(record.account.handle) \(record.policy.code)" })
        // Views are read-only: writing through them fails and changes nothing.
        let before = try snapshot(store.database)
        #expect(throws: CaseStoreError.self) { try store.database.execute("UPDATE cases_current SET status = 'reversed'") }
        #expect(try snapshot(store.database) == before)
    }
}
