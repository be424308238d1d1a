import SQLiteDatabase
import CaseStore
import Foundation
import Testing

@Suite("SQLite wrapper")
struct DatabaseTests {
    @Test("values of every storage class round-trip through bind and read")
    func bindingRoundTrips() throws {
        let folder = try TemporaryFolder()
        let database = try Database(path: folder.path("values.db"))
        try database.execute("CREATE TABLE t (v ANY) STRICT")
        let insert = try database.cachedStatement("INSERT INTO t (v) VALUES (?)")
        let values: [DatabaseValue] = [
            .integer(Int64.min), .integer(Int64.max), .integer(0), .real(-1.5e300), .real(0.1),
            .text(""), .text("'); DROP TABLE cases;--"), .text("emoji 🧕🏽 rtl \u{200F}مرحبا combining e\u{301}"),
            .text("nul\u{0}inside"), .blob(Data()), .blob(Data([0, 1, 2, 255])), .null,
        ]
        for value in values {
            try insert.execute([value])
        }
        let read = try database.prepare("SELECT v FROM t ORDER BY rowid").query { $0.value(0) }
        #expect(read == values)
        #expect(try database.prepare("SELECT typeof(v) FROM t WHERE rowid = 10").queryFirst { try $0.string(0) } == "blob")
    }

    @Test("typed readers refuse NULL where a value is required")
    func typedReaders() throws {
        let database = try Database(path: Database.inMemoryPath)
        let row = try database.prepare("SELECT 42, 'text', NULL").queryFirst { row in
            (try row.int64(0), try row.string(1), row.optionalString(2), row.isNull(2))
        }
        #expect(row?.0 == 42 && row?.1 == "text" && row?.2 == nil && row?.3 == true)
        #expect(throws: DatabaseError.unexpectedValue(table: "query result", column: "missing", problem: "is NULL")) {
            _ = try database.prepare("SELECT NULL AS missing").queryFirst { try $0.int64(0) }
        }
        // A store's connection reports it in the store's terms.
        let store = CaseStore(database: database)
        #expect(throws: CaseStoreError.corruptRow(table: "query result", problem: "missing is NULL")) {
            _ = try store.database.prepare("SELECT NULL AS missing").queryFirst { try $0.int64(0) }
        }
    }

    @Test("errors carry the SQLite result code, extended code, message and SQL")
    func errorCodes() throws {
        let database = try Database(path: Database.inMemoryPath)
        try database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)")
        try database.prepare("INSERT INTO t (name) VALUES (?)").execute(["a"])
        do {
            try database.prepare("INSERT INTO t (name) VALUES (?)").execute(["a"])
            Issue.record("a duplicate insert must fail")
        } catch let DatabaseError.sqlite(code, message, sql) {
            #expect(code.primary == .constraint && ResultCode.constraint ~= code)
            #expect(code.rawValue == ResultCode.constraint.rawValue | (8 << 8))  // SQLITE_CONSTRAINT_UNIQUE
            #expect(!(ResultCode.constraintTrigger ~= code), "an extended code matches only itself")
            #expect(message.contains("UNIQUE constraint failed: t.name"))
            #expect(sql == "INSERT INTO t (name) VALUES (?)")
        }
        do {
            _ = try database.prepare("SELEC nonsense")
            Issue.record("bad SQL must fail to prepare")
        } catch let DatabaseError.sqlite(code, message, sql) {
            #expect(code == .error)
            #expect(message.contains("syntax error"))
            #expect(sql == "SELEC nonsense")
        }
        // A statement that is only a comment prepares to nothing: the error keeps the code it was given.
        #expect { _ = try database.prepare("-- nothing") } throws: { ($0 as? DatabaseError)?.resultCode == .misuse }
        #expect(throws: DatabaseError.sqlite(code: .range, message: "statement expects 1 values, got 2", sql: "SELECT ?")) {
            try database.prepare("SELECT ?").execute([1, 2])
        }
    }

    @Test("a transaction whose body throws is rolled back, and the error rethrown")
    func rollbackOnThrow() throws {
        struct Boom: Error {}
        let folder = try TemporaryFolder()
        let database = try Database(path: folder.path("tx.db"))
        try database.execute("CREATE TABLE t (v INTEGER)")
        #expect(throws: Boom.self) {
            try database.inTransaction {
                try database.prepare("INSERT INTO t VALUES (1)").execute()
                throw Boom()
            }
        }
        #expect(!database.isInTransaction)
        #expect(try database.prepare("SELECT count(*) FROM t").queryFirst { try $0.int64(0) } == 0)

        // A nested body that throws rolls back only its own writes.
        try database.inTransaction {
            try database.prepare("INSERT INTO t VALUES (1)").execute()
            try? database.inTransaction {
                try database.prepare("INSERT INTO t VALUES (2)").execute()
                throw Boom()
            }
        }
        #expect(try database.prepare("SELECT group_concat(v) FROM t").queryFirst { try $0.string(0) } == "1")
    }

    @Test("a new file is private to its owner, in WAL mode, with foreign keys on")
    func openSettings() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("nested/folder/cases.db")
        let database = try Database(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try database.prepare("PRAGMA journal_mode").queryFirst { try $0.string(0) } == "wal")
        #expect(try database.prepare("PRAGMA foreign_keys").queryFirst { try $0.int64(0) } == 1)
        #expect(try database.prepare("PRAGMA busy_timeout").queryFirst { try $0.int64(0) } == 10_000)
    }

    @Test("opening refuses missing files (unless creating), folders and non-SQLite files")
    func openRefusals() throws {
        let folder = try TemporaryFolder()
        #expect(throws: DatabaseError.fileNotFound(path: folder.path("missing.db"))) {
            _ = try Database(path: folder.path("missing.db"), mode: .readWrite)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path("missing.db")))
        #expect(throws: DatabaseError.self) { _ = try Database(path: folder.url.path, mode: .readWrite) }
        let text = folder.path("notes.txt")
        try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: DatabaseError.notADatabase(path: text)) { _ = try Database(path: text, mode: .readWrite) }
        // Through CaseStore, the same failure is the store's own error, naming what to do.
        #expect(throws: CaseStoreError.notADatabase(path: text)) { _ = try CaseStore.open(path: text) }
    }

    @Test("cached statements are prepared once and reused")
    func statementCache() throws {
        let database = try Database(path: Database.inMemoryPath)
        let first = try database.cachedStatement("SELECT ?")
        let second = try database.cachedStatement("SELECT ?")
        #expect(first === second)
        #expect(try first.queryFirst([7]) { try $0.int64(0) } == 7)
        #expect(try second.queryFirst(["x"]) { try $0.string(0) } == "x")
    }
}

@Suite("Storage failures")
struct StorageFailureTests {
    @Test("a full database is a clear storage error, and the failed batch leaves nothing behind")
    func databaseFull() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let pages = try store.database.prepare("PRAGMA page_count").queryFirst { try $0.int64(0) } ?? 0
        try store.database.execute("PRAGMA max_page_count = \(pages + 2)")
        let before = try snapshot(store.database)
        var generator = try SyntheticCases(seed: 7, policyCodes: ["spam"], now: fixedClock())
        do {
            try store.batch {
                for _ in 0..<2_000 { try store.log(generator.next(), actor: "load") }
            }
            Issue.record("the batch must not fit")
        } catch let error as CaseStoreError {
            guard case .database(.sqlite(let code, _, _)) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(code == .full)
            #expect(error.category == .storage)
            #expect(error.description.hasPrefix("database or disk is full: free space on the disk"))
        }
        #expect(!store.database.isInTransaction)
        #expect(try snapshot(store.database) == before)
        #expect(try store.verifyAudit().isIntact)
    }

    @Test("a statement cannot be run again while its own rows are being read")
    func reentrancy() throws {
        let database = try Database(path: Database.inMemoryPath)
        try database.execute("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2)")
        let statement = try database.cachedStatement("SELECT n FROM t")
        #expect(throws: DatabaseError.statementInUse(sql: "SELECT n FROM t")) {
            try statement.forEachRow { _ in _ = try statement.query { try $0.int64(0) } }
        }
        #expect(try statement.query { try $0.int64("n") } == [1, 2], "after the refusal the statement works again")
        #expect(throws: DatabaseError.self) { _ = try statement.query { try $0.int64("missing") } }
    }
}
