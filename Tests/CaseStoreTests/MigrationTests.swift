import CaseStore
import Crypto
import Foundation
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
