import Foundation
import Testing

@Suite("casetool users, tokens and audit security")
struct PeopleCLITests {
    @Test("people and tokens from the command line: passwords from stdin, a token printed once and never listed")
    func peopleAndTokens() throws {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        // Empty listings are a sentence for people, and an empty document for programs.
        let nobody = try cli.run(["users"])
        #expect(nobody.status == 0 && nobody.stdout.isEmpty && nobody.stderr.hasPrefix("no people yet"))
        #expect(try cli.succeed(["users", "--format", "json"]).trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        #expect(try cli.run(["audit", "security"]).stderr == "the security log has no entries yet\n")
        let password = cli.path("password.txt")
        try "correct horse battery\n".write(toFile: password, atomically: true, encoding: .utf8)
        let added = try cli.run(["users", "add", "dana", "--role", "admin", "--password-stdin", "--actor", "owner"], stdin: password)
        #expect(added.status == 0 && added.stdout.isEmpty && added.stderr == "added dana as admin\n")
        try cli.succeed(["users", "add", "lee", "--role", "moderator", "--no-password", "--actor", "owner"])
        let people = try #require(try parseJSON(try cli.succeed(["users", "--format", "json"])) as? [[String: Any]])
        #expect(people.map { $0["name"] as? String } == ["dana", "lee"])
        #expect(people.map { $0["password"] as? String } == ["set", "none"])

        let created = try cli.run(["tokens", "create", "--user", "lee", "--expires", "2w", "--label", "laptop", "--actor", "owner"])
        let secret = created.stdout.trimmingCharacters(in: .newlines)
        #expect(created.status == 0 && secret.hasPrefix("casetool_") && !created.stdout.dropLast().contains("\n"))
        #expect(created.stderr.contains("shown only now") && !created.stderr.contains(secret))
        let listed = try cli.succeed(["tokens", "--format", "json"])
        #expect(!listed.contains(secret) && !listed.contains(String(secret.dropFirst(9).prefix(12))))
        let tokens = try #require(try parseJSON(listed) as? [[String: Any]])
        #expect(tokens.count == 1 && tokens[0]["state"] as? String == "valid" && tokens[0]["label"] as? String == "laptop")
        try cli.succeed(["tokens", "revoke", "1", "--actor", "owner"])
        #expect(try cli.succeed(["tokens", "--format", "csv"]).contains(",revoked,"))

        // A token that cannot be shown is revoked again: nobody holds it.
        let lost = try cli.shell("casetool tokens create --user lee --actor owner > /dev/full")
        #expect(lost.status == 74 && lost.stderr.contains("token 2 was revoked again"), "\(lost.stderr)")
        #expect(try cli.succeed(["tokens", "--format", "csv"]).split(separator: "\n").filter { $0.contains(",valid,") }.isEmpty)
        try cli.succeed(["users", "disable", "lee", "--actor", "owner"])
        let disabled = try cli.run(["users", "disable", "LEE", "--actor", "owner"])
        #expect(disabled.stderr == "lee already was disabled\n")

        let log = try #require(try parseJSON(try cli.succeed(["audit", "security", "--format", "json"])) as? [[String: Any]])
        #expect(log.map { $0["kind"] as? String }
            == ["user_disabled", "token_revoked", "token_created", "token_revoked", "token_created", "user_added", "user_added"])
        #expect(log.allSatisfy { $0["actor"] as? String == "owner" && $0["channel"] as? String == "local" })
    }

    @Test("bad input to users and tokens: one line, a documented code, nothing written")
    func badInput() throws {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        try cli.succeed(["users", "add", "dana", "--role", "admin", "--no-password"])
        let short = cli.path("short.txt")
        try "too short\n".write(toFile: short, atomically: true, encoding: .utf8)
        let before = try cli.snapshot(cli.path("cases.db"))
        let cases: [([String], String?, Int32, String)] = [
            (["users", "add", "x", "--role", "viewer", "--password-stdin"], short, 65, "password: must be 12 to 72 bytes"),
            (["users", "add", "x", "--role", "viewer"], nil, 65, "--password-stdin"),
            (["users", "add", "x", "--role", "boss", "--no-password"], nil, 64, "'boss' is invalid"),
            (["users", "add", "DANA", "--role", "viewer", "--no-password"], nil, 65, "a person named dana already exists"),
            (["users", "add", "x\u{202E}y", "--role", "viewer", "--no-password"], nil, 65, "name:"),
            (["users", "role", "dana", "lead"], nil, 65, "only active admin"),
            (["users", "disable", "nobody"], nil, 66, "no person named nobody"),
            (["tokens", "create", "--user", "dana", "--expires", "400d"], nil, 65, "--expires: '400d'"),
            (["tokens", "create", "--user", "nobody"], nil, 66, "no person named nobody"),
            (["tokens", "revoke", "7"], nil, 66, "no token with id 7"),
            (["audit", "security", "--limit", "0"], nil, 64, "--limit"),
        ]
        for (arguments, stdin, status, message) in cases {
            let result = try cli.run(arguments, stdin: stdin)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
    }

    @Test("four eyes on the command line: the actioner's appeal decision is refused with exit 67")
    func fourEyes() throws {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        try cli.succeed(["policies", "add", "spam", "--name", "Spam"])
        let id = try cli.succeed(["new", "--platform", "X", "--handle", "bot", "--policy", "spam", "--decision", "content_removed",
                                  "--source", "automated", "--rationale", "Bulk posting", "--actor", "ana"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try cli.succeed(["status", id, "actioned", "--reason", "spam", "--actor", "ana"])
        try cli.succeed(["status", id, "appealed", "--actor", "holder"])
        let refused = try cli.run(["status", id, "upheld", "--actor", "Ana"])
        #expect(refused.status == 67)
        #expect(refused.stderr == "casetool: error: case \(id) was actioned by ana: its appeal must be decided (upheld) by someone else\n")
        try cli.succeed(["status", id, "upheld", "--actor", "ben"])
    }

    @Test("status --reason-template: the saved text, then --reason's, lands in the history; an unknown name exits 66")
    func reasonTemplates() throws {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        try cli.succeed(["policies", "add", "spam", "--name", "Spam"])
        try cli.succeed(["templates", "add", "bulk-links", "Bulk posting of identical links.", "--policy", "spam"])
        let id = try cli.succeed(["new", "--platform", "X", "--handle", "bot", "--policy", "spam", "--decision", "content_removed",
                                  "--source", "automated", "--rationale", "r"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let unknown = try cli.run(["status", id, "actioned", "--reason-template", "bulk"])
        #expect(unknown.status == 66)
        #expect(unknown.stderr == "casetool: error: no reason template 'bulk' for policy spam or for all policies; 'casetool templates' lists them\n")
        try cli.succeed(["status", id, "actioned", "--reason-template", "bulk-links", "--reason", "42 posts in an hour."])
        let history = try #require(try parseJSON(try cli.succeed(["history", id, "--format", "json"])) as? [[String: Any]])
        #expect(history.last?["reason"] as? String == "Bulk posting of identical links. 42 posts in an hour.")
        try cli.succeed(["status", id, "appealed"])
        let queue = try #require(try parseJSON(try cli.succeed(["queue", "--format", "json"])) as? [[String: Any]])
        #expect(queue.count == 1 && queue[0]["status"] as? String == "appealed" && queue[0]["case_id"] as? Int == Int(id))
        let closed = try cli.run(["queue", "--status", "reversed"])
        #expect(closed.status == 65 && closed.stderr.hasPrefix("casetool: error: --status: reversed cases wait for nobody"))
        // Several ids move together: all or none.
        let more = try (0..<3).map { _ in
            try cli.succeed(["new", "--platform", "X", "--handle", "bot", "--policy", "spam", "--decision", "content_removed",
                             "--source", "automated", "--rationale", "r"]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let refused = try cli.run(["status", (more + [id]).joined(separator: ","), "dismissed", "--reason", "wave"])
        #expect(refused.status == 67 && refused.stderr.contains("case \(id) is appealed"))
        #expect(try cli.succeed(["queue", "--status", "open", "--format", "csv"]).split(separator: "\r\n").count == 4)
        let moved = try cli.run(["status", more.joined(separator: ","), "dismissed", "--reason-template", "bulk-links"])
        #expect(moved.status == 0 && moved.stderr == "cases \(more.joined(separator: ", ")): now dismissed\n")
        let listed = try cli.succeed(["templates", "--format", "csv"])
        #expect(listed.contains("bulk-links,spam,Bulk posting of identical links.,"))
    }
}
