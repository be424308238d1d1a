import Foundation
import HummingbirdOTP
import SQLiteDatabase
import Testing

/// The command line as the team server's client: `casetool login`, then the same commands with
/// `--server` (or $CASETOOL_SERVER), run by several people against a real server.
@Suite("casetool --server")
struct ClientTests {
    /// Runs the command line as `person`: their own config folder (so their own kept token), the server set.
    static func run(_ cli: CLIRunner, as person: String, _ arguments: [String], server: URL?, stdin: String? = nil) throws -> CLIRunner.Result {
        let saved = cli.environment
        defer { cli.environment = saved }
        cli.environment["XDG_CONFIG_HOME"] = cli.path("config-\(person)")
        cli.environment["CASETOOL_SERVER"] = server?.absoluteString
        return try cli.run(arguments, stdin: stdin)
    }

    @Test("two people through the command line: a moderator actions, their appeal decision is refused, a lead decides it")
    func fourEyesFromTheCommandLine() async throws {
        let team = try ServerTests.Team(people: [("lead", "lead"), ("viewer", "viewer")])
        let cli = team.cli
        try "correct horse battery\n".write(toFile: cli.path("password"), atomically: true, encoding: .utf8)
        #expect(try cli.run(["users", "add", "mo", "--role", "moderator", "--password-stdin"], stdin: cli.path("password")).status == 0)
        let server = try ServerUnderTest(cli)
        let url = server.base

        // Sign-in by password; by a token made on the file's machine.
        let signedIn = try Self.run(cli, as: "mo", ["login", url.absoluteString, "--name", "mo", "--password-stdin"], server: nil, stdin: cli.path("password"))
        #expect(signedIn.status == 0 && signedIn.stderr.hasPrefix("casetool: signed in to \(url.absoluteString) as mo (moderator) until "), "\(signedIn.stderr)")
        let kept = cli.path("config-mo/casetool/tokens.json")
        let attributes = try FileManager.default.attributesOfItem(atPath: kept)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: cli.path("config-mo/casetool"))[.posixPermissions] as? Int) == 0o700)
        for person in ["lead", "viewer"] {
            try "\(try team.token(person))\n".write(toFile: cli.path("token-\(person)"), atomically: true, encoding: .utf8)
            let login = try Self.run(cli, as: person, ["login", url.absoluteString, "--token-stdin"], server: nil, stdin: cli.path("token-\(person)"))
            #expect(login.status == 0, "\(login.stderr)")
        }

        let logged = try await server.request("POST", "/api/v1/cases", token: try team.token("lead"), body: try ServerTests.newCase(handle: "cli_case"))
        let id = try (logged.json["id"] as? Int).orThrow("no id: \(logged.text)")

        // The moderator claims and actions it, with the command line's own output.
        let claimed = try Self.run(cli, as: "mo", ["claim", "\(id)", "--for", "30m"], server: url)
        #expect(claimed.status == 0 && claimed.stdout == "\(id)\n" && claimed.stderr.hasPrefix("case \(id): claimed by mo until "), "\(claimed.stderr)")
        // The queue through the server is the file's queue (but for the seconds waited, which run on).
        func queue(_ result: CLIRunner.Result) throws -> [[String: String]] {
            try #require(try parseJSON(result.stdout) as? [[String: Any]]).map { row in
                row.filter { $0.key != "waiting_seconds" }.mapValues { "\($0)" }
            }
        }
        for filters in [[], ["--account", "cli_case"], ["--status", "open", "--limit", "1"]] {
            let remote = try Self.run(cli, as: "viewer", ["queue", "--format", "json"] + filters, server: url)
            let local = try cli.run(["queue", "--format", "json"] + filters)
            #expect(remote.status == 0 && remote.stderr == local.stderr, "\(filters): \(remote.stderr)")
            #expect(try queue(remote) == queue(local), "\(filters)")
        }
        #expect(try queue(try Self.run(cli, as: "viewer", ["queue", "--format", "json", "--account", "cli_case"], server: url)).first?["held_by"] == "mo")
        let actioned = try Self.run(cli, as: "mo", ["status", "\(id)", "actioned", "--reason", "praise of a designated group"], server: url)
        // Then what it did to the account's standing: the seeded rule of dangerous-organizations.
        #expect(actioned.status == 0 && actioned.stderr.hasPrefix("case \(id): now actioned\ncase \(id): @cli_case on Instagram now has 1 active strike"),
                "\(actioned.stderr)")
        #expect(try Self.run(cli, as: "lead", ["status", "\(id)", "appealed", "--reason", "the user appealed"], server: url).status == 0)
        let byModerator = try Self.run(cli, as: "mo", ["status", "\(id)", "upheld", "--reason", "stands"], server: url)
        #expect(byModerator.status == 72 && byModerator.stderr.hasPrefix("casetool: error: mo may not "), "\(byModerator.stderr)")
        let byLead = try Self.run(cli, as: "lead", ["status", "\(id)", "upheld", "--reason", "stands"], server: url)
        #expect(byLead.status == 0 && byLead.stderr == "case \(id): now upheld\n", "\(byLead.stderr)")
        #expect(try Self.run(cli, as: "viewer", ["note", "\(id)", "seen"], server: url).status == 72)
        #expect(try Self.run(cli, as: "lead", ["note", "\(id)", "<b>decided</b> \u{202E}"], server: url).status == 0)

        // A case logged through the server is the moderator's; a bad option is named as on the file.
        let newCase = ["new", "--platform", "X", "--handle", "=remote", "--policy", "spam", "--decision", "content_removed",
                       "--source", "user_report", "--rationale", "<i>bulk</i> posting", "--opened-at", "2026-11-30T11:00:00Z",
                       "--evidence", "https://x.example/1"]
        let loggedRemotely = try Self.run(cli, as: "mo", newCase, server: url)
        let remoteID = try #require(Int64(loggedRemotely.stdout.trimmingCharacters(in: .newlines)), "\(loggedRemotely.stderr)")
        let remoteHistory = try #require(try parseJSON(try cli.succeed(["history", "\(remoteID)", "--format", "json"])) as? [[String: Any]])
        #expect(remoteHistory.map { "\($0["actor"] ?? "")/\($0["channel"] ?? "")" } == ["mo/server"])
        #expect(try cli.succeed(["export", "--account", "=remote", "--format", "jsonl"]).contains(#""rationale":"<i>bulk</i> posting""#))
        // Opened now unless told otherwise, as on the file.
        let now = try Self.run(cli, as: "mo", newCase.filter { !["--opened-at", "2026-11-30T11:00:00Z"].contains($0) } + ["--external-id", "now-1"], server: url)
        #expect(now.status == 0, "\(now.stderr)")
        let repeated = newCase + ["--external-id", "now-1"]
        let repeatedRemotely = try Self.run(cli, as: "mo", repeated, server: url), repeatedLocally = try cli.run(repeated)
        #expect(repeatedRemotely.status == 65 && repeatedRemotely.stderr == repeatedLocally.stderr, "\(repeatedRemotely.stderr) / \(repeatedLocally.stderr)")
        #expect(repeatedLocally.stderr.hasPrefix("casetool: error: --external-id: 'now-1' is already logged"), "\(repeatedLocally.stderr)")
        // Output that cannot be written (a full disk) is one line and exit 74, never a crash, either way.
        for place in ["--db \(cli.path("cases.db"))", "--server \(url.absoluteString)"] {
            let full = try cli.shell("XDG_CONFIG_HOME=\(cli.path("config-viewer")) casetool export \(place) > /dev/full")
            #expect(full.status == 74 && full.stderr == "casetool: error: cannot write the output: no space left on device\n", "\(place): \(full.stderr)")
        }
        for (option, value) in [("--decision", "content_removed until 1999-01-01"), ("--item-type", "hologram"),
                                ("--policy", "no-such-policy"), ("--policy", "spamm"), ("--opened-at", "2999-01-01"), ("--handle", "a\u{202E}b"),
                                ("--platform", ""), ("--rationale", "   ")] {
            var arguments = newCase
            if let index = arguments.firstIndex(of: option) { arguments[index + 1] = value } else { arguments += [option, value] }
            let remote = try Self.run(cli, as: "mo", arguments, server: url)
            let local = try cli.run(arguments)
            #expect(remote.status == local.status && remote.stderr == local.stderr, "\(option): \(remote.stderr) / \(local.stderr)")
        }

        // The catalog and saved reasons are a lead's to change, through the server as on the file.
        let template = ["templates", "add", "stands", "The decision stands.", "--policy", "spam"]
        #expect(try Self.run(cli, as: "mo", template, server: url).status == 72)
        let saved = try Self.run(cli, as: "lead", template, server: url)
        #expect(saved.status == 0 && saved.stderr == "template stands saved for policy spam\n", "\(saved.stderr)")
        let again = try Self.run(cli, as: "lead", template, server: url)
        let againLocally = try cli.run(template)
        #expect(again.status == 65 && again.stderr == againLocally.stderr, "\(again.stderr)")
        #expect(try Self.run(cli, as: "lead", ["policies", "add", "scams", "--name", "Scams <b>"], server: url).status == 0)
        #expect(try Self.run(cli, as: "lead", ["policies", "dsa-category", "scams", "STATEMENT_CATEGORY_SCAMS_AND_FRAUD"], server: url).status == 0)
        let badCategory = ["policies", "dsa-category", "scams", "NOT_A_CATEGORY"]
        let badRemotely = try Self.run(cli, as: "lead", badCategory, server: url)
        let badLocally = try cli.run(badCategory)
        #expect(badRemotely.status == 65 && badRemotely.stderr == badLocally.stderr, "\(badRemotely.stderr)")
        #expect(try Self.run(cli, as: "viewer", ["policies", "add", "x", "--name", "X"], server: url).status == 72)
        #expect(try Self.run(cli, as: "lead", ["templates", "remove", "stands", "--policy", "spam"], server: url).status == 0)
        let templateGone = try Self.run(cli, as: "lead", ["templates", "remove", "stands", "--policy", "spam"], server: url)
        let goneLocally = try cli.run(["templates", "remove", "stands", "--policy", "spam"])
        #expect(templateGone.status == 66 && templateGone.stderr == goneLocally.stderr, "\(templateGone.stderr) / \(goneLocally.stderr)")
        #expect(try Self.run(cli, as: "lead", ["templates", "add", "stands", "The decision stands."], server: url).status == 0)

        // Who did what is the signed-in person, through the server, whatever the command line's actor.
        let history = try #require(try parseJSON(try cli.succeed(["history", "\(id)", "--format", "json"])) as? [[String: Any]])
        #expect(history.map { $0["actor"] as? String } == ["lead", "mo", "mo", "lead", "lead", "lead"])
        #expect(history.allSatisfy { $0["channel"] as? String == "server" })
        #expect(history.last?["reason"] as? String == "<b>decided</b> \u{202E}")

        // Lists, histories and the audit through the server print what they print on the file.
        for command in [
            ["list"], ["list", "--format", "csv", "--all"], ["list", "--status", "upheld", "--format", "json"], ["list", "--limit", "2"],
            ["list", "--account", "nobody"], ["history", "\(id)"], ["history", "\(id)", "--format", "json"], ["history", "--actor", "mo"],
            ["history", "--limit", "3", "--format", "csv"], ["history", "--actor", "nobody"],
            ["show", "\(id)"], ["show", "\(id)", "--format", "json"], ["show", "\(id)", "--format", "markdown"],
            ["show", "\(id)", "--format", "html"], ["show", "1", "--width", "60"], ["show", "\(id)", "--as-of", "2026-11-30T10:30:00Z"],
            ["show", "999999"],
            ["audit", "head"], ["audit", "verify"], ["audit", "head", "--format", "json"],
            ["report"], ["report", "--by", "period,policy", "--period", "year", "--format", "csv"],
            ["report", "--by", "decision,source", "--format", "json", "--omit-empty"], ["report", "--format", "html"],
            ["report", "--by", "none", "--layout", "long", "--format", "markdown"], ["report", "--status", "upheld", "--since", "2026-01-01"],
            ["report", "--by", "platform", "--metrics", "cases,proactive_rate,time_to_action_p50_seconds", "--format", "csv"],
            ["export"], ["export", "--format", "jsonl", "--status", "upheld"], ["export", "--limit", "2", "--since", "2024-02-08"],
            ["export", "--account", "nobody"],
            ["policies"], ["policies", "--format", "json"], ["templates", "list"], ["templates", "list", "--policy", "spam", "--format", "csv"],
            ["templates", "list", "--policy", "nope"], ["account", "Instagram", "cli_case"], ["account", "X", "@=remote", "--format", "json"],
            ["account", "Instagram", "nobody"],
        ] {
            let remote = try Self.run(cli, as: "viewer", command, server: url)
            let local = try cli.run(command)
            #expect(remote.status == local.status && remote.stdout == local.stdout && remote.stderr == local.stderr,
                    "\(command): \(remote.stdout) \(remote.stderr) / \(local.stderr)")
        }
        let dsa = try Self.run(cli, as: "viewer", ["export", "--format", "dsa-sor"], server: url)
        #expect(dsa.status == 65 && dsa.stderr.hasPrefix("casetool: error: --format: dsa-sor is not available through a server yet"), "\(dsa.stderr)")
        let head = try cli.succeed(["audit", "head"])
        #expect(try Self.run(cli, as: "viewer", ["audit", "verify", "--expect-head", head.trimmingCharacters(in: .newlines)], server: url).status == 0)
        #expect(try Self.run(cli, as: "viewer", ["audit", "security"], server: url).status == 72)  // admins only: it names people

        // Refusals: one line, the exit code the file would give.
        let cases: [(String, [String], Int32, String)] = [
            ("mo", ["note", "999999", "hello"], 66, "casetool: error: no case with id 999999"),
            ("mo", ["note", "\(id)", "hello", "--actor", "someone"], 64, "casetool: error: --actor does not apply on a server"),
            ("mo", ["note", "\(id)", "hello", "--at", "2026-01-01"], 65, "casetool: error: --at: events on a server happen when"),
            ("nobody", ["audit", "head"], 71, "casetool: error: not signed in to \(url.absoluteString): run 'casetool login "),
            ("mo", ["claim", "\(id)", "--server", "http://example.org"], 64, "casetool: error: 'http://example.org' is not a server address"),
            ("mo", ["claim", "\(id)", "--server", "http://127.0.0.1:99999"], 64, "casetool: error: 'http://127.0.0.1:99999' is not a server address"),
        ]
        for (person, arguments, status, message) in cases {
            let result = try Self.run(cli, as: person, arguments, server: arguments.contains("--server") ? nil : url)
            #expect(result.status == status && result.stderr.hasPrefix(message) && result.stderr.split(separator: "\n").count == 1,
                    "\(arguments): \(result.status) \(result.stderr)")
        }

        // A server that is gone is a storage error naming it; logout keeps the token it could not
        // revoke, unless told to forget it anyway.
        _ = try server.stop()
        let gone = try Self.run(cli, as: "mo", ["audit", "head"], server: url)
        #expect(gone.status == 74 && gone.stderr.hasPrefix("casetool: error: cannot reach \(url.absoluteString): "), "\(gone.stderr)")
        let notRevoked = try Self.run(cli, as: "mo", ["logout", url.absoluteString], server: nil)
        #expect(notRevoked.status == 74 && notRevoked.stderr.contains("the token is still kept"), "\(notRevoked.stderr)")
        #expect(try String(contentsOfFile: kept, encoding: .utf8).contains("casetool_"))
        #expect(try Self.run(cli, as: "mo", ["logout", url.absoluteString, "--local"], server: nil).status == 0)
        #expect(try Self.run(cli, as: "mo", ["audit", "head"], server: url).status == 71)
        #expect(!(try String(contentsOfFile: kept, encoding: .utf8)).contains("casetool_"))
    }

    /// The token `casetool login` keeps for a server, as `person` has it.
    static func keptToken(_ cli: CLIRunner, of person: String) throws -> String {
        let file = try parseJSON(try String(contentsOfFile: cli.path("config-\(person)/casetool/tokens.json"), encoding: .utf8))
        let entries = try #require(file as? [String: [String: Any]])
        return try #require(entries.values.first?["token"] as? String)
    }

    @Test("sessions: one token kept per server however its address is written; re-login and logout revoke what they replace")
    func sessionsEndOnTheServer() async throws {
        let team = try ServerTests.Team(people: [("admin", "admin"), ("mo", "moderator")])
        let cli = team.cli
        try "correct horse battery\n".write(toFile: cli.path("password"), atomically: true, encoding: .utf8)
        #expect(try cli.run(["users", "password", "mo", "--password-stdin"], stdin: cli.path("password")).status == 0)
        let server = try ServerUnderTest(cli)
        let url = server.base
        let port = try #require(url.port)

        func login(_ address: String) throws -> CLIRunner.Result {
            try Self.run(cli, as: "mo", ["login", address, "--name", "mo", "--password-stdin"], server: nil, stdin: cli.path("password"))
        }
        #expect(try login(url.absoluteString).status == 0)
        let first = try Self.keptToken(cli, of: "mo")
        #expect(try await server.request("GET", "/api/v1/me", token: first).status == 200)
        // The same server written otherwise: one entry, and the token it replaces no longer works.
        let again = try login("HTTP://127.0.0.1:0\(port)/api/v1/")
        #expect(again.stderr.hasPrefix("casetool: signed in to http://127.0.0.1:\(port) as mo"), "\(again.stderr)")
        let second = try Self.keptToken(cli, of: "mo")
        let entries = try #require(try parseJSON(try String(contentsOfFile: cli.path("config-mo/casetool/tokens.json"), encoding: .utf8)) as? [String: Any])
        #expect(entries.keys.sorted() == [url.absoluteString])
        #expect(second != first)
        #expect(try await server.request("GET", "/api/v1/me", token: first).status == 401)
        #expect(try await server.request("GET", "/api/v1/me", token: second).status == 200)

        // Logging out revokes the token on the server, and says so in the security log.
        let out = try Self.run(cli, as: "mo", ["logout"], server: url)
        #expect(out.status == 0 && out.stderr == "casetool: signed out of \(url.absoluteString)\n", "\(out.stderr)")
        #expect(try await server.request("GET", "/api/v1/me", token: second).status == 401)
        let security = try #require(try parseJSON(try cli.succeed(["audit", "security", "--format", "json"])) as? [[String: Any]])
        #expect(security.filter { $0["kind"] as? String == "token_revoked" && $0["actor"] as? String == "mo" }.count == 2)

        // An admin reads the security log through the server as on the file.
        try "\(try team.token("admin"))\n".write(toFile: cli.path("token-admin"), atomically: true, encoding: .utf8)
        #expect(try Self.run(cli, as: "admin", ["login", url.absoluteString, "--token-stdin"], server: nil, stdin: cli.path("token-admin")).status == 0)
        _ = try Self.run(cli, as: "admin", ["audit", "head"], server: url)  // its use of the token is logged once an hour
        for format in ["table", "json", "csv"] {
            let remote = try Self.run(cli, as: "admin", ["audit", "security", "--format", format], server: url)
            let local = try cli.run(["audit", "security", "--format", format])
            #expect(remote.status == 0 && remote.stdout == local.stdout && remote.stderr == local.stderr, "\(format): \(remote.stderr)")
        }

        // A tokens file that cannot be kept is found before a token is issued (none is minted and lost).
        let signInsBefore = security.filter { $0["kind"] as? String == "sign_in" }.count
        try FileManager.default.removeItem(atPath: cli.path("config-mo/casetool/tokens.json"))
        try FileManager.default.createDirectory(atPath: cli.path("config-mo/casetool/tokens.json"), withIntermediateDirectories: true)
        let refused = try login(url.absoluteString)
        #expect(refused.status == 74 && refused.stderr.split(separator: "\n").count == 1
                && refused.stderr.hasPrefix("casetool: error: cannot open \(cli.path("config-mo/casetool/tokens.json"))"), "\(refused.stderr)")
        try FileManager.default.removeItem(atPath: cli.path("config-mo/casetool/tokens.json"))
        try "not json".write(toFile: cli.path("config-mo/casetool/tokens.json"), atomically: true, encoding: .utf8)
        let corrupt = try login(url.absoluteString)
        #expect(corrupt.status == 65 && corrupt.stderr.contains("is not a tokens file casetool wrote"), "\(corrupt.stderr)")
        let after = try #require(try parseJSON(try cli.succeed(["audit", "security", "--format", "json"])) as? [[String: Any]])
        #expect(after.filter { $0["kind"] as? String == "sign_in" }.count == signInsBefore)

        // With one-time codes on, login asks for the code (here: the line after the password).
        try FileManager.default.removeItem(atPath: cli.path("config-mo/casetool/tokens.json"))
        let enrolled = try cli.run(["users", "totp", "mo"])
        #expect(enrolled.status == 0 && enrolled.stdout.hasPrefix("otpauth://totp/casetool:mo?secret="), "\(enrolled.stderr)")
        let noCode = try login(url.absoluteString)
        #expect(noCode.status == 65 && noCode.stderr.hasPrefix("casetool: error: one-time code: stdin gave none"), "\(noCode.stderr)")
        let reader = try Database(path: cli.path("cases.db"), mode: .readOnly)
        let secret = try #require(try reader.prepare("SELECT totp_secret FROM users WHERE name = 'mo'").query { try $0.string(0) }.first)
        let code = String(format: "%06d", TOTP(secret: secret).compute())
        try "correct horse battery\n\(code)\n".write(toFile: cli.path("password-and-code"), atomically: true, encoding: .utf8)
        let withCode = try Self.run(cli, as: "mo", ["login", url.absoluteString, "--name", "mo", "--password-stdin"], server: nil,
                                    stdin: cli.path("password-and-code"))
        #expect(withCode.status == 0 && withCode.stderr.hasPrefix("casetool: signed in to "), "\(withCode.stderr)")
        let replayed = try Self.run(cli, as: "mo", ["login", url.absoluteString, "--name", "mo", "--password-stdin"], server: nil,
                                    stdin: cli.path("password-and-code"))
        #expect(replayed.status == 71, "a code works once: \(replayed.stderr)")

        // A folder others may enter is made private; a link in the file's place is never replaced.
        #expect(chmod(cli.path("config-mo/casetool"), 0o777) == 0)
        #expect(try login(url.absoluteString).status == 65)  // no code on stdin: refused, but the folder is checked first
        #expect((try FileManager.default.attributesOfItem(atPath: cli.path("config-mo/casetool"))[.posixPermissions] as? Int) == 0o700)
        try FileManager.default.moveItem(atPath: cli.path("config-mo/casetool/tokens.json"), toPath: cli.path("elsewhere.json"))
        try FileManager.default.createSymbolicLink(atPath: cli.path("config-mo/casetool/tokens.json"), withDestinationPath: cli.path("elsewhere.json"))
        let throughLink = try Self.run(cli, as: "mo", ["logout", url.absoluteString], server: nil)
        #expect(throughLink.status == 74 && throughLink.stderr.contains("is not a regular file"), "\(throughLink.stderr)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: cli.path("config-mo/casetool/tokens.json"))) != nil)
        try FileManager.default.removeItem(atPath: cli.path("config-mo/casetool/tokens.json"))

        // A token with control characters never reaches a header or a message.
        try "casetool_\u{1B}[31mred\n".write(toFile: cli.path("bad-token"), atomically: true, encoding: .utf8)
        let badToken = try Self.run(cli, as: "mo", ["login", url.absoluteString, "--token-stdin"], server: nil, stdin: cli.path("bad-token"))
        #expect(badToken.status == 65 && !badToken.stderr.contains("\u{1B}") && badToken.stderr.hasPrefix("casetool: error: --token-stdin: that is not a token"),
                "\(badToken.stderr)")
    }
}
