import Foundation
import Testing

/// Strikes from the command line and through the team server: the same standing, rules and notices.
@Suite("casetool account standing and policies strikes")
struct StrikeCLITests {
    private func logAndAction(_ cli: CLIRunner, handle: String, actor: String = "alice") throws -> (id: String, logged: String, actioned: String) {
        let logged = try cli.run([
            "new", "--platform", "Instagram", "--handle", handle, "--policy", "spam", "--decision", "content_removed",
            "--source", "user_report", "--rationale", "link farm", "--actor", actor,
        ])
        #expect(logged.status == 0, "\(logged.stderr)")
        let id = logged.stdout.trimmingCharacters(in: .newlines)
        let actioned = try cli.run(["status", id, "actioned", "--reason", "spam", "--actor", actor])
        #expect(actioned.status == 0, "\(actioned.stderr)")
        return (id, logged.stderr, actioned.stderr)
    }

    @Test("actioning says what it did to the standing; logging says when actioning would cross a threshold")
    func notices() throws {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        try cli.succeed(["seed"])
        try cli.succeed(["policies", "strikes", "spam", "--active", "90d", "--threshold", "2 account_suspended for 1d", "--threshold", "3 account_terminated"])
        let first = try logAndAction(cli, handle: "farm")
        #expect(first.logged.isEmpty, "one strike would cross no threshold")
        #expect(first.actioned == """
            case \(first.id): now actioned
            case \(first.id): @farm on Instagram now has 1 active strike under spam (was 0); next threshold at 2: account_suspended for 1 day

            """)
        let second = try logAndAction(cli, handle: "farm")
        #expect(second.logged == "case \(second.id): if actioned, @farm on Instagram would have 2 active strikes under spam (now 1) and "
            + "reach 2, which recommends account_suspended for 1 day (casetool decides nothing itself)\n")
        #expect(second.actioned.hasSuffix("now has 2 active strikes under spam (was 1); reaches 2, which recommends account_suspended for 1 day "
            + "(casetool decides nothing itself)\n"))

        // Moved together, each case says what its own move added, in the order given.
        let batch = try (1...3).map { _ in
            try cli.succeed([
                "new", "--platform", "Instagram", "--handle", "wave", "--policy", "spam", "--decision", "content_removed",
                "--source", "automated", "--rationale", "same link",
            ]).trimmingCharacters(in: .newlines)
        }
        let moved = try cli.run(["status", batch.joined(separator: ","), "actioned", "--reason", "spam wave"])
        let lines = moved.stderr.split(separator: "\n").dropFirst()
        #expect(lines.map { $0.components(separatedBy: " under spam ").last ?? "" }
            == ["(was 0); next threshold at 2: account_suspended for 1 day",
                "(was 1); reaches 2, which recommends account_suspended for 1 day (casetool decides nothing itself)",
                "(was 2); reaches 3, which recommends account_terminated (casetool decides nothing itself)"], "\(moved.stderr)")

        let json = try #require(try parseJSON(try cli.succeed(["account", "Instagram", "farm", "--format", "json"])) as? [String: Any])
        let standing = try #require(json["standing"] as? [String: Any])
        #expect(standing["active_strikes"] as? Int == 2)
        let policies = try #require(standing["policies"] as? [[String: Any]])
        #expect(policies.map { $0["policy"] as? String } == ["spam"])
        #expect((policies[0]["reached"] as? [String: Any])?["recommends"] as? String == "account_suspended")
        #expect((policies[0]["next"] as? [String: Any])?["active_strikes"] as? Int == 3)
        #expect((policies[0]["strikes"] as? [[String: Any]])?.map { $0["case_id"] as? Int } == [Int(second.id), Int(first.id)])

        // Before anything was actioned, the account stood clean.
        let then = try #require(try parseJSON(try cli.succeed(["account", "Instagram", "farm", "--format", "json", "--as-of", "2020-01-01"])) as? [String: Any])
        #expect((then["standing"] as? [String: Any])?["active_strikes"] as? Int == 0)
        #expect(then["case_count"] as? Int == 0 && then["actioned_count"] as? Int == 0, "no case was opened by then")
        let table = try cli.succeed(["account", "Instagram", "farm"])
        #expect(table.contains("standing now: 2 active strikes\n  spam: 2 active strikes (strikes last 90 days); reached 2, which recommends account_suspended for 1 day; next at 3: account_terminated\n"))
    }

    @Test("rules are shown, set whole and removed; bad ones are one line naming the option, and change nothing")
    func rules() throws {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        try cli.succeed(["seed"])
        let set = try cli.run(["policies", "strikes", "spam", "--active", "permanent", "--count", "content_labelled=0", "--threshold", "5 account_terminated"])
        #expect(set.status == 0 && set.stderr == "policy spam: strikes never expire; counts content_labelled=0; thresholds 5 account_terminated\n")
        let shown = try #require(try parseJSON(try cli.succeed(["policies", "strikes", "spam", "--format", "json"])) as? [[String: Any]])
        #expect(shown.count == 1 && shown[0]["active"] as? String == "permanent" && shown[0]["thresholds"] as? String == "5 account_terminated")
        let before = try cli.snapshot(cli.path("cases.db"))
        let cases: [([String], Int32, String)] = [
            (["policies", "strikes", "spam", "--count", "content_removed=2"], 65, "--active: is required to set a rule"),
            (["policies", "strikes", "spam", "--active", "a year"], 65, "--active: 'a year' is not a number of days"),
            (["policies", "strikes", "spam", "--active", "9d", "--threshold", "three account_terminated"], 65, "--threshold: 'three account_terminated' is not a threshold"),
            (["policies", "strikes", "spam", "--active", "9d", "--threshold", "3 account_banned"], 65, "--threshold: 'account_banned' is not one of"),
            (["policies", "strikes", "spam", "--active", "9d", "--count", "content_removed=-1"], 65, "--count: 'content_removed=-1' is not KIND=N"),
            (["policies", "strikes", "spam", "--active", "9d", "--threshold", "2 account_terminated", "--threshold", "2 account_suspended"], 65,
             "--threshold: two thresholds at 2 active strikes"),
            (["policies", "strikes", "spam", "--active", "9d", "--threshold", "2 account_terminated for 7d"], 65,
             "--threshold: 'account_terminated' is permanent and lasts no number of days"),
            (["policies", "strikes", "spam", "--active", "9d", "--count", "content_removed=1", "--count", "content_removed=2"], 65,
             "--count: content_removed is given twice"),
            (["policies", "strikes", "--none"], 65, "name the policy whose rule to remove"),
            (["policies", "strikes", "spam", "--none", "--active", "9d"], 65, "--none: removes the rule"),
            (["policies", "strikes", "--active", "9d"], 65, "name the policy whose rule to set"),
            (["policies", "strikes", "spma"], 65, "unknown policy 'spma'; did you mean 'spam'?"),
            (["account", "Instagram", "khamenei_ir", "--as-of", "yesterday"], 65, "--as-of"),
        ]
        for (arguments, status, message) in cases {
            let result = try cli.run(arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("casetool: error: ") && result.stderr.contains(message) && result.stderr.filter { $0 == "\n" }.count == 1,
                    "\(arguments): \(result.stderr)")
        }
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
        let removed = try cli.run(["policies", "strikes", "spam", "--none"])
        #expect(removed.stderr == "policy spam: no strike rule; its cases give no strikes\n")
        #expect(try cli.succeed(["policies", "strikes", "spam", "--format", "csv"]) == "policy,active,counts,thresholds\r\nspam,none,,\r\n")
    }

    @Test("through the server: the same standing, rules set by a lead only, and the notices of a move")
    func remote() async throws {
        let team = try ServerTests.Team(people: [("lead", "lead"), ("mo", "moderator")])
        let cli = team.cli
        let server = try ServerUnderTest(cli)
        for person in ["lead", "mo"] {
            try "\(try team.token(person))\n".write(toFile: cli.path("token-\(person)"), atomically: true, encoding: .utf8)
            let login = try ClientTests.run(cli, as: person, ["login", server.base.absoluteString, "--token-stdin"], server: nil, stdin: cli.path("token-\(person)"))
            #expect(login.status == 0, "\(login.stderr)")
        }
        let refused = try ClientTests.run(cli, as: "mo", ["policies", "strikes", "spam", "--active", "30d"], server: server.base)
        #expect(refused.status != 0 && refused.stderr.contains("moderator"), "\(refused.stderr)")
        let set = try ClientTests.run(cli, as: "lead", ["policies", "strikes", "spam", "--active", "30d", "--threshold", "1 account_suspended for 2d"], server: server.base)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(try ClientTests.run(cli, as: "mo", ["policies", "strikes", "spam", "--format", "csv"], server: server.base).stdout
            == "policy,active,counts,thresholds\r\nspam,30d,,1 account_suspended for 2d\r\n")

        let logged = try ClientTests.run(cli, as: "mo", [
            "new", "--platform", "Instagram", "--handle", "remote_farm", "--policy", "spam", "--decision", "content_removed",
            "--source", "user_report", "--rationale", "link farm",
        ], server: server.base)
        let id = logged.stdout.trimmingCharacters(in: .newlines)
        #expect(logged.stderr.contains("if actioned, @remote_farm on Instagram would have 1 active strike under spam (now 0)"), "\(logged.stderr)")
        #expect(try ClientTests.run(cli, as: "mo", ["claim", id, "--for", "30m"], server: server.base).status == 0)
        let moved = try ClientTests.run(cli, as: "mo", ["status", id, "actioned", "--reason", "spam"], server: server.base)
        #expect(moved.stderr.contains("case \(id): @remote_farm on Instagram now has 1 active strike under spam (was 0); reaches 1"), "\(moved.stderr)")

        // The server's account answer is the file's, field for field.
        let remote = try ClientTests.run(cli, as: "mo", ["account", "Instagram", "remote_farm", "--format", "json"], server: server.base)
        let local = try cli.succeed(["account", "Instagram", "remote_farm", "--format", "json"])
        func standing(_ text: String) throws -> NSDictionary {
            var standing = try #require((try parseJSON(text) as? [String: Any])?["standing"] as? [String: Any])
            standing["as_of"] = nil  // the moment each was asked
            return standing as NSDictionary
        }
        #expect(try standing(remote.stdout) == (try standing(local)))
        let answer = try await server.request("GET", "/api/v1/account?platform=Instagram&handle=remote_farm&as_of=2020-01-01T00:00:00Z", token: try team.token("mo"))
        #expect(answer.status == 200 && (answer.json["standing"] as? [String: Any])?["active_strikes"] as? Int == 0, "\(answer.text)")
        let bad = try await server.request("POST", "/api/v1/policies/strikes", token: try team.token("lead"),
                                           body: try ServerUnderTest.body(["policy": "spam", "strikes": ["active_days": 30, "thresholds": [], "extra": 1]]))
        #expect(bad.status == 400 && bad.text.contains("strikes.extra: unknown field"), "\(bad.text)")
        let permanentByOmission = try await server.request("POST", "/api/v1/policies/strikes", token: try team.token("lead"),
                                                           body: try ServerUnderTest.body(["policy": "spam", "strikes": ["counts": [:] as [String: Int]]]))
        #expect(permanentByOmission.status == 400 && permanentByOmission.text.contains("active_days"), "\(permanentByOmission.text)")
        let misspelt = try await server.request("POST", "/api/v1/policies/strikes", token: try team.token("lead"), body: try ServerUnderTest.body([
            "policy": "spam", "strikes": ["active_days": 30, "counts": [:] as [String: Int], "thresholds": [["active_strikes": 2, "recommends": "account_suspended", "for_day": 7]]],
        ]))
        #expect(misspelt.status == 400 && misspelt.text.contains("strikes.thresholds[0].for_day: unknown field"), "\(misspelt.text)")
        let noThresholds = try await server.request("POST", "/api/v1/policies/strikes", token: try team.token("lead"),
                                                    body: try ServerUnderTest.body(["policy": "spam", "strikes": ["active_days": 30, "counts": [:] as [String: Int]]]))
        #expect(noThresholds.status == 400 && noThresholds.text.contains("thresholds: required field is missing"), "\(noThresholds.text)")
        #expect(try ClientTests.run(cli, as: "mo", ["policies", "strikes", "spam", "--format", "csv"], server: server.base).stdout
            == "policy,active,counts,thresholds\r\nspam,30d,,1 account_suspended for 2d\r\n", "refused bodies changed nothing")
        _ = try server.stop()
    }
}
