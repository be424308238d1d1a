import Foundation
import Testing

@Suite("casetool claim, release and assign")
struct ClaimCLITests {
    @Test("claim --next prints the case it took; the queue shows who holds what; a held case is refused to others")
    func claimsFromTheCommandLine() throws {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        try cli.succeed(["seed"])
        try cli.succeed(["generate", "--cases", "40", "--seed", "7"])
        let queue = try #require(try parseJSON(try cli.succeed(["queue", "--format", "json"])) as? [[String: Any]])
        let oldest = try #require(queue.first?["case_id"] as? Int)

        let taken = try cli.run(["claim", "--next", "--actor", "alice", "--for", "30m"])
        #expect(taken.status == 0 && taken.stdout == "\(oldest)\n")
        #expect(taken.stderr.hasPrefix("case \(oldest): claimed by alice until "))
        let refused = try cli.run(["claim", "\(oldest)", "--actor", "bob"])
        #expect(refused.status == 67 && refused.stderr.hasPrefix("casetool: error: case \(oldest) is claimed by alice until "))
        let next = try cli.succeed(["claim", "--next", "--actor", "bob"]).trimmingCharacters(in: .newlines)
        #expect(next != "\(oldest)")

        let held = try #require(try parseJSON(try cli.succeed(["queue", "--format", "json"])) as? [[String: Any]])
        #expect(held.first { $0["case_id"] as? Int == oldest }?["held_by"] as? String == "alice")
        #expect(held.first { $0["case_id"] as? Int == Int(next) }?["held_by"] as? String == "bob")
        #expect(held.filter { $0["held_by"] is String }.count == 2)

        // A move ends the claim; the history says who claimed and through which channel.
        try cli.succeed(["status", "\(oldest)", "dismissed", "--reason", "fine", "--actor", "alice"])
        let history = try #require(try parseJSON(try cli.succeed(["history", "\(oldest)", "--format", "json"])) as? [[String: Any]])
        #expect(history.suffix(2).map { $0["kind"] as? String } == ["claimed", "transition"])
        #expect(history.allSatisfy { $0["channel"] as? String == "local" })
        let released = try cli.run(["release", next, "--actor", "bob"])
        #expect(released.status == 0 && released.stderr == "case \(next): released\n")
        let again = try cli.run(["release", next, "--actor", "bob"])
        #expect(again.status == 67 && again.stderr == "casetool: error: nobody holds case \(next): there is no claim to release\n")

        try cli.succeed(["users", "add", "kim", "--role", "moderator", "--no-password"])
        let assigned = try cli.run(["assign", next, "--to", "KIM", "--actor", "lee"])
        #expect(assigned.status == 0 && assigned.stderr.hasPrefix("case \(next): assigned to kim until "))
        try cli.succeed(["audit", "verify"])
    }

    @Test("bad input to claim: one line, a documented code, nothing written")
    func badInput() throws {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        try cli.succeed(["seed"])
        let before = try cli.snapshot(cli.path("cases.db"))
        let cases: [([String], Int32, String)] = [
            (["claim"], 64, "give either a case id or --next"),
            (["claim", "1", "--next"], 64, "give either a case id or --next"),
            (["claim", "1"], 67, "case 1 is actioned: only cases waiting in the queue"),
            (["claim", "99"], 66, "no case with id 99"),
            (["claim", "--next", "--for", "3d"], 65, "--for: '3d' is not a claim time from 1m to 24h"),
            (["claim", "--next", "--status", "actioned"], 65, "--status: actioned cases wait for nobody"),
            (["claim", "--next"], 66, "nothing in the queue that"),
            (["release", "1"], 67, "nobody holds case 1"),
            (["assign", "1", "--to", "nobody"], 66, "no person named nobody"),
            (["status", "1", "appealed", "--actor", "x\u{1B}[31m"], 65, "actor"),
        ]
        for (arguments, status, message) in cases {
            let result = try cli.run(arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
    }
}
