import CaseStore
import Foundation
import Testing

/// No command overwrites its own database, its companion files or its input, whatever the path's
/// spelling; files holding case data appear whole, private to their owner.
@Suite("casetool output files")
struct OutputFileTests {
    static let badRows = "platform,handle,policy,action,source,rationale,opened_at\r\nX,h,nope,label,automated,r,2024-01-01\r\n"

    static func importing(_ rejects: String, input: String = "in.csv", extra: [String] = []) -> [String] {
        ["import", input, "--skip-invalid", "--rejects", rejects] + extra
    }

    @Test("--rejects and backup refuse the database, its WAL and SHM, and the input, by any spelling")
    func protectedPaths() throws {
        let cli = try CLIRunner()
        try FileManager.default.createDirectory(atPath: cli.path("a"), withIntermediateDirectories: true)
        let database = cli.path("a/x.db")
        cli.environment["CASETOOL_DB"] = database
        try cli.succeed(["seed"])
        try Data(Self.badRows.utf8).write(to: URL(fileURLWithPath: cli.path("in.csv")))
        try FileManager.default.createSymbolicLink(atPath: cli.path("link.db"), withDestinationPath: database)
        try FileManager.default.createSymbolicLink(atPath: cli.path("link.csv"), withDestinationPath: cli.path("in.csv"))
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let input = try Data(contentsOf: URL(fileURLWithPath: cli.path("in.csv")))
        let cases: [(String, String)] = [
            ("a/x.db", "it is the database"), ("./a/../a/x.db", "it is the database"), (database, "it is the database"),
            ("link.db", "it is the database"), ("a/x.db-wal", "it is the database's write-ahead log"),
            ("a/x.db-shm", "it is the database's shared-memory file"), ("in.csv", "it is the input file"),
            ("link.csv", "it is the input file"), ("./in.csv", "it is the input file"),
        ]
        for (path, problem) in cases {
            for force in [[], ["--force"]] {
                let result = try cli.run(Self.importing(path, extra: force))
                #expect(result.status == 65, "\(path): \(result.stderr)")
                #expect(result.stderr == "casetool: error: will not write \(path): \(problem); choose another path\n")
            }
        }
        for path in ["a/x.db", "link.db", "./a/../a/x.db-wal"] {
            let result = try cli.run(["backup", path, "--force"])
            #expect(result.status == 65, "\(path): \(result.stderr)")
            #expect(result.stderr.contains("will not write \(path): it is the database"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.path("in.csv"))) == input)
        #expect(try cli.run(["check"]).status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.folder.path).filter { $0.hasSuffix(".partial") }
        #expect(leftovers.isEmpty)
    }

    @Test("a database reached through a link keeps its WAL protected; stdin's file too; a backup beside a stale WAL is refused")
    func linksStdinAndStaleCompanions() throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed", "--db", cli.path("real.db")])
        try FileManager.default.createSymbolicLink(atPath: cli.path("link.db"), withDestinationPath: cli.path("real.db"))
        try Data(Self.badRows.utf8).write(to: URL(fileURLWithPath: cli.path("in.csv")))
        let wal = try cli.run(Self.importing("real.db-wal", extra: ["--force", "--db", "link.db"]))
        #expect(wal.status == 65 && wal.stderr.contains("it is the database's write-ahead log"), "\(wal.stderr)")
        let stdin = try cli.run(["import", "-", "--skip-invalid", "--rejects", "in.csv", "--force", "--db", "link.db"], stdin: cli.path("in.csv"))
        #expect(stdin.status == 65 && stdin.stderr.contains("will not write in.csv: it is the input file"), "\(stdin.stderr)")
        #expect(try String(contentsOfFile: cli.path("in.csv"), encoding: .utf8) == Self.badRows)
        try Data("stale".utf8).write(to: URL(fileURLWithPath: cli.path("copy.db-wal")))
        let backup = try cli.run(["backup", "copy.db", "--db", "link.db"])
        #expect(backup.status == 65 && backup.stderr.contains("copy.db-wal exists beside it (a write-ahead log)"), "\(backup.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("copy.db")))
    }

    @Test("folders, devices, FIFOs and empty paths are refused, --force or not")
    func unfitDestinations() throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        try Data(Self.badRows.utf8).write(to: URL(fileURLWithPath: cli.path("in.csv")))
        #expect(mkfifo(cli.path("fifo"), 0o600) == 0)
        try FileManager.default.createDirectory(atPath: cli.path("sub"), withIntermediateDirectories: true)
        let cases: [(String, String)] = [
            (".", "it is a folder"), ("./", "it is a folder"), ("..", "it is a folder"), ("sub", "it is a folder"),
            ("sub/", "it is a folder"), ("/", "it is a folder"), ("fifo", "it is not a regular file (a device, FIFO or socket)"),
            ("/dev/null", "it is not a regular file (a device, FIFO or socket)"), ("", "no path was given"),
            ("missing/x.db", "its folder missing does not exist"),
        ]
        for (path, problem) in cases {
            for arguments in [["backup", path, "--force"], Self.importing(path, extra: ["--force"])] {
                let result = try cli.run(arguments)
                #expect(result.status == 65, "\(arguments): \(result.stderr)")
                #expect(result.stderr == "casetool: error: will not write \(path): \(problem)\n", "\(arguments)")
            }
        }
        var status = stat()
        #expect(stat(cli.path("fifo"), &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO)
        #expect(stat("/dev/null", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test("an existing file is replaced only with --force; new files are 0600 whatever the umask")
    func existingAndPrivate() throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        try Data(Self.badRows.utf8).write(to: URL(fileURLWithPath: cli.path("in.csv")))
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: cli.path("old.csv")))
        let refused = try cli.run(Self.importing("old.csv"))
        #expect(refused.status == 65)
        #expect(refused.stderr == "casetool: error: will not write old.csv: it already exists; choose a new file, or replace it with --force\n")
        #expect(try String(contentsOfFile: cli.path("old.csv"), encoding: .utf8) == "keep me")

        let permissive = ["/bin/sh", "-c", "umask 000; exec \"$0\" \"$@\""]
        let forced = try cli.run(Self.importing("old.csv", extra: ["--force"]), prefix: permissive)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: cli.path("old.csv"), encoding: .utf8).contains("unknown policy 'nope'"))
        #expect(try cli.run(Self.importing("new.csv"), prefix: permissive).status == 0)
        #expect(try cli.run(["backup", "copy.db"], prefix: permissive).status == 0)
        #expect(try cli.run(["backup", "copy.db"]).status == 65)
        #expect(try cli.run(["backup", "copy.db", "--force"], prefix: permissive).status == 0)
        #expect(try cli.run(["init", "--db", "fresh.db"], prefix: permissive).status == 0)
        for name in ["old.csv", "new.csv", "copy.db", "fresh.db"] {
            let mode = try FileManager.default.attributesOfItem(atPath: cli.path(name))[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name): \(String(mode ?? 0, radix: 8))")
        }
        #expect(try cli.run(["check", "--db", "copy.db"]).status == 0)
    }

    @Test("a backup killed part-way leaves no file behind, and running it again works")
    func killedBackup() throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        try cli.succeed(["generate", "--cases", "20000", "--seed", "3"])
        var killed = 0
        for delay in stride(from: 5_000, through: 200_000, by: 15_000) where killed < 2 {
            let backup = try cli.launch(["backup", "copy.db"])
            usleep(useconds_t(delay))
            kill(backup.pid, SIGKILL)
            let result = try backup.wait()
            let exists = FileManager.default.fileExists(atPath: cli.path("copy.db"))
            if result.status == 0 && backup.process.terminationReason == .exit {
                #expect(exists)
                try FileManager.default.removeItem(atPath: cli.path("copy.db"))
                continue
            }
            killed += 1
            #expect(!exists, "a killed backup left copy.db")
        }
        #expect(killed > 0, "no backup was slow enough to be killed")
        #expect(try cli.run(["backup", "copy.db"]).status == 0)
        #expect(try cli.run(["check", "--db", "copy.db"]).status == 0)
    }
}
