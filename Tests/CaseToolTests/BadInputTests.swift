import CaseStore
import Foundation
import SQLiteDatabase
import Testing

/// Each bad input gets one clear line on stderr, a documented exit code, and leaves the database as it was.
@Suite("casetool bad input")
struct BadInputTests {
    struct BadInput: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        let status: Int32
        let message: String
        var testDescription: String { name }
    }

    static let newCase = [
        "new", "--platform", "Instagram", "--handle", "someone", "--decision", "content_labelled", "--source", "automated",
        "--rationale", "r",
    ]

    static let inputs: [BadInput] = [
        BadInput(name: "unknown policy", arguments: newCase + ["--policy", "hate-speach"], status: 65,
                 message: "unknown policy 'hate-speach'; did you mean 'hate-speech'?"),
        BadInput(name: "negative follower count", arguments: newCase + ["--policy", "spam", "--followers", "-5"],
                 status: 65, message: "--followers: '-5' is negative"),
        BadInput(name: "non-numeric follower count", arguments: newCase + ["--policy", "spam", "--followers", "lots"],
                 status: 65, message: "--followers: 'lots' is not a whole number"),
        BadInput(name: "follower count no account can have",
                 arguments: newCase + ["--policy", "spam", "--followers", "9223372036854775000"], status: 65,
                 message: "--followers: '9223372036854775000' is more than any account has (the limit is 10000000000)"),
        BadInput(name: "a time that is 1969 in UTC", arguments: newCase + ["--policy", "spam", "--opened-at", "1970-01-01T00:00:00+01:00"],
                 status: 65, message: "--opened-at: '1970-01-01T00:00:00+01:00' is outside the years 1970–2100 (in UTC)"),
        BadInput(name: "a suspension that ends before it starts", arguments: [
            "new", "--platform", "X", "--handle", "h", "--decision", "account_suspended until 2024-01-01", "--source", "automated",
            "--rationale", "r", "--policy", "spam", "--opened-at", "2024-06-02",
        ], status: 65, message: "--decision: 'account_suspended until 2024-01-01T00:00:00Z' ends before it starts (2024-06-02T00:00:00Z)"),
        BadInput(name: "a suspension of 76 years, in the older --action form", arguments: [
            "new", "--platform", "X", "--handle", "h", "--action", "suspend", "--source", "automated", "--rationale", "r",
            "--policy", "spam", "--opened-at", "2024-06-02", "--ends-at", "2100-01-01",
        ], status: 65, message: "ends more than 10 years after it starts (2024-06-02T00:00:00Z); so long a restriction is permanent: give no end date"),
        BadInput(name: "a decision not in the vocabulary", arguments: [
            "new", "--platform", "X", "--handle", "h", "--decision", "shadowban", "--source", "automated", "--rationale", "r",
            "--policy", "spam",
        ], status: 65, message: "--decision: 'shadowban' is not one of: account_terminated, "),
        BadInput(name: "a country that is not a code", arguments: [
            "new", "--platform", "X", "--handle", "h", "--decision", "content_disabled in Germany", "--source", "automated",
            "--rationale", "r", "--policy", "spam",
        ], status: 65, message: "--decision: 'Germany' is not a country code; give ISO 3166-1 alpha-2 codes such as DE,FR"),
        BadInput(name: "the account and content at once", arguments: newCase + ["--policy", "spam", "--item-type", "account,video"],
                 status: 65, message: "--item-type: 'account' is the account itself: it cannot be combined with content types"),
        BadInput(name: "a platform longer than the limit", arguments: newCase.map { $0 == "Instagram" ? String(repeating: "p", count: 101) : $0 } + ["--policy", "spam"],
                 status: 65, message: "platform: is 101 characters long; the limit is 100"),
        BadInput(name: "a handle with a hidden character", arguments: newCase.map { $0 == "someone" ? "khamenei\u{200B}_ir" : $0 } + ["--policy", "spam"],
                 status: 65, message: "handle: contains the invisible character U+200B; remove it"),
        BadInput(name: "an actor with a direction override", arguments: ["note", "1", "n", "--actor", "eve\u{202E}"],
                 status: 65, message: "actor: contains the invisible character U+202E"),
        BadInput(name: "bad time", arguments: newCase + ["--policy", "spam", "--opened-at", "2024-02-30"],
                 status: 65, message: "--opened-at: '2024-02-30' is not an ISO 8601 date"),
        BadInput(name: "a removal with an end date", arguments: [
            "new", "--platform", "X", "--handle", "h", "--decision", "content_removed until 2030-01-01", "--source", "automated",
            "--rationale", "r", "--policy", "spam",
        ], status: 65, message: "--decision: 'content_removed' is permanent and has no end date; remove 'until …'"),
        BadInput(name: "no decision", arguments: [
            "new", "--platform", "X", "--handle", "h", "--source", "automated", "--rationale", "r", "--policy", "spam",
        ], status: 65, message: "--decision: is required: give at least one, e.g. --decision content_removed"),
        BadInput(name: "unknown case id", arguments: ["status", "99", "actioned", "--reason", "r"], status: 66,
                 message: "no case with id 99"),
        BadInput(name: "malformed case id", arguments: ["show", "12abc"], status: 65, message: "'12abc' is not a case id"),
        BadInput(name: "illegal transition", arguments: ["status", "1", "upheld"], status: 67,
                 message: "case 1 is open: it cannot become upheld; allowed next: escalated, actioned, dismissed"),
        BadInput(name: "missing reason", arguments: ["status", "1", "dismissed"], status: 67,
                 message: "case 1: moving to dismissed requires a reason (--reason)"),
        BadInput(name: "empty note", arguments: ["note", "1", "  "], status: 65, message: "note: must not be empty"),
        BadInput(name: "oversized rationale", arguments: [
            "new", "--platform", "X", "--handle", "h", "--decision", "content_labelled", "--source", "automated", "--policy", "spam",
            "--rationale", String(repeating: "x", count: 10_001),
        ], status: 65, message: "rationale: is 10001 characters long; the limit is 10000"),
        BadInput(name: "unknown account", arguments: ["account", "Instagram", "nobody"], status: 66,
                 message: "no account 'nobody' on Instagram"),
        BadInput(name: "bad enum value", arguments: ["list", "--status", "closed"], status: 64, message: "closed"),
        BadInput(name: "duplicate policy", arguments: ["policies", "add", "spam", "--name", "Spam"], status: 65,
                 message: "policy 'spam' already exists"),
    ]

    @Test("refused with a clear message and exit code, database unchanged", arguments: inputs)
    func refused(_ input: BadInput) throws {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        try cli.succeed(["policies", "add", "spam", "--name", "Spam"])
        try cli.succeed(["policies", "add", "hate-speech", "--name", "Hate Speech"])
        try cli.succeed(Self.newCase + ["--policy", "spam"])
        let before = try cli.snapshot(cli.path("cases.db"))

        let result = try cli.run(input.arguments)
        #expect(result.status == input.status, "\(result.stderr)")
        #expect(result.stderr.contains(input.message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        if input.status != 64 {
            #expect(result.stderr.hasPrefix("casetool: error: "))
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        }
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
    }

    @Test("a missing database is reported, not silently created")
    func missingDatabase() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["list", "--db", cli.path("nowhere/cases.db")])
        #expect(result.status == 66)
        #expect(result.stderr == "casetool: error: no database at \(cli.path("nowhere/cases.db")): run 'casetool init' to create one, or pass --db PATH\n")
        #expect(!FileManager.default.fileExists(atPath: cli.path("nowhere")))
    }

    @Test("a file that is not an SQLite database is refused and left untouched")
    func notADatabase() throws {
        let cli = try CLIRunner()
        let path = cli.path("notes.db")
        let content = Data(String(repeating: "meeting notes, not a database\n", count: 50).utf8)
        try content.write(to: URL(fileURLWithPath: path))
        for arguments in [["list"], ["init"], ["seed"]] {
            let result = try cli.run(arguments + ["--db", path])
            #expect(result.status == 68)
            #expect(result.stderr.contains("is not a casetool database"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == content)
    }

    @Test("a folder given as the database path is refused")
    func folderPath() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["init", "--db", cli.folder.path])
        #expect(result.status == 74)
        #expect(result.stderr.contains("it is a folder, not a database file"))
    }

    @Test("a path through a file, and an empty file, get clear errors")
    func unusablePaths() throws {
        let cli = try CLIRunner()
        try Data("x".utf8).write(to: URL(fileURLWithPath: cli.path("afile")))
        let through = try cli.run(["init", "--db", cli.path("afile/cases.db")])
        #expect(through.status == 74)
        #expect(through.stderr == "casetool: error: cannot open \(cli.path("afile/cases.db")): Not a directory\n")
        #expect(FileManager.default.createFile(atPath: cli.path("empty.db"), contents: nil))
        let empty = try cli.run(["list", "--db", cli.path("empty.db")])
        #expect(empty.status == 66)
        #expect(empty.stderr.contains("has no casetool data yet: run 'casetool init"))
        #expect(try cli.run(["init", "--db", cli.path("empty.db")]).status == 0)
    }

    @Test("a database from a newer casetool is refused and left as it was")
    func newerDatabase() throws {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        let database = try Database(path: cli.path("cases.db"), mode: .readWrite)
        try database.execute(
            "INSERT INTO casetool_migrations (version, name, checksum, applied_at) VALUES (99, 'future', 'x', 'y')")
        let before = try cli.snapshot(cli.path("cases.db"))
        for arguments in [["list"], ["init"], Self.newCase + ["--policy", "spam"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 68)
            #expect(result.stderr.contains("written by a newer casetool (unknown migrations: 0099_future.sql)"))
        }
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
    }

    @Test("a bad seed folder names the file and loads nothing")
    func badSeedFolder() throws {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        let seeds = cli.folder.appending(path: "seeds")
        try FileManager.default.createDirectory(at: seeds, withIntermediateDirectories: true)
        try Data(#"{"policies": [{"code": "ok-one", "name": "OK"}, {"code": "Bad Code", "name": "x"}]}"#.utf8)
            .write(to: seeds.appending(path: "p.json"))
        let before = try cli.snapshot(cli.path("cases.db"))
        let result = try cli.run(["seed", "--dir", seeds.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("seeds/p.json: policies[1]: code: 'bad code' must be"))
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
    }

    @Test("seed files are read whole, so a FIFO or an oversized file is refused before reading")
    func unreadableSeeds() throws {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        for (name, make, message) in [
            ("fifo", { (path: String) in _ = mkfifo(path, 0o600) }, "is not a regular file"),
            ("huge", { (path: String) in _ = FileManager.default.createFile(atPath: path, contents: nil); _ = truncate(path, 17 << 20) },
             "is 17825792 bytes; seed files hold at most 16777216"),
        ] as [(String, (String) -> Void, String)] {
            let folder = cli.folder.appending(path: name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            make(folder.appending(path: "p.json").path)
            let result = try cli.run(["seed", "--dir", folder.path])
            #expect(result.status == 65, "\(result.stderr)")
            #expect(result.stderr.contains("p.json: \(message)"), "\(result.stderr)")
        }
    }

    @Test("an argument that is not UTF-8 is refused with the option's name, not stored altered")
    func invalidUTF8Argument() throws {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        try cli.succeed(["policies", "add", "spam", "--name", "Spam"])
        let before = try cli.snapshot(cli.path("cases.db"))
        // Process takes Swift strings, which are always UTF-8: a shell puts the raw byte in.
        for spelling in [#"--handle "$(printf 'a\377')""#, #"--handle="$(printf 'a\377')""#] {
            let script = "exec \"$0\" new --platform X \(spelling) --policy spam --action label --source automated --rationale r"
            let result = try cli.run([], prefix: ["/bin/sh", "-c", script])
            #expect(result.status == 65, "\(result.stderr)")
            #expect(result.stderr == "casetool: error: --handle: is not valid UTF-8 text\n")
        }
        for variable in ["CASETOOL_ACTOR", "CASETOOL_DB"] {
            let script = "\(variable)=\"$(printf 'x\\377')\" exec \"$0\" note 1 hi"
            let result = try cli.run([], prefix: ["/bin/sh", "-c", script])
            #expect(result.status == 65, "\(result.stderr)")
            #expect(result.stderr == "casetool: error: $\(variable): is not valid UTF-8 text\n")
        }
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
    }
}
