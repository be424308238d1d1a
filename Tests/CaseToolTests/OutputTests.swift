import Foundation
import Testing

@Suite("casetool output and configuration")
struct OutputTests {
    static let hostile = "He said \"no\", then: '); DROP TABLE cases;-- \u{1B}[31mred\u{1B}[0m 🧕🏽 \u{200F}مرحبا e\u{301}\nline two"

    @Test("stored text comes back byte for byte in JSON and CSV, and neutralised in tables")
    func hostileText() throws {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        try cli.succeed(["policies", "add", "spam", "--name", "Spam"])
        let id = try cli.succeed([
            "new", "--platform", "X", "--handle", "h", "--policy", "spam", "--action", "label", "--source", "automated",
            "--rationale", Self.hostile,
        ]).trimmingCharacters(in: .whitespacesAndNewlines)
        let json = try #require(try parseJSON(try cli.succeed(["show", id, "--format", "json"])) as? [String: Any])
        #expect(json["rationale"] as? String == Self.hostile)

        try cli.succeed(["note", id, Self.hostile])
        let csv = try cli.succeed(["history", id, "--format", "csv", "--no-spreadsheet-safe"])
        let quoted = "\"" + Self.hostile.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        #expect(csv.contains("," + quoted + ","))

        let shown = try cli.succeed(["show", id])
        #expect(!shown.contains("\u{1B}"))
        #expect(shown.contains("\\u{1b}[31mred"))
        #expect(shown.contains("🧕🏽 \u{200F}مرحبا e\u{301}"))
        let table = try cli.succeed(["history", id])
        #expect(!table.contains("\u{1B}"))
        // The CSV meant for spreadsheets shows the escape visibly too.
        #expect(try cli.succeed(["history", id, "--format", "csv"]).contains("\\u{1b}[31mred"))
    }

    @Test("ids print as they are typed back: never grouped in thousands")
    func idsUngrouped() throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        try cli.succeed(["generate", "--cases", "1000", "--seed", "2"])
        for command in [["list", "--all"], ["history", "1005"], ["list", "--all", "--format", "markdown"]] {
            let output = try cli.succeed(command)
            #expect(output.contains("1005"), "\(command)")
            #expect(!output.contains("1,005"), "\(command): \(output.prefix(400))")
        }
        #expect(try cli.succeed(["show", "1005"]).contains("1005"))
    }

    @Test("new prints only the id on stdout; messages go to stderr")
    func streams() throws {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        try cli.succeed(["policies", "add", "spam", "--name", "Spam"])
        let result = try cli.run([
            "new", "--platform", "X", "--handle", "h", "--policy", "spam", "--action", "label", "--source", "automated",
            "--rationale", "r",
        ])
        #expect(result.status == 0 && result.stdout == "1\n" && result.stderr.isEmpty)
        let moved = try cli.run(["status", "1", "escalated"])
        #expect(moved.stdout.isEmpty && moved.stderr == "case 1: now escalated\n")
    }

    @Test("the database comes from --db, else CASETOOL_DB, else ./cases.db; the actor likewise")
    func configuration() throws {
        let cli = try CLIRunner()
        cli.environment["CASETOOL_DB"] = cli.path("from-env.db")
        try cli.succeed(["init"])
        #expect(FileManager.default.fileExists(atPath: cli.path("from-env.db")))
        try cli.succeed(["init", "--db", cli.path("from-flag.db")])
        #expect(FileManager.default.fileExists(atPath: cli.path("from-flag.db")))
        cli.environment["CASETOOL_DB"] = nil
        try cli.succeed(["init"])
        #expect(FileManager.default.fileExists(atPath: cli.path("cases.db")))

        try cli.succeed(["policies", "add", "spam", "--name", "Spam"])
        let base = ["new", "--platform", "X", "--policy", "spam", "--action", "label", "--source", "automated", "--rationale", "r"]
        try cli.succeed(base + ["--handle", "one"])
        try cli.succeed(base + ["--handle", "two", "--actor", "flag-actor"])
        let events = try cli.succeed(["history", "--format", "csv"])
        #expect(events.contains(",tester,"))
        #expect(events.contains(",flag-actor,"))
    }

    @Test("the binary works when copied anywhere: migrations and seeds are inside it")
    func copiedBinary() throws {
        let cli = try CLIRunner()
        let copy = cli.folder.appending(path: "elsewhere/casetool")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLIRunner.binary, to: copy)
        let seeded = try cli.run(["seed", "--db", cli.path("copied.db")], binary: copy)
        #expect(seeded.status == 0, "\(seeded.stderr)")
        #expect(seeded.stderr.contains("policies 15 added"))
        let report = try cli.run(["report", "--db", cli.path("copied.db"), "--format", "json"], binary: copy)
        #expect(report.status == 0 && report.stdout.contains("dangerous-organizations"))
    }

    @Test("every format of a listing parses back", arguments: ["table", "json", "csv", "markdown"])
    func formats(format: String) throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        let output = try cli.succeed(["list", "--format", format])
        switch format {
        case "json": #expect((try parseJSON(output) as? [Any])?.count == 5)
        case "csv": #expect(output.split(separator: "\r\n").count == 6)
        case "markdown": #expect(output.split(separator: "\n").count == 7 && output.hasPrefix("| ID |"))
        default: #expect(output.split(separator: "\n").count == 7 && output.hasPrefix("ID"))
        }
    }

    @Test("--help works on every command")
    func help() throws {
        let cli = try CLIRunner()
        for command in ["", "init", "seed", "new", "show", "list", "status", "note", "evidence", "history", "account",
                        "report", "policies", "policies add", "workflow"] {
            let arguments = command.split(separator: " ").map(String.init) + ["--help"]
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(command) --help")
            #expect(result.stdout.contains("USAGE"), "\(command) --help")
        }
        #expect(try cli.run(["--help"]).stdout.contains("67  refused by the workflow"))
    }
}
