import CaseStore
import Foundation
import SQLiteDatabase
import Testing

/// Real processes against one file: concurrent writers, writers killed mid-batch, backups taken
/// while others write, and tampering caught by the CLI.
@Suite("casetool under concurrency, crashes and tampering")
struct ProcessTests {
    static let writers = 4
    static let casesPerWriter = 200

    @Test("several processes writing at once: every write lands, counts are exact, the audit passes")
    func concurrentWriters() throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        let running = try (1...Self.writers).map { seed in
            try cli.launch(["generate", "--cases", "\(Self.casesPerWriter)", "--batch-size", "1", "--seed", "\(seed)"])
        }
        for (seed, process) in zip(1..., running) {
            let result = try process.wait()
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr == "generated \(Self.casesPerWriter) cases in batches of 1 (seed \(seed))\n")
        }
        let store = try CaseStore.open(path: cli.path("cases.db"))
        for seed in 1...Self.writers {
            let logged = try store.cases(matching: CaseFilter()).filter { $0.externalID?.hasPrefix("synthetic-\(seed)-") == true }
            #expect(logged.count == Self.casesPerWriter)
        }
        let audit = try store.verifyAudit()
        #expect(audit.isIntact, "\(audit.problems)")
        #expect(audit.caseCount == 5 + Self.writers * Self.casesPerWriter)

        // The same seeds written one after another give the same figures.
        try cli.succeed(["seed", "--db", cli.path("sequential.db")])
        for seed in 1...Self.writers {
            try cli.succeed(["generate", "--db", cli.path("sequential.db"), "--cases", "\(Self.casesPerWriter)", "--seed", "\(seed)"])
        }
        let reference = try CaseStore.open(path: cli.path("sequential.db"))
        #expect(try reference.verifyAudit().eventCount == audit.eventCount)
        #expect(try cli.succeed(["report", "--format", "csv"])
                == cli.succeed(["report", "--format", "csv", "--db", cli.path("sequential.db")]))
    }

    @Test("a writer killed with SIGKILL mid-batch leaves a sound database holding whole batches only")
    func killedWriter() throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        let batch = 500
        for attempt in 1...3 {
            let seed = 100 + attempt
            let writer = try cli.launch(["generate", "--cases", "1000000", "--batch-size", "\(batch)", "--seed", "\(seed)"])
            // Wait for at least one committed batch, then kill at a varying point in a later one.
            let deadline = Date().addingTimeInterval(60)
            while try synthetic(cli, seed: seed) < batch && Date() < deadline {
                usleep(20_000)
            }
            usleep(UInt32(attempt * 70_000))
            kill(writer.pid, SIGKILL)
            let result = try writer.wait()
            #expect(result.status == SIGKILL, "the writer must have been killed, not finished: \(result.stderr)")

            let written = try synthetic(cli, seed: seed)
            #expect(written >= batch && written % batch == 0, "attempt \(attempt): \(written) cases")
            let store = try CaseStore.open(path: cli.path("cases.db"))
            let health = try store.checkHealth()
            #expect(health.isHealthy, "attempt \(attempt): \(health)")
        }
        #expect(try cli.run(["check"]).status == 0)
    }

    private func synthetic(_ cli: CLIRunner, seed: Int) throws -> Int {
        let database = try Database(path: cli.path("cases.db"), mode: .readOnly)
        return Int(try database.prepare("SELECT count(*) FROM cases WHERE external_id LIKE ?")
            .queryFirst(["synthetic-\(seed)-%"]) { try $0.int64(0) } ?? 0)
    }

    @Test("a backup taken while others write is consistent and passes check")
    func backupWhileWriting() throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        let writers = try (1...2).map { seed in
            try cli.launch(["generate", "--cases", "3000", "--batch-size", "20", "--seed", "\(seed)"])
        }
        usleep(300_000)
        let backup = try cli.run(["backup", cli.path("copy.db")])
        #expect(backup.status == 0, "\(backup.stderr)")
        for writer in writers {
            #expect(try writer.wait().status == 0)
        }
        let check = try cli.run(["check", "--db", cli.path("copy.db")])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("integrity     ok"))
        #expect(check.stdout.contains("sqlite        3."))
        #expect(try cli.run(["check"]).status == 0)
        let taken = try cli.run(["backup", cli.path("copy.db")])
        #expect(taken.status == 65 && taken.stderr.contains("already exists"))
    }

    @Test("audit verify and check name the first altered event and exit 69")
    func tamperingCaught() throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        let intact = try cli.succeed(["audit", "verify"])
        let head = try cli.succeed(["audit", "head"]).split(separator: " ")
        #expect(intact == "verified: 14 events, 5 cases, head \(head[0])\n")
        #expect(head.count == 2 && head[0].count == 64 && head[1] == "14\n")

        let database = try Database(path: cli.path("cases.db"), mode: .readWrite)
        try database.execute("DROP TRIGGER case_events_no_update; UPDATE case_events SET actor = 'mallory' WHERE id = 7")
        let caseID = try #require(try database.prepare("SELECT case_id FROM case_events WHERE id = 7").queryFirst { try $0.int64(0) })
        let verify = try cli.run(["audit", "verify"])
        #expect(verify.status == 69)
        #expect(verify.stderr == "casetool: error: audit failed: event 7, case \(caseID): its content does not match its hash, or its "
            + "link to event 6 is broken: one of the two was altered after it was written\n")
        let json = try #require(try parseJSON(try cli.run(["audit", "verify", "--format", "json"]).stdout) as? [String: Any])
        #expect(json["intact"] as? Bool == false)
        #expect((json["problems"] as? [[String: Any]])?.first?["event_id"] as? Int == 7)
        let check = try cli.run(["check"])
        #expect(check.status == 69 && check.stdout.contains("audit         FAILED: event 7"))
        #expect(try cli.run(["audit", "verify", "--expect-head", "abc"]).status == 64)
    }

    @Test("a read-only file or folder: reads work, writes fail with one clear line",
          .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
                   "needs root to run casetool as another user"))
    func readOnly() throws {
        let cli = try CLIRunner()
        let binary = cli.folder.appending(path: "casetool")
        try FileManager.default.copyItem(at: CLIRunner.binary, to: binary)
        let nobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        let path = cli.path("cases.db")
        try cli.succeed(["seed"])
        let before = try cli.snapshot(path)
        // The test's own reads (as root) leave -wal and -shm files owned like the database; a fresh
        // layout has none, so remove them before each run.
        func removeSidecars() {
            for sidecar in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + sidecar) }
        }
        removeSidecars()
        let layouts: [(file: Int, folder: Int, owner: UInt32)] = [(0o644, 0o755, 0), (0o644, 0o777, 0), (0o600, 0o755, 65534)]
        for layout in layouts {
            try FileManager.default.setAttributes(
                [.posixPermissions: layout.file, .ownerAccountID: layout.owner], ofItemAtPath: path)
            try FileManager.default.setAttributes([.posixPermissions: layout.folder], ofItemAtPath: cli.folder.path)
            let list = try cli.run(["list", "--db", path, "--format", "csv"], binary: binary, prefix: nobody)
            #expect(list.status == 0, "\(layout): \(list.stderr)")
            #expect(list.stdout.split(separator: "\r\n").count == 6)
            let note = try cli.run(["note", "1", "hello", "--db", path], binary: binary, prefix: nobody)
            #expect(note.status == 77, "\(layout)")
            #expect(note.stderr == "casetool: error: \(path) is read-only: this command needs to write (check the file's and its folder's permissions)\n")
            removeSidecars()
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600, .ownerAccountID: 0], ofItemAtPath: path)
        #expect(try cli.snapshot(path) == before)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: cli.folder.path)
    }

    @Test("a disk that fills up mid-write gives a clear error and a sound database",
          .enabled(if: ProcessTests.canMountTmpfs, "needs permission to mount a small file system"))
    func fullDisk() throws {
        let cli = try CLIRunner()
        let disk = cli.folder.appending(path: "tiny")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        try #require(Self.mountTmpfs(at: disk.path, size: "1m"))
        defer { Self.unmount(disk.path) }
        let path = disk.appending(path: "cases.db").path
        try cli.succeed(["seed", "--db", path])
        let before = try cli.snapshot(path)
        let full = try cli.run(["generate", "--db", path, "--cases", "5000", "--batch-size", "5000"])
        #expect(full.status == 74)
        #expect(full.stderr.hasPrefix("casetool: error: database or disk is full: free space on the disk"))
        #expect(full.stderr.split(separator: "\n").count == 1)
        #expect(try cli.snapshot(path) == before)
        #expect(try cli.run(["check", "--db", path]).status == 0)
    }

    static func mountTmpfs(at path: String, size: String) -> Bool {
        run("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path])
    }

    static func unmount(_ path: String) {
        _ = run("/usr/bin/umount", [path])
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Whether this machine lets the tests mount a tmpfs (root outside a restrictive sandbox).
    static let canMountTmpfs: Bool = {
        guard getuid() == 0 else { return false }
        let probe = FileManager.default.temporaryDirectory.appending(path: "casetool-mount-probe-\(UUID().uuidString)").path
        guard (try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)) != nil else {
            return false
        }
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard mountTmpfs(at: probe, size: "64k") else { return false }
        unmount(probe)
        return true
    }()
}
