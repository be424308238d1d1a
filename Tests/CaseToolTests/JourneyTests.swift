import CaseStore
import Foundation
import Testing

@Suite("casetool end to end")
struct JourneyTests {
    /// Logs the known dataset through the CLI: six cases, outcomes worked out by hand in the report test.
    static func logKnownDataset(_ cli: CLIRunner) throws -> [String] {
        func new(_ handle: String, _ platform: String, _ policy: String, _ followers: String?, _ opened: String) throws -> String {
            var arguments = ["new", "--platform", platform, "--handle", handle, "--policy", policy,
                             "--action", "remove_content", "--source", "user_report",
                             "--rationale", "Slur directed at a protected group", "--opened-at", opened]
            if let followers { arguments += ["--followers", followers] }
            return try cli.succeed(arguments).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func move(_ id: String, _ status: String, _ at: String, by actor: String = "reviewer") throws {
            try cli.succeed(["status", id, status, "--reason", "reviewed", "--at", at, "--actor", actor])
        }
        let one = try new("a", "Instagram", "hate-speech", "1000", "2024-01-10T00:00:00Z")
        try move(one, "actioned", "2024-01-10T02:00:00Z")
        let two = try new("b", "Instagram", "hate-speech", "500", "2024-01-11T00:00:00Z")
        try move(two, "actioned", "2024-01-11T04:00:00Z")
        try move(two, "appealed", "2024-01-12T00:00:00Z")
        try move(two, "reversed", "2024-01-13T00:00:00Z", by: "appeals-lead")
        let three = try new("@A", "instagram", "hate-speech", "1,200", "2024-02-01T00:00:00Z")
        try move(three, "actioned", "2024-02-01T06:00:00Z")
        try move(three, "appealed", "2024-02-02T00:00:00Z")
        try move(three, "upheld", "2024-02-03T00:00:00Z", by: "appeals-lead")
        let four = try new("c", "Facebook", "hate-speech", nil, "2024-02-02T00:00:00Z")
        try move(four, "dismissed", "2024-02-02T01:00:00Z")
        let five = try new("d", "Facebook", "spam", "10", "2024-02-03T00:00:00Z")
        try move(five, "escalated", "2024-02-03T01:00:00Z")
        try move(five, "actioned", "2024-02-04T00:00:00Z")
        let six = try new("d", "Facebook", "spam", "10", "2024-02-04T00:00:00Z")
        return [one, two, three, four, five, six]
    }

    static func initialised() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        try cli.succeed(["policies", "add", "hate-speech", "--name", "Hate Speech"])
        try cli.succeed(["policies", "add", "spam", "--name", "Spam"])
        return cli
    }

    @Test("log, transition, history and report give the exact figures of a known dataset")
    func journey() throws {
        let cli = try Self.initialised()
        let ids = try Self.logKnownDataset(cli)
        #expect(ids == ["1", "2", "3", "4", "5", "6"])

        let metrics = "cases,actioned,actioned_accounts,dismissed,appealed,upheld,reversed_after_appeal,appeal_success_rate,"
            + "reach,repeat_offenders,time_to_action_p50_seconds,time_to_action_p90_seconds"
        let byPolicy = try cli.succeed(["report", "--by", "policy", "--format", "csv", "--metrics", metrics])
        // Account a (also logged as @A on 'instagram') has two actioned hate-speech cases. Times to action
        // are 2h, 4h, 6h (hate-speech) and 24h (spam); nearest-rank percentiles.
        #expect(byPolicy == """
            row_type,policy,policy_name,\(metrics)\r
            group,hate-speech,Hate Speech,4,3,2,1,2,1,1,0.5,1700,1,14400,21600\r
            group,spam,Spam,2,1,1,0,0,0,0,,10,0,86400,86400\r
            total,,,6,4,3,1,2,1,1,0.5,1710,1,14400,86400\r

            """)

        let months = try cli.succeed(["report", "--by", "period", "--format", "json"])
        let rows = try #require(try parseJSON(months) as? [[String: Any]])
        #expect(rows.map { $0["period"] as? String } == ["2024-01", "2024-02", nil])
        #expect(rows.map { $0["row_type"] as? String } == ["group", "group", "total"])
        #expect(rows.map { $0["cases"] as? Int } == [2, 4, 6])
        #expect(rows.map { $0["reach"] as? Int } == [1500, 1210, 1710])
        #expect(rows.map { $0["time_to_action_p50_seconds"] as? Int } == [7_200, 21_600, 14_400])
        #expect(rows.allSatisfy { $0.count == 2 + 24 + DecisionKind.allCases.count })  // the row type, the period and every metric, always
        #expect(rows[0]["proactive_rate"] as? Double == 0 && rows[0]["appeal_success_rate"] as? Double == 1)
        #expect(rows[1]["appeal_to_decision_p50_seconds"] as? Int == 86_400)

        let february = try cli.succeed([
            "report", "--since", "2024-02-01", "--until", "2024-02-29", "--format", "csv", "--metrics", "cases,reach",
        ])
        #expect(february == "row_type,policy,policy_name,cases,reach\r\ngroup,hate-speech,Hate Speech,2,1200\r\ngroup,spam,Spam,2,10\r\ntotal,,,4,1210\r\n")

        // One total row with --by none: the group and the total are the same cases, given once.
        #expect(try cli.succeed(["report", "--by", "none", "--format", "csv", "--metrics", "cases"]) == "row_type,cases\r\ntotal,6\r\n")
        let none = try #require(try parseJSON(try cli.succeed(["report", "--by", "none", "--format", "json"])) as? [[String: Any]])
        #expect(none.count == 1 && none[0]["row_type"] as? String == "total" && none[0]["cases"] as? Int == 6)
        // The words a total could be read as are not policy codes.
        let reserved = try cli.run(["policies", "add", "all", "--name", "All"])
        #expect(reserved.status == 65 && reserved.stderr.contains("'all' is reserved"))

        let long = try cli.succeed(["report", "--by", "policy,period", "--layout", "long", "--format", "csv", "--metrics", "cases"])
        #expect(long == """
            row_type,period,policy,metric,value\r
            group,2024-01,hate-speech,cases,2\r
            group,2024-01,spam,cases,0\r
            group,2024-02,hate-speech,cases,2\r
            group,2024-02,spam,cases,2\r
            total,,,cases,6\r

            """)

        let table = try cli.succeed(["report"])
        #expect(table.contains("50.0%"))
        #expect(table.contains("1,710"))
        #expect(table.contains("total"))

        let history = try cli.succeed(["history", "2", "--format", "csv"])
        let lines = history.split(separator: "\r\n")
        #expect(lines.count == 5)
        #expect(lines[0] == "case_id,seq,occurred_at,kind,from_status,to_status,actor,reason,payload,summary,recorded_at,channel,hash")
        #expect(lines[4].hasPrefix("2,4,2024-01-13T00:00:00Z,transition,appealed,reversed,appeals-lead,reviewed,,reviewed,"))

        let audit = try cli.succeed(["history", "--actor", "reviewer", "--since", "2024-02-01", "--format", "json"])
        let events = try #require(try parseJSON(audit) as? [[String: Any]])
        #expect(events.count == 5)  // case 3's appeal was decided by appeals-lead
        #expect(Set(events.compactMap { $0["case_id"] as? Int }) == [3, 4, 5])

        let shown = try #require(try parseJSON(try cli.succeed(["show", "3", "--format", "json"])) as? [String: Any])
        #expect(shown["status"] as? String == "upheld")
        #expect(shown["allowed_next"] as? [String] == ["appealed"])
        #expect(shown["handle"] as? String == "a")
        #expect((shown["events"] as? [Any])?.count == 4)

        let account = try #require(try parseJSON(try cli.succeed(["account", "Instagram", "@a", "--format", "json"])) as? [String: Any])
        #expect(account["case_count"] as? Int == 2)
        #expect(account["actioned_count"] as? Int == 2)
        #expect(account["followers"] as? Int == 1200)

        let listed = try cli.succeed(["list", "--status", "actioned", "--format", "csv"])
        #expect(listed.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",")[0] } == ["5", "1"])
        #expect(try cli.succeed(["list", "--platform", "facebook", "--limit", "2", "--format", "json"]).contains("\"id\": 6"))
    }

    @Test("notes and evidence join the history; show prints a readable case file")
    func notesAndShow() throws {
        let cli = try Self.initialised()
        let id = try cli.succeed([
            "new", "--platform", "Instagram", "--handle", "khamenei_ir", "--followers", "5000000",
            "--account-type", "government", "--policy", "hate-speech", "--action", "disable_account",
            "--source", "user_report", "--rationale", "Repeated violations", "--evidence", "https://example.org/1",
        ]).trimmingCharacters(in: .whitespacesAndNewlines)
        try cli.succeed(["note", id, "Checked against the designation list", "--actor", "alice"])
        try cli.succeed(["evidence", id, "archive.org/snapshot/2"])
        let text = try cli.succeed(["show", id])
        #expect(text.contains("@khamenei_ir"))
        #expect(text.contains("5,000,000"))
        #expect(text.contains("Checked against the designation list"))
        #expect(text.contains("- https://example.org/1"))
        #expect(text.contains("- archive.org/snapshot/2"))
        #expect(text.split(separator: "\n").contains { $0.hasPrefix("Next") && $0.hasSuffix("  escalated, actioned, dismissed") })
    }

    @Test("init and seed are safe to repeat; seeds load the Khamenei case")
    func initAndSeed() throws {
        let cli = try CLIRunner()
        let first = try cli.run(["init"])
        #expect(first.status == 0 && first.stderr.contains("applied 0001_initial.sql"))
        #expect(try cli.run(["init"]).stderr.contains("up to date"))
        let seeded = try cli.run(["seed"])
        #expect(seeded.status == 0 && seeded.stdout.isEmpty)
        #expect(seeded.stderr.contains("policies 15 added"))
        let before = try cli.snapshot(cli.path("cases.db"))
        let again = try cli.run(["seed"])
        #expect(again.stderr.contains("policies 0 added, 15 already present; cases 0 added"))
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
        let report = try cli.succeed(["report", "--format", "csv"])
        #expect(report.contains("dangerous-organizations,Dangerous Organizations & Individuals,"))
        let khamenei = try cli.succeed(["account", "Instagram", "khamenei_ir"])
        #expect(khamenei.contains("followers: 5,000,000"))
        #expect(khamenei.contains("account_terminated"))
    }

    @Test("the workflow command prints the transitions table")
    func workflow() throws {
        let cli = try CLIRunner()
        let csv = try cli.succeed(["workflow", "--format", "csv"])
        #expect(csv.contains("open,escalated actioned dismissed,no,"))
        #expect(csv.contains("upheld,appealed,no,"))
        #expect(csv.contains("reversed,,yes,"))
    }

    @Test("show --as-of rebuilds a case as it stood then; report --by source groups by detection")
    func asOfAndSource() throws {
        let cli = try Self.initialised()
        _ = try Self.logKnownDataset(cli)
        func status(_ asOf: String) throws -> String? {
            let json = try parseJSON(try cli.succeed(["show", "2", "--as-of", asOf, "--format", "json"])) as? [String: Any]
            return json?["status"] as? String
        }
        #expect(try status("2024-01-11T03:00:00Z") == "open")
        #expect(try status("2024-01-11") == "actioned")  // a bare date means the end of that day
        #expect(try status("2024-01-12T12:00:00Z") == "appealed")
        #expect(try status("2024-02-01") == "reversed")
        let text = try cli.succeed(["show", "2", "--as-of", "2024-01-12T12:00:00Z"])
        #expect(text.contains("As of 2024-01-12T12:00:00Z, rebuilt from 3 events"))
        let early = try cli.run(["show", "2", "--as-of", "2023-12-31"])
        #expect(early.status == 65 && early.stderr.contains("was opened at 2024-01-11T00:00:00Z"))
        let sources = try cli.succeed([
            "report", "--by", "source", "--format", "csv", "--metrics", "cases,actioned,appealed,reach,time_to_action_p50_seconds",
        ])
        #expect(sources.contains("user_report,6,4,2,1710,14400\r\n"))
        #expect(sources.contains("automated,0,0,0,0,\r\n"))
    }
}
