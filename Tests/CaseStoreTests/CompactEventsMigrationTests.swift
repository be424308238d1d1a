import Crypto
import Foundation
import SQLiteDatabase
import Testing
@testable import CaseStore

@Suite("Migration 0006: the chain stored once, in binary")
struct CompactEventsMigrationTests {
    private func lastStoredHash(_ path: String) throws -> String {
        let database = try Database(path: path)
        return try #require(try database.prepare("SELECT hash FROM case_events ORDER BY id DESC LIMIT 1").queryFirst { try $0.string(0) })
    }

    @Test("existing events keep their hashes, the published head stays the head, and new events chain on in the current format")
    func headKept() throws {
        let folder = try TemporaryFolder()
        let path = try DecisionMigrationTests().version4(folder)
        let headBefore = try lastStoredHash(path)
        let store = try CaseStore.open(path: path, clock: fixedClock)
        #expect(try store.auditHead().hash == headBefore)
        #expect(try store.verifyAudit(expectingHead: headBefore).isIntact)
        let formats = try store.database.prepare("SELECT DISTINCT format FROM case_events").query { try $0.int64(0) }
        #expect(formats == [1])

        try store.addNote(caseID: 2, text: "after the migration", actor: "b")
        let events = try store.events(matching: EventFilter()).sorted { $0.id < $1.id }
        let last = try #require(events.last)
        #expect(last.format == EventChain.currentFormat && last.previousHash == headBefore)
        #expect(EventChain.hash(of: last, previous: headBefore) == last.hash)
        #expect(try store.verifyAudit(expectingHead: headBefore).isIntact)
    }

    @Test("an event of either format altered after the migration is caught at that event")
    func bothFormatsChecked() throws {
        let folder = try TemporaryFolder()
        let store = try CaseStore.open(path: try DecisionMigrationTests().version4(folder), clock: fixedClock)
        try store.addNote(caseID: 1, text: "new", actor: "b")
        try store.database.execute("DROP TRIGGER case_events_no_update")
        for (id, format) in [(Int64(2), 1), (Int64(5), 2)] {
            try store.database.execute("UPDATE case_events SET actor = 'mallory' WHERE id = \(id)")
            let first = try #require(try store.verifyAudit().problems.first)
            #expect(first.eventID == id && first.problem.contains("content does not match its hash"), "format \(format)")
            try store.database.execute("UPDATE case_events SET actor = \(id == 2 ? "'a'" : "'b'") WHERE id = \(id)")
            #expect(try store.verifyAudit().isIntact, "format \(format) restored")
        }
    }

    @Test("a stored hash that is not 64 hex digits stops the migration and leaves the file as it was")
    func damagedHashRefused() throws {
        let folder = try TemporaryFolder()
        let path = try DecisionMigrationTests().version4(folder)
        do {
            let database = try Database(path: path)
            // A damaged row, not an edited schema: the trigger is put back as it was.
            let trigger = try #require(try database.prepare("SELECT sql FROM sqlite_schema WHERE name = 'case_events_no_update'")
                .queryFirst { try $0.string(0) })
            try database.execute("""
                DROP TRIGGER case_events_no_update; UPDATE case_events SET hash = printf('%.64c', 'z') WHERE id = 3;
                \(trigger);
                """)
        }
        let error = #expect(throws: CaseStoreError.self) { _ = try CaseStore.open(path: path, clock: fixedClock) }
        #expect(error?.description.contains("0006") == true, "\(String(describing: error))")
        let database = try Database(path: path)
        let versions = try database.prepare("SELECT version FROM casetool_migrations ORDER BY version").query { try $0.int64(0) }
        #expect(versions.last == 5)
        #expect(try database.prepare("SELECT count(*) FROM case_events WHERE typeof(hash) = 'text'").queryFirst { try $0.int64(0) } == 4)
    }

    @Test("unhex() behaves as SQLite's own (3.41+), whichever library is loaded")
    func unhexCompatible() throws {
        let database = try Database(path: Database.inMemoryPath)
        let results = try database.prepare("""
            SELECT quote(unhex('00ff7F')), quote(unhex('')), unhex('0g') IS NULL, unhex('abc') IS NULL, unhex(NULL) IS NULL
            """).queryFirst { row in (0..<5).map { row.value($0) } }
        #expect(results == [.text("X'00FF7F'"), .text("X''"), .integer(1), .integer(1), .integer(1)])
    }
}

@Suite("The creation event's commitment to the logged case")
struct ContentDigestTests {
    @Test("the digest is SHA-256 of the canonical JSON of the logged case, every field and hostile text included")
    func digestIsCanonicalJSON() throws {
        var content = sampleCase().content
        content.externalID = "e-\u{202E}1"
        content.rationale = "quote \" backslash \\ newline \n tab \t =SUM(A1) <b>"
        content.followerCount = 5_000_000
        content.itemTypes = [.text, .video]
        content.itemPostedAt = try time("2024-02-01")
        let openedAt = try time("2024-02-08")
        var json = CanonicalJSON()
        json.add("platform", "Instagram")
        json.add("handle", "khamenei_ir")
        json.add("policy", "dangerous-organizations")
        json.add("opened_at", openedAt.iso8601)
        for field in CaseFields.content {
            let text = field.text(content)
            if field.isNumber { json.add(field.name, text.flatMap { Int64($0) }) } else { json.add(field.name, text) }
        }
        let digest = EventPayload.Created.contentDigest(
            platform: "Instagram", handle: "khamenei_ir", policy: "dangerous-organizations", openedAt: openedAt, content: content)
        #expect(digest == Hex.encode(SHA256.hash(data: Array(json.text.utf8))))
        content.followerCount = 5_000_001
        #expect(digest != EventPayload.Created.contentDigest(
            platform: "Instagram", handle: "khamenei_ir", policy: "dangerous-organizations", openedAt: openedAt, content: content))
    }
}

@Suite("Stored numbers at their limits")
struct ChainLimitTests {
    @Test("an event id at Int64.max, left by a hand edit, is refused by the next append and reported by verify, without a crash")
    func idAtLimit() throws {
        let store = try makeStore(in: try TemporaryFolder())
        let id = try store.logCase(sampleCase(), actor: "a")
        try store.database.execute("""
            INSERT INTO case_events (id, case_id, seq, kind, actor, reason, occurred_at, recorded_at, channel, format, hash)
            VALUES (9223372036854775807, \(id), 2, 'note', 'x', 'n', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'local', 3, zeroblob(32))
            """)
        #expect(throws: CaseStoreError.self) { try store.addNote(caseID: id, text: "later", actor: "a") }
        #expect(try !store.verifyAudit().isIntact)
    }
}
