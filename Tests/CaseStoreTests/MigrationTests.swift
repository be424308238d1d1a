@testable import CaseStore
import Crypto
import Foundation
import SQLiteDatabase
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("the binary embeds every file of migrations/, byte for byte, in version order")
    func embeddedMatchesFolder() throws {
        let folder = packageRoot.appending(path: "migrations")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        let embedded = try Migration.embedded()
        #expect(!files.isEmpty)
        #expect(embedded.map(\.fileName) == files)
        #expect(embedded.map(\.version) == Array(1...files.count))
        for migration in embedded {
            let bytes = try Data(contentsOf: folder.appending(path: migration.fileName))
            let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            #expect(migration.checksum == digest, "\(migration.fileName) differs from the file on disk")
        }
    }

    @Test("a fresh database gets every migration applied in order and recorded")
    func freshDatabase() throws {
        let folder = try TemporaryFolder()
        let store = try CaseStore.open(path: folder.path("fresh.db"), access: .createIfMissing, clock: fixedClock)
        let embedded = try Migration.embedded()
        #expect(store.migrationsApplied == embedded)
        let recorded = try store.appliedMigrations()
        #expect(recorded.map(\.version) == embedded.map(\.version))
        #expect(recorded.map(\.name) == embedded.map(\.name))
        #expect(recorded.map(\.checksum) == embedded.map(\.checksum))
        #expect(recorded.allSatisfy { $0.appliedAt == "2025-01-01T00:00:00Z" })
        let tables = try store.database.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .query { try $0.string(0) }
        #expect(Set(tables).isSuperset(of: ["accounts", "case_events", "case_evidence", "cases", "policies"]))
    }

    @Test("opening an up-to-date database applies nothing and changes nothing")
    func rerunIsNoOp() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("again.db")
        _ = try CaseStore.open(path: path, access: .createIfMissing, clock: fixedClock)
        let before = try snapshot(Database(path: path))
        let reopened = try CaseStore.open(path: path, clock: { Timestamp(secondsSinceEpoch: 2_000_000_000) })
        #expect(reopened.migrationsApplied.isEmpty)
        #expect(try snapshot(reopened.database) == before)
    }

    @Test("migrations are applied one by one, in order, each with its record")
    func appliesInOrder() throws {
        let first = Migration(version: 1, name: "first", sql: "CREATE TABLE a (x INTEGER);")
        let second = Migration(version: 2, name: "second", sql: "ALTER TABLE a ADD COLUMN y TEXT;")
        let database = try Database(path: Database.inMemoryPath)
        #expect(try Migrator(migrations: [first]).migrate(database) == [first])
        #expect(try Migrator(migrations: [first, second]).migrate(database) == [second])
        #expect(try Migrator(migrations: [first, second]).appliedMigrations(in: database).map(\.name) == ["first", "second"])
        try database.prepare("INSERT INTO a (x, y) VALUES (1, 'ok')").execute()
    }

    @Test("a failing migration leaves no trace: neither its changes nor its record")
    func failingMigrationRollsBack() throws {
        let good = Migration(version: 1, name: "good", sql: "CREATE TABLE a (x INTEGER);")
        let bad = Migration(version: 2, name: "bad", sql: "CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);")
        let database = try Database(path: Database.inMemoryPath)
        #expect(throws: CaseStoreError.self) { try Migrator(migrations: [good, bad]).migrate(database) }
        #expect(try Migrator(migrations: [good, bad]).appliedMigrations(in: database).map(\.version) == [1])
        #expect(try database.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'b'").queryFirst { try $0.int64(0) } == 0)
    }

    @Test("a database written by a newer casetool is refused, naming the unknown migration")
    func newerDatabaseRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("newer.db")
        let store = try CaseStore.open(path: path, access: .createIfMissing)
        try store.database.prepare(
            "INSERT INTO casetool_migrations (version, name, checksum, applied_at) VALUES (999, 'from_the_future', 'x', 'y')"
        ).execute()
        #expect(throws: CaseStoreError.newerDatabase(path: path, unknownMigrations: ["0999_from_the_future.sql"])) {
            _ = try CaseStore.open(path: path)
        }
    }

    @Test("a migration edited after it was applied is refused")
    func changedChecksumRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("changed.db")
        let store = try CaseStore.open(path: path, access: .createIfMissing)
        try store.database.prepare("UPDATE casetool_migrations SET checksum = 'edited' WHERE version = 1").execute()
        let first = try #require(try Migration.embedded().first)
        #expect(throws: CaseStoreError.migrationChanged(version: 1, name: first.name)) {
            _ = try CaseStore.open(path: path)
        }
    }

    @Test("another program's SQLite database is refused rather than altered")
    func foreignDatabaseRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("other.db")
        let other = try Database(path: path)
        try other.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
        #expect(throws: CaseStoreError.notADatabase(path: path)) { _ = try CaseStore.open(path: path) }
        #expect(try snapshot(other).isEmpty)
        #expect(try other.prepare("SELECT count(*) FROM sqlite_schema").queryFirst { try $0.int64(0) } == 1)
    }

    @Test("migration file names and numbering are checked")
    func fileNames() throws {
        let migration = try Migration(fileName: "0007_add_things.sql", sql: "")
        #expect(migration.version == 7 && migration.name == "add_things")
        for bad in ["7_x.sql", "0001-x.sql", "0001_X.sql", "0001_.sql", "0001_x.txt", "abcd_x.sql", "0000_zero.sql"] {
            #expect(throws: CaseStoreError.self, "\(bad)") { _ = try Migration(fileName: bad, sql: "") }
        }
        let one = Migration(version: 1, name: "a", sql: "")
        let three = Migration(version: 3, name: "c", sql: "")
        #expect(throws: CaseStoreError.self) { _ = try Migration.ordered([one, three]) }
        #expect(throws: CaseStoreError.self) { _ = try Migration.ordered([one, one]) }
        #expect(try Migration.ordered([Migration(version: 2, name: "b", sql: ""), one]).map(\.version) == [1, 2])
    }
}

@Suite("Migration 0003")
struct AutomationMigrationTests {
    @Test("fills automated detection and decision from the source and from stored statements; DSA accounts become unnamed")
    func backfill() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("v2.db")
        let embedded = try Migration.embedded()
        do {
            let database = try Database(path: path)
            _ = try Migrator(migrations: Array(embedded.prefix(2))).migrate(database, now: fixedClock())
            let t = "2024-03-14T00:00:00Z"
            let hash = String(repeating: "0", count: 64)
            try database.execute("""
                INSERT INTO policies (id, code, name, created_at) VALUES (1, 'spam', 'Spam', '\(t)');
                INSERT INTO accounts (id, platform, handle, created_at, updated_at) VALUES
                    (1, 'TikTok', 'dsa-sor:private', '\(t)', '\(t)'), (2, 'TikTok', 'someone', '\(t)', '\(t)');
                INSERT INTO cases (id, account_id, platform, policy_id, action, source, rationale, opened_at, created_by, created_at, updated_at) VALUES
                    (1, 1, 'TikTok', 1, 'remove_content', 'user_report', 'r', '\(t)', 'x', '\(t)', '\(t)'),
                    (2, 1, 'TikTok', 1, 'remove_content', 'proactive_human', 'r', '\(t)', 'x', '\(t)', '\(t)'),
                    (3, 2, 'TikTok', 1, 'remove_content', 'automated', 'r', '\(t)', 'x', '\(t)', '\(t)'),
                    (4, 2, 'TikTok', 1, 'remove_content', 'user_report', 'r', '\(t)', 'x', '\(t)', '\(t)');
                INSERT INTO case_events (case_id, seq, kind, to_status, actor, payload, occurred_at, recorded_at, prev_hash, hash) VALUES
                    (1, 1, 'created', 'open', 'x', '{"statement":{"automated_decision":"AUTOMATED_DECISION_FULLY","automated_detection":"Yes"}}', '\(t)', '\(t)', '\(hash)', '\(hash)'),
                    (2, 1, 'created', 'open', 'x', '{"statement":{"automated_decision":"AUTOMATED_DECISION_PARTIALLY","automated_detection":"No"}}', '\(t)', '\(t)', '\(hash)', '\(hash)'),
                    (3, 1, 'created', 'open', 'x', '{"source":"automated"}', '\(t)', '\(t)', '\(hash)', '\(hash)'),
                    (4, 1, 'created', 'open', 'x', '{"source":"user_report"}', '\(t)', '\(t)', '\(hash)', '\(hash)');
                """)
        }
        let store = try CaseStore.open(path: path, clock: fixedClock)
        #expect(store.migrationsApplied.map(\.version) == Array(3...embedded.count))
        let cases = try store.database.prepare("SELECT automated_detection, automated_decision FROM cases ORDER BY id")
            .query { "\(try $0.int64(0)) \(try $0.string(1))" }
        #expect(cases == ["1 fully", "0 partially", "1 not_automated", "0 not_automated"])
        let unnamed = try store.database.prepare("SELECT handle FROM accounts WHERE unnamed = 1").query { try $0.string(0) }
        #expect(unnamed == ["dsa-sor:private"])
        let plan = try store.database.prepare("EXPLAIN QUERY PLAN SELECT id FROM accounts WHERE unnamed = 1").query { try $0.string(3) }
        #expect(plan.joined().contains("accounts_unnamed"))
    }
}

@Suite("Migrations that rebuild a table")
struct TableRebuildMigrationTests {
    static let first = Migration(version: 1, name: "first", sql: """
        CREATE TABLE parents (id INTEGER PRIMARY KEY);
        CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents(id),
                               kind TEXT NOT NULL CHECK (kind IN ('a', 'b')));
        CREATE INDEX children_kind ON children(kind);
        CREATE VIEW children_view AS SELECT id, kind FROM children;
        CREATE TRIGGER children_no_delete BEFORE DELETE ON children BEGIN SELECT RAISE(ABORT, 'append-only'); END;
        """)

    /// SQLite's procedure: a new table, the rows copied, the old one dropped, the new one renamed
    /// into place, its index and trigger made again. Here it adds 'c' to a CHECK list.
    static func rebuild(copying select: String = "SELECT id, parent_id, kind FROM children") -> Migration {
        Migration(version: 2, name: "widen_kind", sql: """
            CREATE TABLE children_new (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents(id),
                                       kind TEXT NOT NULL CHECK (kind IN ('a', 'b', 'c')));
            INSERT INTO children_new (id, parent_id, kind) \(select);
            DROP TABLE children;
            ALTER TABLE children_new RENAME TO children;
            CREATE INDEX children_kind ON children(kind);
            CREATE TRIGGER children_no_delete BEFORE DELETE ON children BEGIN SELECT RAISE(ABORT, 'append-only'); END;
            """)
    }

    func database(rows: Int) throws -> (TemporaryFolder, Database) {
        let folder = try TemporaryFolder()
        let database = try Database(path: folder.path("rebuild.db"))
        try database.execute("PRAGMA foreign_keys = ON")
        try Migrator(migrations: [Self.first]).migrate(database)
        try database.inTransaction {
            try database.execute("INSERT INTO parents (id) VALUES (1), (2)")
            let insert = try database.prepare("INSERT INTO children (parent_id, kind) VALUES (?, ?)")
            for index in 0..<rows { try insert.execute([index % 2 + 1, index % 2 == 0 ? "a" : "b"]) }
        }
        return (folder, database)
    }

    @Test("a rebuild keeps every row, its view, index and trigger, and foreign keys stay on afterwards")
    func rebuildKeepsEverything() throws {
        let (_, database) = try database(rows: 2_000)
        let migrator = Migrator(migrations: [Self.first, Self.rebuild()])
        #expect(try migrator.migrate(database).map(\.version) == [2])
        #expect(try database.prepare("SELECT count(*) FROM children_view").queryFirst { try $0.int64(0) } == 2_000)
        try database.execute("INSERT INTO children (parent_id, kind) VALUES (1, 'c')")  // the widened CHECK
        #expect(throws: (any Error).self) { try database.execute("DELETE FROM children WHERE id = 1") }  // the trigger
        #expect(throws: (any Error).self) { try database.execute("INSERT INTO children (parent_id, kind) VALUES (9, 'a')") }
        #expect(try database.prepare("PRAGMA foreign_keys").queryFirst { try $0.int64(0) } == 1)
        #expect(try migrator.schemaDifferences(in: database).isEmpty, "the result is what the migrations declare")
    }

    @Test("a rebuild that would break a foreign key is refused whole, and the table is as it was")
    func brokenForeignKeyRefused() throws {
        let (_, database) = try database(rows: 10)
        let before = try snapshot(database)
        let broken = Self.rebuild(copying: "SELECT id, parent_id + 10, kind FROM children")
        #expect(throws: CaseStoreError.invalidMigration(file: broken.fileName, problem: "leaves rows in children that break a foreign key")) {
            try Migrator(migrations: [Self.first, broken]).migrate(CaseStore(database: database).database)
        }
        #expect(try snapshot(database) == before)
        #expect(try database.prepare("PRAGMA foreign_keys").queryFirst { try $0.int64(0) } == 1)
    }
}
