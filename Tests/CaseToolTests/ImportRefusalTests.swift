import CaseStore
import Foundation
import Testing

/// Files that a lenient reader would half-accept are refused whole, with the line and column at fault,
/// and nothing is written.
@Suite("casetool import: refused files")
struct ImportRefusalTests {
    struct BadFile: CustomTestStringConvertible, Sendable {
        let name: String
        let file: String
        let content: String
        /// What stderr's first line says after "casetool: error: FILE:".
        let message: String
        /// A problem with one row: --skip-invalid then imports the rest and writes this row to --rejects.
        var rowLevel = false
        var testDescription: String { name }
    }

    static let header = "external_id,platform,handle,policy,action,source,rationale,opened_at,evidence"
    static let row = "e1,Instagram,someone,spam,label,automated,r,2024-01-01T00:00:00Z,"
    static let jsonRow = #"{"platform":"X","handle":"h","policy":"spam","action":"label","source":"automated","rationale":"r","opened_at":"2024-01-01"}"#

    static let files: [BadFile] = [
        BadFile(name: "a column twice in the header", file: "twice.csv",
                content: "platform,handle,policy,action,source,rationale,rationale,opened_at\r\n",
                message: "1: rationale: appears twice in the header; give each column once"),
        BadFile(name: "a key twice in a JSON object", file: "twice.jsonl",
                content: #"{"platform":"X","handle":"h","policy":"spam","action":"label","source":"automated","rationale":"r","opened_at":"2024-01-01","Platform":"Y"}"# + "\n",
                message: "1: platform: appears twice in the object; give each key once"),
        BadFile(name: "a byte-order mark on a later CSV line", file: "joined.csv",
                content: "\u{FEFF}\(header)\r\n\(row)\r\n\u{FEFF}e2,Instagram,someone,spam,label,automated,r,2024-01-01,\r\n",
                message: "3: a byte-order mark (U+FEFF) starts this line; only a file's first line may have one (were files joined?)"),
        BadFile(name: "a byte-order mark on a later JSON line", file: "joined.jsonl",
                content: "\(jsonRow)\n\u{FEFF}\(jsonRow)\n",
                message: "2: a byte-order mark (U+FEFF) starts this line; only a file's first line may have one (were files joined?)"),
        BadFile(name: "evidence that is not a JSON array", file: "evidence.csv",
                content: "\(header)\r\ne1,Instagram,someone,spam,label,automated,r,2024-01-01,https://a.example/x\r\n",
                message: #"2: evidence: must be a JSON array of strings, e.g. ["https://example.org/archived"]"#, rowLevel: true),
        BadFile(name: "a header-only file with an unknown column", file: "header.csv",
                content: "platform,handle,policy,action,source,rationale,opened_at,bogus\r\n",
                message: "1: bogus: unknown column"),
        BadFile(name: "a header-only file missing a required column", file: "header2.csv",
                content: "platform,handle,policy,action,source,opened_at\r\n",
                message: "1: rationale: required column is missing"),
        BadFile(name: "a handle with a zero-width space", file: "invisible.csv",
                content: "\(header)\r\ne1,Instagram,khamenei\u{200B}_ir,spam,label,automated,r,2024-01-01,\r\n",
                message: "2: handle: contains the invisible character U+200B; remove it (identifiers must print as they are)", rowLevel: true),
        BadFile(name: "an external id hiding a byte-order mark", file: "bom-id.csv",
                content: "platform,handle,policy,action,source,rationale,opened_at,external_id\r\nX,h,spam,label,automated,r,2024-01-01,\u{FEFF}e9\r\n",
                message: "2: external_id: contains the invisible character U+FEFF; remove it (identifiers must print as they are)", rowLevel: true),
        BadFile(name: "a follower count no account has", file: "followers.jsonl",
                content: #"{"platform":"X","handle":"h","policy":"spam","action":"label","source":"automated","rationale":"r","opened_at":"2024-01-01","followers":9223372036854775807}"# + "\n",
                message: "1: followers: '9223372036854775807' is more than any account has (the limit is 10000000000)", rowLevel: true),
        BadFile(name: "a fraction where a whole number belongs", file: "fraction.jsonl",
                content: #"{"platform":"X","handle":"h","policy":"spam","action":"label","source":"automated","rationale":"r","opened_at":"2024-01-01","followers":1.5}"# + "\n",
                message: "1: followers: 1.5 is not a whole number"),
        BadFile(name: "a number with a minus inside", file: "minus.jsonl",
                content: #"{"platform":"X","followers":12-3}"# + "\n",
                message: #"1: not valid JSON: ',' or '}' expected after the value of "followers""#),
        BadFile(name: "a lone surrogate", file: "surrogate.jsonl",
                content: #"{"platform":"X","handle":"h\ud800","policy":"spam"}"# + "\n",
                message: #"1: handle: holds a lone surrogate \ud800, which is not text"#),
        BadFile(name: "a CSV record longer than the limit", file: "long.csv",
                content: "\(header)\r\n\(row)\r\ne2,X,h,spam,label,automated,\"\(String(repeating: "x", count: FieldRules.maxRecordBytes))\",2024-01-01,\r\n",
                message: "3: record longer than \(FieldRules.maxRecordBytes) bytes"),
        BadFile(name: "a JSON line longer than the limit", file: "long.jsonl",
                content: "\(jsonRow)\n" + String(repeating: " ", count: FieldRules.maxRecordBytes + 1) + "\n",
                message: "2: record longer than \(FieldRules.maxRecordBytes) bytes"),
    ]

    @Test("refused with FILE:LINE: column: problem, exit 65, nothing written", arguments: files)
    func refused(_ bad: BadFile) throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        let before = try cli.snapshot(cli.path("cases.db"))
        try Data(bad.content.utf8).write(to: URL(fileURLWithPath: cli.path(bad.file)))
        let result = try cli.run(["import", bad.file])
        #expect(result.status == 65, "\(result.stderr)")
        let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("casetool: error: \(bad.file):\(bad.message)"), "\(result.stderr)")
        #expect(try cli.snapshot(cli.path("cases.db")) == before)

        // Skipping bad rows: a bad row goes to the rejects with its error; a bad file is still refused.
        let skipping = try cli.run(["import", bad.file, "--skip-invalid", "--rejects", "rejects.out"])
        if bad.rowLevel {
            #expect(skipping.status == 0, "\(skipping.stderr)")
            #expect(try String(contentsOfFile: cli.path("rejects.out"), encoding: .utf8)
                .contains(bad.message.drop { $0 != " " }.dropFirst().prefix(40)))
        } else {
            #expect(skipping.status == 65, "\(skipping.stderr)")
            #expect(skipping.stderr.hasPrefix("casetool: error: \(bad.file):\(bad.message)"), "\(skipping.stderr)")
            #expect(!FileManager.default.fileExists(atPath: cli.path("rejects.out")))
        }
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
    }

    @Test("generate and import create a new database; import into one without policies says which command fixes it")
    func newDatabases() throws {
        let cli = try CLIRunner()
        let generated = try cli.run(["generate", "--db", "load.db", "--cases", "20"])
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stderr.hasPrefix("load.db: no policies yet; loaded the policy catalog (15 policies)\n"))
        try Data(try cli.succeed(["export", "--db", "load.db"]).utf8).write(to: URL(fileURLWithPath: cli.path("all.csv")))
        let empty = try cli.run(["import", "all.csv", "--db", "other.db"])
        #expect(empty.status == 65)
        #expect(empty.stderr == "casetool: error: other.db has no policies yet, so no case can be imported: "
            + "'casetool seed --db other.db' loads the catalog ('casetool policies add' adds one)\n")
        try cli.succeed(["seed", "--db", "other.db"])
        let imported = try cli.run(["import", "all.csv", "--db", "other.db"])
        #expect(imported.status == 0 && imported.stderr.hasPrefix("imported 20,"), "\(imported.stderr)")
        #expect(try cli.run(["import", "all.csv", "--db", "dry.db", "--dry-run"]).status == 66)
        #expect(!FileManager.default.fileExists(atPath: cli.path("dry.db")))
    }

    @Test("a JSON Lines file or a DSA dump imported without --format gets the --format to add, and nothing is written")
    func formatHints() throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        let before = try cli.snapshot(cli.path("cases.db"))
        try cli.succeed(["export", "--format", "jsonl"]).write(toFile: cli.path("cases.txt"), atomically: true, encoding: .utf8)
        let jsonl = try cli.run(["import", "cases.txt"])
        #expect(jsonl.status == 65 && jsonl.stderr == "casetool: error: cases.txt: the file is JSON Lines (it starts with '{'); add --format jsonl\n")
        let dump = DSACLITests.fixture
        try dump.write(toFile: cli.path("sor.csv"), atomically: true, encoding: .utf8)
        let dsa = try cli.run(["import", "sor.csv"])
        #expect(dsa.status == 65 && dsa.stderr.hasSuffix("add --format dsa-sor\n"), "\(dsa.stderr)")
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
        // With the --format it names, both import.
        #expect(try cli.run(["import", "cases.txt", "--format", "jsonl", "--dry-run"]).status == 0)
        #expect(try cli.run(["import", "sor.csv", "--format", "dsa-sor"]).status == 0)
        // The hint reads only what the import reads, so a pipe loses nothing: a FIFO imports whole.
        try cli.succeed(["export"]).write(toFile: cli.path("cases.csv"), atomically: true, encoding: .utf8)
        let piped = try cli.shell("mkfifo pipe && (cat cases.csv > pipe &) && casetool import pipe --dry-run")
        #expect(piped.status == 0 && piped.stderr.contains("8 rows"), "\(piped.stderr)")
        let stdin = try cli.shell("casetool import - --dry-run < cases.txt")
        #expect(stdin.status == 65 && stdin.stderr.hasSuffix("add --format jsonl\n"), "\(stdin.stderr)")
    }

    @Test("an endless input without line breaks is refused in bounded memory", arguments: ["csv", "jsonl"])
    func endlessInput(format: String) throws {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        let result = try cli.run(["import", "/dev/zero", "--format", format])
        #expect(result.status == 65)
        #expect(result.stderr == "casetool: error: /dev/zero:1: record longer than \(FieldRules.maxRecordBytes) bytes\n")
    }
}
