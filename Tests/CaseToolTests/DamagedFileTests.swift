import CaseStore
import Foundation
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
        #expect(check.stderr.hasPrefix("casetool: error: audit failed: "))
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
        #expect(check.stdout.contains("schema        version 2, FAILED: cases.db does not record migration 0003"), "\(check.stdout)")
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
    }

    @Test("a trigger someone added: the write fails loudly and check names the trigger")
    func foreignTrigger() throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        let database = try Database(path: cli.path("cases.db"), mode: .readWrite)
        try database.execute("CREATE TRIGGER sneaky BEFORE INSERT ON case_events BEGIN SELECT RAISE(IGNORE); END")
        let before = try cli.snapshot(cli.path("cases.db"))
        let note = try cli.run(["note", "1", "a note"])
        #expect(note.status == 69, "\(note.stderr)")
        #expect(note.stdout.isEmpty)
        #expect(note.stderr.hasPrefix("casetool: error: the database did not store the change (0 rows changed after: INSERT INTO case_events"))
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
        let check = try cli.run(["check"])
        #expect(check.status == 69)
        #expect(check.stdout.contains("FAILED: unknown trigger sneaky: casetool's migrations do not create it"), "\(check.stdout)")
    }
}
