import CaseStore
import Foundation
import SQLiteDatabase
import Testing

@Suite("casetool import and export")
struct ImportExportCLITests {
    /// A database with seeds, synthetic cases in every status, and hostile text in notes and evidence.
    static func populated() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        try cli.succeed(["generate", "--cases", "200", "--seed", "3"])
        let id = try cli.succeed([
            "new", "--platform", "Forum", "--handle", "ünïcode 🧕", "--policy", "spam", "--action", "suspend",
            "--ends-at", "2030-01-01", "--source", "trusted_flagger", "--rationale", "He said \"no\"; '); DROP TABLE cases;--",
            "--evidence", "https://example.org/a?b=1,2 \"quoted\"", "--evidence", "second",
        ]).trimmingCharacters(in: .whitespacesAndNewlines)
        try cli.succeed(["status", id, "escalated", "--reason", "line one\r\nline two, with comma"])
        return cli
    }

    /// A database with only the policy catalog, as the target of an import.
    static func emptyWithPolicies(_ cli: CLIRunner, name: String) throws -> String {
        let seeds = cli.folder.appending(path: "policies-only")
        if !FileManager.default.fileExists(atPath: seeds.path) {
            try FileManager.default.createDirectory(at: seeds, withIntermediateDirectories: true)
            let policies = try #require(SeedSet.embedded.files.first { $0.name == "policies.json" })
            try Data(policies.text.utf8).write(to: seeds.appending(path: "policies.json"))
        }
        try cli.succeed(["seed", "--db", cli.path(name), "--dir", seeds.path])
        return cli.path(name)
    }

    @Test("export, import into an empty database, export again: the same bytes", arguments: ["csv", "jsonl"])
    func roundTrip(format: String) throws {
        let cli = try Self.populated()
        let first = try cli.succeed(["export", "--format", format])
        let file = cli.path("export.\(format)")
        try Data(first.utf8).write(to: URL(fileURLWithPath: file))
        let target = try Self.emptyWithPolicies(cli, name: "copy.db")
        let imported = try cli.run(["import", file, "--db", target])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.hasPrefix("imported 206, skipped 0 already present, rejected 0 (206 rows,"))
        #expect(try cli.succeed(["export", "--format", format, "--db", target]) == first)
        #expect(try cli.run(["audit", "verify", "--db", target]).status == 0)
        #expect(try cli.succeed(["report", "--format", "csv", "--db", target]) == cli.succeed(["report", "--format", "csv"]))
        let again = try cli.run(["import", file, "--db", target])
        // The one case without an external id cannot be recognised, so it is imported again.
        #expect(again.stderr.hasPrefix("imported 1, skipped 205 already present"))
    }

    @Test("standard input, filters on export")
    func stdinAndFilters() throws {
        let cli = try Self.populated()
        let spam = try cli.succeed(["export", "--policy", "spam", "--format", "jsonl"])
        #expect(!spam.isEmpty && spam.split(separator: "\n").allSatisfy { $0.contains("\"policy\":\"spam\"") })
        try Data(spam.utf8).write(to: URL(fileURLWithPath: cli.path("spam.jsonl")))
        let target = try Self.emptyWithPolicies(cli, name: "spam.db")
        let result = try cli.run(["import", "-", "--format", "jsonl", "--db", target], stdin: cli.path("spam.jsonl"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try cli.succeed(["export", "--db", target, "--format", "jsonl"]) == spam)
    }

    @Test("a bad file: located errors, exit 65, nothing written; --skip-invalid writes the rejects")
    func badFile() throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        let file = cli.path("bad.csv")
        try Data("""
            platform,handle,policy,action,source,rationale,opened_at,followers
            X,ok,spam,label,automated,fine,2024-01-01,1
            X,neg,spam,label,automated,r,2024-01-01,-3
            X,typo,spma,label,automated,r,2024-01-01,1
            X,"a, b",spam,ban,automated,r,2024-01-01,1

            """.utf8).write(to: URL(fileURLWithPath: file))
        let before = try cli.snapshot(cli.path("cases.db"))
        let refused = try cli.run(["import", file])
        #expect(refused.status == 65)
        #expect(refused.stderr == """
            casetool: error: \(file):3: followers: '-3' is negative; a follower count is 0 or more
            casetool: error: \(file):4: policy: unknown policy 'spma'; did you mean 'spam'?
            casetool: error: \(file):5: action: 'ban' is not one of: remove_content, restrict_visibility, label, geoblock, suspend, disable_account
            nothing imported: 3 bad rows; fix them, or use --skip-invalid --rejects PATH

            """)
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
        let dry = try cli.run(["import", file, "--dry-run", "--skip-invalid", "--rejects", cli.path("dry.csv")])
        #expect(dry.status == 0 && dry.stderr.hasPrefix("dry run, no cases written: would import 1, skipped 0 already present, rejected 3"))
        #expect(try cli.snapshot(cli.path("cases.db")) == before)

        let skipped = try cli.run(["import", file, "--skip-invalid", "--rejects", cli.path("rejects.csv")])
        #expect(skipped.status == 0)
        #expect(skipped.stderr.hasPrefix("imported 1, skipped 0 already present, rejected 3 (4 rows,"))
        let rejects = try String(contentsOfFile: cli.path("rejects.csv"), encoding: .utf8)
        let lines = rejects.split(separator: "\r\n")
        #expect(lines.count == 4)
        #expect(lines[0] == "platform,handle,policy,action,source,rationale,opened_at,followers,error")
        #expect(lines[3].hasPrefix("X,\"a, b\",spam,ban,automated,r,2024-01-01,1,\"\(file):5: action: 'ban' is not one of"))
        #expect(try cli.run(["import", file, "--skip-invalid"]).status == 64)
    }

    @Test("an import killed mid-way leaves whole batches only, and running it again completes it")
    func killedImport() throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        try cli.succeed(["seed", "--db", cli.path("source.db")])
        try cli.succeed(["generate", "--db", cli.path("source.db"), "--cases", "30000", "--batch-size", "5000", "--seed", "9"])
        let export = try cli.succeed(["export", "--db", cli.path("source.db")])
        try Data(export.utf8).write(to: URL(fileURLWithPath: cli.path("big.csv")))

        let importer = try cli.launch(["import", cli.path("big.csv"), "--skip-invalid", "--rejects", cli.path("r.csv"), "--batch-size", "1000"])
        let deadline = Date().addingTimeInterval(60)
        while try importedCount(cli) < 995 && Date() < deadline { usleep(10_000) }
        kill(importer.pid, SIGKILL)
        #expect(try importer.wait().status == SIGKILL)
        // Batches count rows; the file's first 5 rows are the seed cases, skipped as already present.
        let landed = try importedCount(cli)
        #expect((landed + 5) % 1_000 == 0 && landed >= 995 && landed < 30_000, "\(landed)")
        #expect(try cli.run(["check"]).status == 0)

        let rerun = try cli.run(["import", cli.path("big.csv")])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.hasPrefix("imported \(30_000 - landed), skipped \(landed + 5) already present"))
        #expect(try importedCount(cli) == 30_000)
        #expect(try cli.run(["check"]).status == 0)
    }

    private func importedCount(_ cli: CLIRunner) throws -> Int {
        let database = try Database(path: cli.path("cases.db"), mode: .readOnly)
        return Int(try database.prepare("SELECT count(*) FROM cases WHERE external_id LIKE 'synthetic-%'")
            .queryFirst { try $0.int64(0) } ?? 0)
    }
}

@Suite("casetool import: unusable input")
struct ImportInputTests {
    @Test("a missing file, a folder, and JSON of the wrong shape get clear errors")
    func unusableInput() throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        let missing = try cli.run(["import", cli.path("missing.csv")])
        #expect(missing.status == 66 && missing.stderr == "casetool: error: no file at \(cli.path("missing.csv"))\n")
        let folder = try cli.run(["import", cli.folder.path])
        #expect(folder.status == 65 && folder.stderr.contains("is a folder, not a file"))
        try Data("{\"platform\": true}\n[1]\n".utf8).write(to: URL(fileURLWithPath: cli.path("odd.jsonl")))
        let odd = try cli.run(["import", cli.path("odd.jsonl")])
        #expect(odd.status == 65)
        #expect(odd.stderr.hasPrefix("casetool: error: \(cli.path("odd.jsonl")):1: platform: must be text, a whole number, null or a list of text, not true/false"))
    }
}
