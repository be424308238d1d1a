import CaseStore
import Foundation
import SQLiteDatabase
import Testing

/// A damaged file gets the right answer: `check` runs to the end and says what it found (exit 69);
/// other commands say the file is damaged and where to look; a missing migration record is an
/// incompatible database (68), never a re-run.
@Suite("casetool on damaged files")
struct DamagedFileTests {
    enum Damage: String, CaseIterable, Sendable {
        case truncated, pageOfOnes
    }

    /// A database of a few thousand cases, checkpointed so that the main file holds everything.
    static func populated() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        try cli.succeed(["generate", "--cases", "3000", "--seed", "5"])
        let database = try Database(path: cli.path("cases.db"), mode: .readWrite)
        try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return cli
    }

    static func damage(_ damage: Damage, _ cli: CLIRunner) throws {
        let path = cli.path("cases.db")
        let pageSize = 4096
        switch damage {
        case .truncated:
            let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(truncate(path, off_t(size / 2 / pageSize * pageSize)) == 0)
        case .pageOfOnes:
            let database = try Database(path: path, mode: .readOnly)
            let root = try #require(try database.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'cases'")
                .queryFirst { try $0.int64(0) })
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            try handle.seek(toOffset: UInt64((Int(root) - 1) * pageSize))
            try handle.write(contentsOf: Data(repeating: 0xFF, count: pageSize))
            try handle.close()
        }
    }

    @Test("check reports every part and exits 69; other commands point to check", arguments: Damage.allCases)
    func damaged(_ damage: Damage) throws {
        let cli = try Self.populated()
        try Self.damage(damage, cli)
        let check = try cli.run(["check"])
        #expect(check.status == 69, "\(check.stdout)\(check.stderr)")
        for part in ["sqlite", "schema", "integrity     FAILED", "foreign keys", "audit         FAILED"] {
            #expect(check.stdout.contains(part), "\(part): \(check.stdout)")
        }
        #expect(check.stderr.hasPrefix("casetool: error: check failed: "))
        let json = try #require(try parseJSON(try cli.run(["check", "--format", "json"]).stdout) as? [String: Any])
        #expect(json["healthy"] as? Bool == false)
        #expect((json["integrity_problems"] as? [String])?.isEmpty == false)

        for command in [["export"], ["show", "1"], ["audit", "verify"]] {
            let result = try cli.run(command)
            #expect(result.status == 69, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("cases.db is damaged ("), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("'casetool check --db cases.db' lists what is wrong; restore a backup"))
            #expect(result.stderr.split(separator: "\n").count == 1, "\(command): \(result.stderr)")
        }
    }

    @Test("an edited migration record is an incompatible database, named as such", arguments: [
        ("UPDATE casetool_migrations SET name = '0002_evil.sql' WHERE version = 2",
         "the database's record of migration 2 ('0002_evil.sql') does not match this build's migrations"),
        ("UPDATE casetool_migrations SET version = -1 WHERE version = 1",
         "the database's record of migration -1 ('initial') does not match this build's migrations"),
        ("DELETE FROM casetool_migrations", "does not record migration 0001_initial.sql as applied"),
    ])
    func editedMigrationRecord(edit: String, message: String) throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        let database = try Database(path: cli.path("cases.db"), mode: .readWrite)
        try database.execute(edit)
        let result = try cli.run(["list"])
        #expect(result.status == 68, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        let check = try cli.run(["check"])
        #expect(check.status == 69 && check.stdout.contains(message), "\(check.stdout)")
    }

    @Test("a dropped migration record: commands refuse with 68, check explains, nothing is re-run")
    func droppedMigrationRecord() throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        let database = try Database(path: cli.path("cases.db"), mode: .readWrite)
        try database.execute("DELETE FROM casetool_migrations WHERE version = 3")
        let before = try cli.snapshot(cli.path("cases.db"))
        for command in [["list"], ["init"], ["seed"]] {
            let result = try cli.run(command)
            #expect(result.status == 68, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("does not record migration 0003_transparency_reports.sql as applied"), "\(result.stderr)")
            #expect(!result.stderr.contains("duplicate column"))
        }
        let check = try cli.run(["check"])
        #expect(check.status == 69)
        #expect(check.stdout.contains("FAILED: cases.db does not record migration 0003"), "\(check.stdout)")
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
    }

    static let foreignTriggers = [
        "CREATE TRIGGER sneaky BEFORE INSERT ON case_events BEGIN SELECT RAISE(IGNORE); END",
        "CREATE TRIGGER sneaky AFTER INSERT ON case_evidence BEGIN DELETE FROM case_evidence WHERE id = NEW.id; END",
        "CREATE TRIGGER sneaky AFTER INSERT ON policies BEGIN DELETE FROM policies WHERE id = NEW.id; END",
        "CREATE TRIGGER sneaky AFTER UPDATE ON accounts BEGIN UPDATE accounts SET display_name = OLD.display_name WHERE id = NEW.id; END",
    ]

    @Test("a trigger someone added: no write is made, reads still work, check names the trigger", arguments: foreignTriggers)
    func foreignTrigger(trigger: String) throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        let database = try Database(path: cli.path("cases.db"), mode: .readWrite)
        try database.execute(trigger)
        try cli.succeed(["init", "--db", cli.path("good.db")])
        try Data(try cli.succeed(["export"]).utf8).write(to: URL(fileURLWithPath: cli.path("all.csv")))
        let before = try cli.snapshot(cli.path("cases.db"))
        for write in [["note", "1", "a note"], ["evidence", "1", "https://example.org/e"], ["policies", "add", "new-one", "--name", "N"],
                      ["new", "--platform", "Instagram", "--handle", "khamenei_ir", "--display-name", "Changed", "--policy", "spam",
                       "--action", "label", "--source", "automated", "--rationale", "r"],
                      ["import", "all.csv", "--skip-invalid", "--rejects", "rejects.csv"]] {
            let result = try cli.run(write)
            #expect(result.status == 69, "\(write): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == "casetool: error: cases.db was altered by another tool (unknown trigger sneaky: casetool's "
                + "migrations do not create it); casetool will not write to it: 'casetool check --db cases.db' lists every difference\n")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.path("rejects.csv")))
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
        #expect(try cli.run(["show", "1"]).status == 0)
        let check = try cli.run(["check"])
        #expect(check.status == 69)
        #expect(check.stdout.contains("FAILED: unknown trigger sneaky: casetool's migrations do not create it"), "\(check.stdout)")
    }
}
