@testable import CaseStore
import Foundation
import SQLiteDatabase
import Testing

/// A write that SQLite reports done but did not store fails loudly, and `check` names what in the
/// schema casetool did not make.
@Suite("Confirmed writes and the schema check")
struct WriteConfirmationTests {
    static let ignoringTriggers = [
        ("case_events", "CREATE TRIGGER sneaky BEFORE INSERT ON case_events BEGIN SELECT RAISE(IGNORE); END"),
        ("cases", "CREATE TRIGGER sneaky BEFORE INSERT ON cases BEGIN SELECT RAISE(IGNORE); END"),
        ("case_evidence", "CREATE TRIGGER sneaky BEFORE INSERT ON case_evidence BEGIN SELECT RAISE(IGNORE); END"),
        ("cases (update)", "CREATE TRIGGER sneaky BEFORE UPDATE ON cases BEGIN SELECT RAISE(IGNORE); END"),
        ("accounts", "CREATE TRIGGER sneaky BEFORE INSERT ON accounts BEGIN SELECT RAISE(IGNORE); END"),
    ]

    @Test("a trigger that makes SQLite ignore a write turns it into an error, and nothing is stored",
          arguments: ignoringTriggers.map(\.1))
    func ignoredWrites(trigger: String) throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let id = try store.logCase(sampleCase(handle: "first"), actor: "alice")
        try store.database.execute(trigger)
        let writes: [() throws -> Void] = [
            { try store.addNote(caseID: id, text: "a note", actor: "alice") },
            { try store.addEvidence(caseID: id, reference: "https://example.org/e", actor: "alice") },
            { try store.transition(Transition(caseID: id, to: .actioned, reason: "r"), actor: "alice") },
            { _ = try store.logCase(sampleCase(handle: "new-account"), actor: "alice") },
        ]
        var refused = 0
        for write in writes {
            let before = try snapshot(store.database)
            do {
                try write()  // a write that does not touch the trigger's table lands as usual
            } catch let error as CaseStoreError {
                guard case .writeNotStored = error else { throw error }
                #expect(error.category == .damaged)
                #expect(error.description.hasSuffix("nothing was saved"))
                #expect(try snapshot(store.database) == before, "a refused write left rows behind")
                refused += 1
            }
        }
        #expect(refused >= 1, "no write touched the trigger's table")
        let health = store.checkHealth()
        #expect(health.schemaProblems == ["unknown trigger sneaky: casetool's migrations do not create it"])
        #expect(!health.isHealthy)
    }

    @Test("a write the database did not store stops an import, even one that skips bad rows")
    func importStopsOnLostWrite() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        try store.logCase(sampleCase(handle: "first"), actor: "alice")  // the schema is checked on the first write
        try store.database.execute("CREATE TRIGGER sneaky BEFORE INSERT ON cases BEGIN SELECT RAISE(IGNORE); END")
        let row = ImportRecord(line: 2, fields: [
            ("platform", .text("X")), ("handle", .text("h")), ("policy", .text("spam")), ("action", .text("label")),
            ("source", .text("automated")), ("rationale", .text("r")), ("opened_at", .text("2024-01-01")),
        ])
        for skipInvalid in [false, true] {
            var reader = ArrayReader(records: [row])
            #expect {
                _ = try store.importCases(
                    from: &reader, options: ImportOptions(skipInvalid: skipInvalid), actor: "importer", rejected: { _, _ in
                        Issue.record("a lost write is not a bad row")
                    })
            } throws: { error in
                guard let error = error as? CaseStoreError, case .writeNotStored = error else { return false }
                return true
            }
        }
        // A new store sees the trigger before writing anything at all.
        let reopened = try CaseStore.open(path: folder.path("cases.db"))
        #expect(throws: CaseStoreError.schemaAltered(
            path: folder.path("cases.db"), difference: "unknown trigger sneaky: casetool's migrations do not create it"
        )) { try reopened.addNote(caseID: 1, text: "n", actor: "alice") }
    }

    @Test("the tables and triggers the write check expects are those SQLite keeps after running the migrations")
    func writeSchemaFromText() throws {
        let migrator = try Migrator.embedded()
        let reference = try migrator.expectedSchema(afterFirst: migrator.migrations.count)
            .filter { $0.type == "trigger" || $0.type == "table" }
        #expect(reference.filter { $0.type == "trigger" }.count >= 5 && reference.filter { $0.type == "table" }.count == 16)
        #expect(try migrator.expectedWriteSchema() == Dictionary(uniqueKeysWithValues: reference.map { ($0.label, $0.sql ?? "") }))
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        #expect(try migrator.writeSchemaDifferences(in: store.database).isEmpty)
        #expect(Database.statements(of: "SELECT ';'; CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; SELECT 2; END; -- c")
            == ["SELECT ';'", " CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; SELECT 2; END"])
    }

    @Test("an index of the user's own does not block an upgrade; CRLF migrations read the same triggers")
    func ownIndexAndLineEnds() throws {
        let folder = try TemporaryFolder()
        let all = try Migrator.embedded().migrations
        do {
            let database = try Database(path: folder.path("v2.db"))
            try Migrator(migrations: Array(all.prefix(2))).migrate(database)
            try database.execute("CREATE INDEX my_own ON cases (rationale); CREATE VIEW my_view AS SELECT id FROM cases")
        }
        let store = try CaseStore.open(path: folder.path("v2.db"))
        #expect(store.migrationsApplied.map(\.version) == Array(3...all.count))
        let crlf = Migrator(migrations: all.map { Migration(version: $0.version, name: $0.name, sql: $0.sql.replacingOccurrences(of: "\n", with: "\r\n")) })
        #expect(try crlf.expectedWriteSchema() == Migrator.embedded().expectedWriteSchema())
    }

    @Test("a stored head hash that is not a hash is never handed out")
    func malformedHead() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        try store.logCase(sampleCase(), actor: "a")
        // STRICT and the CHECK keep it 32 bytes; a tool that ignores CHECK constraints does not.
        try store.database.execute("""
            DROP TRIGGER case_events_no_update; PRAGMA ignore_check_constraints = ON;
            UPDATE case_events SET hash = zeroblob(31) WHERE id = 1
            """)
        #expect(throws: CaseStoreError.self) { _ = try store.auditHead() }
    }

    static let sneakyEdits: [(String, String)] = [
        // A trigger stored with its type spelled otherwise: SQLite loads it all the same.
        ("""
         PRAGMA writable_schema = ON;
         INSERT INTO sqlite_schema VALUES ('Trigger', 'sneaky', 'cases', 0,
           'CREATE TRIGGER sneaky AFTER UPDATE OF status ON cases BEGIN UPDATE cases SET status = ''open'' WHERE id = NEW.id; END');
         """, "unknown trigger sneaky"),
        // A table rebuilt so that each new row replaces the case's previous evidence.
        ("""
         PRAGMA foreign_keys = OFF;
         CREATE TABLE ce2 (id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases (id), reference TEXT NOT NULL,
           added_by TEXT NOT NULL, added_at TEXT NOT NULL, UNIQUE (case_id) ON CONFLICT REPLACE) STRICT;
         INSERT INTO ce2 SELECT * FROM case_evidence; DROP TABLE case_evidence; ALTER TABLE ce2 RENAME TO case_evidence;
         """, "altered table case_evidence"),
        // A trigger whose column list hides a combining mark after a space (no longer the column it guards).
        ("""
         PRAGMA writable_schema = ON;
         UPDATE sqlite_schema SET sql = replace(sql, 'platform, account_id', 'platform, \u{301}account_id')
           WHERE name = 'cases_platform_matches_account_on_update';
         """, "altered trigger cases_platform_matches_account_on_update"),
    ]

    @Test("edits that could change what a write stores block writes, however they are spelled", arguments: sneakyEdits)
    func sneakyEdit(edit: String, difference: String) throws {
        let folder = try TemporaryFolder()
        let path = folder.path("cases.db")
        do {
            let store = try makeStore(in: folder)
            try store.logCase(sampleCase(), actor: "a")
            try store.database.execute(edit)
        }
        let store = try CaseStore.open(path: path)
        #expect {
            try store.addEvidence(caseID: 1, reference: "https://example.org/e", actor: "a")
        } throws: { error in
            guard case CaseStoreError.schemaAltered(_, let found)? = error as? CaseStoreError else { return false }
            return found.hasPrefix(difference)
        }
        #expect(try CaseStore.checkHealth(path: path).schemaProblems.contains { $0.hasPrefix(difference) })
    }

    @Test("check lists unknown, missing and altered schema objects")
    func schemaDrift() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        #expect(store.checkHealth().isHealthy)
        try store.database.execute("""
            DROP INDEX cases_report;
            DROP TRIGGER case_events_no_delete;
            CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events BEGIN SELECT 1; END;
            CREATE VIEW everything AS SELECT * FROM cases;
            CREATE TABLE notes (x);
            """)
        #expect(store.checkHealth().schemaProblems == [
            "unknown table notes: casetool's migrations do not create it",
            "altered trigger case_events_no_delete: its definition differs from the one casetool's migrations create",
            "unknown view everything: casetool's migrations do not create it",
            "missing index cases_report: casetool's migrations create it",
        ])
    }

    @Test("a dropped migration record is an incompatible database, never a re-run", arguments: [3, 2])
    func droppedMigrationRecord(version: Int) throws {
        let folder = try TemporaryFolder()
        let path = folder.path("cases.db")
        do {
            let store = try makeStore(in: folder)
            try store.logCase(sampleCase(), actor: "alice")
            try store.database.execute("DELETE FROM casetool_migrations WHERE version = \(version)")
        }
        let before = try snapshot(try Database(path: path, mode: .readOnly))
        #expect {
            _ = try CaseStore.open(path: path)
        } throws: { error in
            guard let error = error as? CaseStoreError, case .migrationRecordMissing = error else { return false }
            return error.category == .incompatibleDatabase && error.description.contains("does not record migration 000\(version)")
        }
        #expect(try snapshot(try Database(path: path, mode: .readOnly)) == before)
        let health = try CaseStore.checkHealth(path: path)
        #expect(health.schemaProblems.first?.contains("does not record migration 000\(version)") == true)
        #expect(!health.isHealthy)
    }

    @Test("the field limits are the migrations' CHECK constraints, to the character")
    func limitsMatchConstraints() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let limits: [(String, Int, (String) -> NewCase)] = [
            ("platform", FieldRules.maxPlatformLength, { sampleCase(platform: $0) }),
            ("handle", FieldRules.maxHandleLength, { sampleCase(handle: $0) }),
        ]
        for (field, limit, make) in limits {
            // At the limit the store and SQLite both accept; one more and the store refuses first.
            try store.logCase(make(String(repeating: "é", count: limit)), actor: "alice")
            #expect(throws: CaseStoreError.invalidValue(
                field: field, problem: "is \(limit + 1) characters long; the limit is \(limit)"
            )) { try store.logCase(make(String(repeating: "é", count: limit + 1)), actor: "alice") }
        }
        for (code, name, ok) in [
            (String(repeating: "a", count: FieldRules.maxPolicyCodeLength), "n", true),
            (String(repeating: "a", count: FieldRules.maxPolicyCodeLength + 1), "n", false),
            ("p-name", String(repeating: "n", count: FieldRules.maxPolicyNameLength), true),
            ("p-name2", String(repeating: "n", count: FieldRules.maxPolicyNameLength + 1), false),
        ] {
            do {
                try store.addPolicy(code: code, name: name)
                #expect(ok, "\(code) accepted")
            } catch let error as CaseStoreError {
                #expect(!ok, "\(error)")
                guard case .invalidValue = error else { Issue.record("raw error: \(error)"); continue }
            }
        }
        // The constraints themselves, straight from SQLite: the same numbers.
        let database = store.database
        for (table, column, limit) in [("accounts", "platform", FieldRules.maxPlatformLength),
                                       ("accounts", "handle", FieldRules.maxHandleLength),
                                       ("policies", "code", FieldRules.maxPolicyCodeLength),
                                       ("policies", "name", FieldRules.maxPolicyNameLength)] {
            let sql = try #require(try database.prepare("SELECT sql FROM sqlite_schema WHERE name = ?")
                .queryFirst([table]) { try $0.string(0) })
            #expect(sql.contains("CHECK (length(\(column)) BETWEEN 1 AND \(limit))"), "\(table).\(column)")
        }
    }
}
