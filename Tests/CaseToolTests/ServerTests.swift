import CaseAPI
import CaseStore
import Foundation
import SQLiteDatabase
import Testing

/// The team server, run as the binary and driven over HTTP on loopback.
@Suite("casetool serve")
struct ServerTests {
    /// A seeded database with people of each role and a token for each, as an admin sets one up.
    struct Team {
        let cli: CLIRunner
        var tokens: [String: String] = [:]

        init(people: [(String, String)] = [("mod", "moderator"), ("mod2", "moderator"), ("lead", "lead"), ("lead2", "lead"),
                                          ("viewer", "viewer"), ("admin", "admin")]) throws {
            cli = try CLIRunner()
            try cli.succeed(["init"])
            try cli.succeed(["seed"])
            for (name, role) in people {
                try cli.succeed(["users", "add", name, "--role", role, "--no-password"])
                tokens[name] = try cli.succeed(["tokens", "create", "--user", name]).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }

        func token(_ name: String) throws -> String { try tokens[name].orThrow("no token for \(name)") }
    }

    static func newCase(handle: String, extra: [String: Any] = [:]) throws -> String {
        var fields: [String: Any] = [
            "platform": "Instagram", "handle": handle, "policy": "dangerous-organizations", "opened_at": "2026-11-30T10:00:00Z",
            "source": "user_report", "decisions": ["content_removed"], "rationale": "praise of a designated group",
        ]
        fields.merge(extra) { $1 }
        return try ServerUnderTest.body(fields)
    }

    @Test("every route that needs a session refuses a request without one, or with a token the store does not know")
    func everyRouteNeedsASession() async throws {
        let team = try Team(people: [])
        let server = try ServerUnderTest(team.cli)
        for endpoint in Endpoint.allCases {
            let path = endpoint.path(caseID: 1)
            switch endpoint.access {
            case .signedIn:
                for token in [nil, "casetool_not-a-token"] as [String?] {
                    let reply = try await server.request(endpoint.method.rawValue, path, token: token, body: endpoint.method == .post ? "{}" : nil)
                    #expect(reply.status == 401 && reply.errorCode == "unauthenticated", "\(endpoint) answered \(reply.status): \(reply.text)")
                    #expect(reply.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
                }
            case .anyone:
                let reply = try await server.request(endpoint.method.rawValue, path, body: endpoint == .signIn ? "{}" : nil)
                #expect(endpoint == .signIn ? reply.status == 400 : reply.status == 200, "\(endpoint): \(reply.status)")
            }
        }
        let log = try team.cli.succeed(["audit", "security", "--format", "json"])
        #expect(log.contains("unknown token"))
        #expect(!log.contains("not-a-token"), "the security log must not keep what was sent as a token")
    }

    @Test("a moderator logs and actions; a moderator cannot decide the appeal, nor the lead who actioned; another lead does")
    func fourEyesThroughTheServer() async throws {
        let team = try Team()
        let server = try ServerUnderTest(team.cli)
        let mod = try team.token("mod"), lead = try team.token("lead"), lead2 = try team.token("lead2")

        let logged = try await server.request("POST", "/api/v1/cases", token: mod, body: try Self.newCase(handle: "ops_account"))
        #expect(logged.status == 201)
        let id = try (logged.json["id"] as? Int).orThrow("no id: \(logged.text)")
        #expect(logged.headers["location"] == "/api/v1/cases/\(id)")
        #expect(logged.json["created_by"] as? String == "mod")

        // A moderator moves only what they hold.
        let unheld = try await server.request("POST", "/api/v1/cases/\(id)/transitions", token: mod, body: #"{"to":"actioned","reason":"praise of a designated group"}"#)
        #expect(unheld.status == 409 && unheld.errorCode == "workflow_refused")
        #expect(try await server.request("POST", "/api/v1/cases/\(id)/claim", token: mod).status == 200)
        let actioned = try await server.request("POST", "/api/v1/cases/\(id)/transitions", token: mod, body: #"{"to":"actioned","reason":"praise of a designated group"}"#)
        #expect(actioned.status == 200 && actioned.json["status"] as? String == "actioned")

        #expect(try await server.request("POST", "/api/v1/cases/\(id)/transitions", token: lead, body: #"{"to":"appealed","reason":"the user appealed"}"#).status == 200)
        let byModerator = try await server.request("POST", "/api/v1/cases/\(id)/transitions", token: mod, body: #"{"to":"upheld","reason":"stands"}"#)
        #expect(byModerator.status == 403 && byModerator.errorCode == "forbidden")
        let decided = try await server.request("POST", "/api/v1/cases/\(id)/transitions", token: lead2, body: #"{"to":"upheld","reason":"stands"}"#)
        #expect(decided.status == 200 && decided.json["status"] as? String == "upheld", "\(decided.text)")

        // The same rule for a lead who actioned: their own appeal decision is refused.
        let second = try await server.request("POST", "/api/v1/cases", token: lead, body: try Self.newCase(handle: "second"))
        let other = try (second.json["id"] as? Int).orThrow("no id")
        for (to, reason) in [("actioned", "violates"), ("appealed", "contested")] {
            #expect(try await server.request("POST", "/api/v1/cases/\(other)/transitions", token: lead, body: try ServerUnderTest.body(["to": to, "reason": reason])).status == 200)
        }
        let own = try await server.request("POST", "/api/v1/cases/\(other)/transitions", token: lead, body: #"{"to":"reversed","reason":"mine"}"#)
        #expect(own.status == 409 && own.errorCode == "workflow_refused" && (own.json["error"] as? [String: Any])?["message"] as? String
            == "case \(other) was actioned by lead: its appeal must be decided (reversed) by someone else")

        // Who did what is the token's person, through the server; the chain verifies.
        let history = try #require(try parseJSON(try team.cli.succeed(["history", "\(id)", "--format", "json"])) as? [[String: Any]])
        #expect(history.map { $0["actor"] as? String } == ["mod", "mod", "mod", "lead", "lead2"])
        #expect(history.allSatisfy { $0["channel"] as? String == "server" })
        #expect(try team.cli.run(["audit", "verify"]).status == 0)
        let stopped = try server.stop()
        #expect(stopped.status == 0 && stopped.stderr.hasSuffix("casetool: server stopped\n"))
    }

    @Test("16 people claiming the next case at once over 1,000 queued cases: each case is claimed exactly once")
    func concurrentClaims() async throws {
        let names = (1...16).map { "claimer\($0)" }
        let team = try Team(people: names.map { ($0, "moderator") })
        let lines = try (1...1_000).map { try Self.newCase(handle: "queued_\($0)") }.joined(separator: "\n")
        try lines.write(toFile: team.cli.path("queued.jsonl"), atomically: true, encoding: .utf8)
        try team.cli.succeed(["import", "queued.jsonl"])
        let server = try ServerUnderTest(team.cli)

        let claims = try await withThrowingTaskGroup(of: [(Int, String)].self) { group in
            for name in names {
                let token = try team.token(name)
                group.addTask {
                    var mine: [(Int, String)] = []
                    while true {
                        let reply = try await server.request("POST", "/api/v1/queue/claims", token: token)
                        if reply.status == 404 { return mine }
                        guard reply.status == 201, let id = reply.json["case_id"] as? Int, let holder = reply.json["holder"] as? String else {
                            throw CLIRunner.Failure("claim answered \(reply.status): \(reply.text)")
                        }
                        mine.append((id, holder))
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let queued = try #require(try parseJSON(try team.cli.succeed(["queue", "--format", "json", "--limit", "2000"])) as? [[String: Any]])
        #expect(queued.count == 1_000)
        #expect(claims.count == 1_000)
        #expect(Set(claims.map(\.0)).count == 1_000)
        // Each claim's holder is the one the queue shows, and the claimers shared the work.
        let holders = Dictionary(uniqueKeysWithValues: queued.compactMap { row in (row["case_id"] as? Int).map { ($0, row["held_by"] as? String) } })
        #expect(claims.allSatisfy { holders[$0.0] == $0.1 })
        #expect(Set(claims.map(\.1)).count > 1)
        #expect(try team.cli.run(["audit", "verify"]).status == 0)
    }

    @Test("writes sent together share commits, yet a refused one undoes only itself and each is answered for itself")
    func groupedWritesStaySeparate() async throws {
        let team = try Team(people: [("mod", "moderator")])
        let server = try ServerUnderTest(team.cli)
        let mod = try team.token("mod")
        let replies = try await withThrowingTaskGroup(of: (Int, ServerUnderTest.Reply).self) { group in
            for index in 0..<60 {
                let body = try Self.newCase(handle: "burst_\(index)", extra: index % 3 == 0 ? ["policy": "no-such-policy"] : [:])
                group.addTask { (index, try await server.request("POST", "/api/v1/cases", token: mod, body: body)) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for (index, reply) in replies {
            #expect(reply.status == (index % 3 == 0 ? 422 : 201), "case \(index): \(reply.text)")
            if index % 3 != 0 { #expect(reply.json["handle"] as? String == "burst_\(index)") }
        }
        let listed = try #require(try parseJSON(try team.cli.succeed(["list", "--format", "json", "--all"])) as? [[String: Any]])
        let handles = Set(listed.compactMap { $0["handle"] as? String }.filter { $0.hasPrefix("burst_") })
        #expect(handles == Set((0..<60).filter { $0 % 3 != 0 }.map { "burst_\($0)" }))
        #expect(try team.cli.run(["audit", "verify"]).status == 0)
    }

    @Test("a token refused once revoked, expired, or its person disabled, while the server runs")
    func tokensEndWhileServing() async throws {
        var team = try Team(people: [("mod", "moderator"), ("other", "moderator"), ("third", "viewer")])
        let server = try ServerUnderTest(team.cli)
        for name in ["mod", "other", "third"] {
            #expect(try await server.request("GET", "/api/v1/me", token: try team.token(name)).status == 200)
        }
        let tokens = try #require(try parseJSON(try team.cli.succeed(["tokens", "list", "--format", "json"])) as? [[String: Any]])
        let modToken = try #require(tokens.first { $0["user"] as? String == "mod" }?["id"] as? Int)
        try team.cli.succeed(["tokens", "revoke", "\(modToken)"])
        // Time passing, as the file records it: the token of `other` is past its expiry.
        let database = try Database(path: team.cli.path("cases.db"), mode: .readWrite)
        try database.execute("UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00Z' WHERE user_id = (SELECT id FROM users WHERE name = 'other')")
        try team.cli.succeed(["users", "disable", "third"])
        for name in ["mod", "other", "third"] {
            let reply = try await server.request("GET", "/api/v1/me", token: try team.token(name))
            #expect(reply.status == 401 && reply.errorCode == "unauthenticated", "\(name): \(reply.status)")
        }
        team.tokens["mod"] = nil
        let log = try team.cli.succeed(["audit", "security", "--format", "json"])
        for detail in ["revoked", "expired", "person disabled"] { #expect(log.contains(detail), "\(detail)") }
    }

    @Test("a list counts when asked, and only what it says: total beyond a full page, in_all when nothing matched")
    func listCounts() async throws {
        let team = try Team(people: [("viewer", "viewer")])
        let server = try ServerUnderTest(team.cli)
        let token = try team.token("viewer")
        func counts(_ path: String) async throws -> (rows: Int, total: Int?, inAll: Int?) {
            let json = try await server.request("GET", path, token: token).json
            let rows = ((json["cases"] ?? json["events"]) as? [Any])?.count ?? -1
            return (rows, json["total"] as? Int, json["in_all"] as? Int)
        }
        let everything = try await counts("/api/v1/cases?limit=1000").rows
        #expect(everything >= 5)
        var (rows, total, inAll) = try await counts("/api/v1/cases?limit=2")
        #expect(rows == 2 && total == nil && inAll == nil, "counted unasked")
        (rows, total, inAll) = try await counts("/api/v1/cases?limit=2&count=true")
        #expect(rows == 2 && total == everything && inAll == nil)
        (rows, total, inAll) = try await counts("/api/v1/cases?limit=1000&count=true")
        #expect(rows == everything && total == everything && inAll == nil)
        (rows, total, inAll) = try await counts("/api/v1/cases?handle=nobody&count=true")
        #expect(rows == 0 && total == 0 && inAll == everything)
        (rows, total, inAll) = try await counts("/api/v1/events?limit=1&count=true")
        #expect(rows == 1 && (total ?? 0) > 1 && inAll == nil)
        (rows, total, inAll) = try await counts("/api/v1/queue?platform=nowhere&count=true")
        #expect(rows == 0 && total == 0 && inAll != nil)
    }

    @Test("markup, SQL, bidi and zero-width text in every field of a case and its notes come back as sent")
    func hostileTextIsData() async throws {
        let team = try Team(people: [("mod", "moderator")])
        let server = try ServerUnderTest(team.cli)
        let mod = try team.token("mod")
        // Identifiers refuse invisible characters (they must print as they are); free text keeps them.
        let markup = "<script>alert(1)</script>'); DROP TABLE cases;-- =HYPERLINK(\"x\")"
        let hostile = markup + " \u{202E}evil\u{200B} [31mred"
        let body = try Self.newCase(handle: "x\(markup)", extra: [
            "rationale": hostile, "external_id": markup, "display_name": hostile, "item_id": markup,
        ])
        let logged = try await server.request("POST", "/api/v1/cases", token: mod, body: body)
        #expect(logged.status == 201, "\(logged.text)")
        let id = try (logged.json["id"] as? Int).orThrow("no id")
        #expect(try await server.request("POST", "/api/v1/cases/\(id)/notes", token: mod, body: try ServerUnderTest.body(["text": hostile])).status == 201)
        #expect(try await server.request("POST", "/api/v1/cases/\(id)/evidence", token: mod, body: try ServerUnderTest.body(["reference": hostile])).status == 201)
        let read = try await server.request("GET", "/api/v1/cases/\(id)", token: mod)
        #expect(read.headers["content-type"]?.hasPrefix("application/json") == true)
        #expect(read.headers["x-content-type-options"] == "nosniff")
        #expect(read.json["handle"] as? String == "x\(markup)")
        #expect(read.json["rationale"] as? String == hostile && read.json["external_id"] as? String == markup)
        #expect((read.json["account"] as? [String: Any])?["display_name"] as? String == hostile)
        #expect((read.json["item"] as? [String: Any])?["id"] as? String == markup)
        #expect(((read.json["evidence"] as? [[String: Any]])?.first)?["reference"] as? String == hostile)
        let events = try #require(read.json["events"] as? [[String: Any]])
        #expect(events.contains { $0["reason"] as? String == hostile })
        #expect(try team.cli.succeed(["list", "--format", "json"]).contains("\"id\": 6"))
        #expect(try team.cli.run(["audit", "verify"]).status == 0)
    }

    @Test("bad requests get one JSON error naming what is wrong, and change nothing")
    func badRequests() async throws {
        let team = try Team(people: [("mod", "moderator"), ("lead", "lead"), ("viewer", "viewer")])
        let server = try ServerUnderTest(team.cli)
        let mod = try team.token("mod"), lead = try team.token("lead")
        let before = try team.cli.snapshot(team.cli.path("cases.db")).filter { !$0.hasPrefix("api_tokens") && !$0.hasPrefix("security_log") }
        let cases: [(String, String, String?, Int, String, String)] = [
            ("POST", "/api/v1/cases", "not json", 422, "invalid_input", "request body:1: "),
            ("POST", "/api/v1/cases", try Self.newCase(handle: "h", extra: ["policy": "no-such-policy"]), 422, "invalid_input", "policy: unknown policy 'no-such-policy'"),
            ("POST", "/api/v1/cases", try Self.newCase(handle: "h", extra: ["colour": "red"]), 422, "invalid_input", "request body:1: colour: unknown column"),
            // A case logged through the server starts open: no role, claim or four-eyes check skipped.
            ("POST", "/api/v1/cases", try Self.newCase(handle: "h", extra: ["status": "upheld", "actioned_at": "2026-11-30T11:00:00Z"]),
             422, "invalid_input", "request body:1: status: a case logged on its own starts open"),
            ("POST", "/api/v1/cases", try Self.newCase(handle: "h", extra: ["actioned_at": "2026-11-30T11:00:00Z"]),
             422, "invalid_input", "request body:1: actioned_at: a case logged on its own starts open"),
            ("POST", "/api/v1/cases/1/assignment", #"{"person":"viewer"}"#, 422, "invalid_input", "person: viewer is a viewer, who may not hold cases"),
            ("POST", "/api/v1/cases/1/transitions", #"{"to":"upheld","reasn":"typo"}"#, 400, "bad_request", "reasn: unknown field"),
            ("POST", "/api/v1/cases/1/transitions", #"{"to":"actioned","t\u006f":"upheld"}"#, 400, "bad_request", "to: given more than once"),
            ("GET", "/api/v1/cases/1/history?limit=5", nil, 400, "bad_request", "limit: unknown query parameter (known: none)"),
            ("GET", "/api/v1/cases?limit=5&limit=6", nil, 400, "bad_request", "limit: given more than once"),
            ("POST", "/api/v1/cases", #"{"platform":"X","platform":"Y"}"#, 400, "bad_request", "platform: given more than once"),
            ("GET", "/api/v1/reports?by=policy;none;period;platform;source", nil, 422, "invalid_input", "by: at most 4 groupings"),
            ("GET", "/api/v1/reports?by=colour", nil, 422, "invalid_input", "by: 'colour' is not one of"),
            ("GET", "/api/v1/reports?omit_empty=yes", nil, 422, "invalid_input", "omit_empty: 'yes' is not true or false"),
            ("GET", "/api/v1/reports?since=2026-01-01&until=2025-01-01", nil, 422, "invalid_input", "since: '2026-01-01T00:00:00Z' is after until"),
            ("GET", "/api/v1/cases?count=maybe", nil, 422, "invalid_input", "count: 'maybe' is not true or false"),
            ("GET", "/api/v1/account?platform=&handle=x", nil, 422, "invalid_input", "platform: must not be empty"),
            ("GET", "/api/v1/export?format=xml", nil, 422, "invalid_input", "format: 'xml' is not one of: csv, jsonl"),
            ("GET", "/api/v1/account?platform=X", nil, 422, "invalid_input", "handle: is required"),
            ("GET", "/api/v1/account?platform=X&handle=nobody", nil, 404, "not_found", "no account"),
            ("DELETE", "/api/v1/templates", nil, 422, "invalid_input", "name: is required"),
            ("POST", "/api/v1/templates", #"{"name":"x"}"#, 400, "bad_request", "text"),
            ("POST", "/api/v1/cases/1/transitions", #"{"to":7}"#, 400, "bad_request", "to: must be a string"),
            ("POST", "/api/v1/cases/1/transitions", #"{"to":"closed"}"#, 422, "invalid_input", "to: 'closed' is not one of: open, "),
            ("POST", "/api/v1/cases/1/transitions", #"[1]"#, 400, "bad_request", "the body must be a JSON object"),
            ("POST", "/api/v1/cases/999999/notes", #"{"text":"hello"}"#, 404, "not_found", "no case with id 999999"),
            ("GET", "/api/v1/cases/abc", nil, 404, "not_found", "no case with id 'abc'"),
            ("GET", "/api/v1/cases?status=closed", nil, 422, "invalid_input", "status: 'closed' is not one of"),
            ("GET", "/api/v1/cases?limit=0", nil, 422, "invalid_input", "limit: '0' is not a whole number from 1 to 1000"),
            ("POST", "/api/v1/cases/1/claim", #"{"for":"3d"}"#, 422, "invalid_input", "for: '3d' is not a claim time"),
            ("GET", "/api/v1/nowhere", nil, 404, "not_found", "no such route"),
            ("DELETE", "/api/v1/cases/1", nil, 405, "method_not_allowed", "the route takes only GET"),
            ("GET", "/api/v1/cases?status=", nil, 422, "invalid_input", "status: '' is not one of"),
            ("GET", "/api/v1/events?actor=", nil, 422, "invalid_input", "actor: must name someone"),
            ("POST", "/api/v1/cases", String(repeating: " ", count: (1 << 20) + 1), 413, "too_large", "the request body is larger than"),
        ]
        for (method, path, body, status, code, message) in cases {
            let reply = try await server.request(method, path, token: path.hasSuffix("/assignment") ? lead : mod, body: body)
            let said = (reply.json["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(reply.status == status && (reply.errorCode ?? "") == code && said.hasPrefix(message), "\(method) \(path): \(reply.status) \(reply.text)")
            if status == 405 { #expect(reply.headers["allow"] == "GET") }
        }
        // A refusal about one field names it apart from the message, for a program to act on.
        let misspelt = try await server.request("POST", "/api/v1/cases", token: mod, body: try Self.newCase(handle: "h", extra: ["policy": "spamm"]))
        let policyError = try #require(misspelt.json["error"] as? [String: Any])
        #expect(policyError["field"] as? String == "policy" && policyError["unknown"] as? String == "spamm", "\(misspelt.text)")
        #expect((policyError["suggestions"] as? [String] ?? []).contains("spam"), "\(misspelt.text)")
        let badStatus = try await server.request("GET", "/api/v1/cases?status=nope", token: mod)
        let statusError = try #require(badStatus.json["error"] as? [String: Any])
        #expect(statusError["field"] as? String == "status" && (statusError["problem"] as? String ?? "").hasPrefix("'nope' is not one of"), "\(badStatus.text)")
        // A 405 counts under the route it was sent to; an unknown path under none.
        let metrics = try await server.request("GET", "/metrics", token: mod).text
        #expect(metrics.contains(#"casetool_http_requests_total{method="DELETE",route="/api/v1/cases/{id}",status="405"} 1"#))
        #expect(metrics.contains(#"route="unmatched",status="404"} 1"#) && !metrics.contains("NotFound"))
        // Bulk: over the limit, or one move refused, and nothing moves.
        let huge = #"{"transitions":[{"case_id":1,"to":"reversed"},{"case_id":99999999999999999999,"to":"reversed"}]}"#
        let refusedHuge = try await server.request("POST", "/api/v1/transitions", token: lead, body: huge)
        #expect(refusedHuge.status == 400 && refusedHuge.text.contains("transitions[1].case_id: not a whole number"), "\(refusedHuge.text)")
        let repeated = #"{"transitions":[{"case_id":1,"to":"reversed"},{"case_id":2,"to":"reversed","case_id":3}]}"#
        #expect(try await server.request("POST", "/api/v1/transitions", token: lead, body: repeated).text.contains("transitions[1].case_id: given more than once"))
        let tooMany = try ServerUnderTest.body(["transitions": (1...1_001).map { ["case_id": $0, "to": "reversed"] }])
        let refusedMany = try await server.request("POST", "/api/v1/transitions", token: lead, body: tooMany)
        #expect(refusedMany.errorCode == "invalid_input" && refusedMany.text.contains("transitions: 1001 cases in one change; at most 1000"), "\(refusedMany.text)")
        let mixed = try ServerUnderTest.body(["transitions": [["case_id": 1, "to": "reversed", "reason": "wave"], ["case_id": 2, "to": "open"]]])
        let refused = try await server.request("POST", "/api/v1/transitions", token: lead, body: mixed)
        #expect(refused.status == 409, "\(refused.text)")
        #expect(try await server.request("POST", "/api/v1/transitions", token: mod, body: mixed).status == 403)
        let after = try team.cli.snapshot(team.cli.path("cases.db")).filter { !$0.hasPrefix("api_tokens") && !$0.hasPrefix("security_log") }
        #expect(before == after)
        let bulk = try ServerUnderTest.body(["transitions": [1, 2].map { ["case_id": $0, "to": "reversed", "reason": "false-positive wave"] }])
        let moved = try await server.request("POST", "/api/v1/transitions", token: lead, body: bulk)
        #expect(moved.status == 200 && moved.json["moved"] as? Int == 2, "\(moved.text)")
    }

    @Test("an address in use, or one that is not an address, is one line and its exit code")
    func cannotListen() async throws {
        let team = try Team(people: [])
        let server = try ServerUnderTest(team.cli)
        let port = try (server.base.port).orThrow("no port")
        let inUse = try team.cli.run(["serve", "--listen", "127.0.0.1:\(port)"])
        #expect(inUse.status == 74 && inUse.stderr == "casetool: error: --listen: cannot listen on 127.0.0.1:\(port): address already in use\n",
                "\(inUse.stderr)")
        let notAnAddress = try team.cli.run(["serve", "--listen", "256.1.1.1:0"])
        #expect(notAnAddress.status == 64 && notAnAddress.stderr.hasPrefix("casetool: error: --listen: '256.1.1.1' is not an address"),
                "\(notAnAddress.stderr)")
        #expect(!notAnAddress.stderr.contains("NIO") && notAnAddress.stderr.split(separator: "\n").count == 1)
    }

    @Test("sign in with a name and password gives a token that works; a wrong password is a 401 like an unknown name")
    func signIn() async throws {
        let team = try Team(people: [])
        try "correct horse battery\n".write(toFile: team.cli.path("password"), atomically: true, encoding: .utf8)
        _ = try team.cli.run(["users", "add", "ada", "--role", "admin", "--password-stdin"], stdin: team.cli.path("password"))
        let server = try ServerUnderTest(team.cli)
        let signedIn = try await server.request("POST", "/api/v1/sessions", body: #"{"name":"Ada","password":"correct horse battery"}"#)
        #expect(signedIn.status == 201, "\(signedIn.text)")
        let token = try (signedIn.json["token"] as? String).orThrow("no token")
        let me = try await server.request("GET", "/api/v1/me", token: token)
        #expect(me.json["name"] as? String == "ada" && me.json["role"] as? String == "admin")
        for body in [#"{"name":"ada","password":"wrong"}"#, #"{"name":"nobody","password":"correct horse battery"}"#] {
            let refused = try await server.request("POST", "/api/v1/sessions", body: body)
            #expect(refused.status == 401 && refused.errorCode == "unauthenticated")
        }
        // A flood of failed sign-ins (bcrypt, a quarter of a second each) waits on its own connection:
        // a read sent after them is answered before any of them, not queued behind them on a reader.
        let finished = try await withThrowingTaskGroup(of: (String, Date).self) { group in
            for _ in 0..<8 {
                group.addTask {
                    _ = try await server.request("POST", "/api/v1/sessions", body: #"{"name":"ada","password":"guess"}"#)
                    return ("sign-in", Date())
                }
            }
            try await Task.sleep(for: .milliseconds(50))
            group.addTask {
                let status = try await server.request("GET", "/api/v1/me", token: token).status
                #expect(status == 200)
                return ("read", Date())
            }
            return try await group.reduce(into: [:]) { times, answer in times[answer.0, default: []].append(answer.1) }
        }
        let firstSignIn = try #require(finished["sign-in"]?.min()), read = try #require(finished["read"]?.first)
        #expect(read < firstSignIn, "the read waited for a sign-in")
        let metrics = try await server.request("GET", "/metrics", token: token)
        #expect(metrics.status == 200)
        #expect(metrics.text.contains(#"casetool_http_requests_total{method="POST",route="/api/v1/sessions",status="401"} 10"#), "\(metrics.text.prefix(2000))")
        #expect(metrics.text.contains(#"casetool_review_queue_cases{status="open"}"#))
        #expect(!metrics.text.contains("correct horse"))
        let stopped = try server.stop()
        #expect(!stopped.stderr.contains("correct horse") && !stopped.stderr.contains(token))
        #expect(stopped.stderr.contains("POST /api/v1/sessions 201 "))
    }
}

@Suite("the API's description")
struct APIDocumentTests {
    @Test("the OpenAPI document lists exactly the route table, with the public routes open and the rest behind a token")
    func documentMatchesRoutes() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(APIDocument.openAPI.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        #expect(documented == Set(Endpoint.allCases.map { "\($0.method.rawValue) \($0.path)" }))
        for endpoint in Endpoint.allCases {
            let operation = try #require(paths[endpoint.path]?[endpoint.method.rawValue.lowercased()] as? [String: Any])
            #expect(operation["operationId"] as? String == endpoint.rawValue)
            let open = (operation["security"] as? [Any])?.isEmpty == true
            #expect(open == (endpoint.access == .anyone), "\(endpoint)")
            let responses = try #require(operation["responses"] as? [String: Any])
            #expect(open || responses["401"] != nil, "\(endpoint) does not document its 401")
            let query = ((operation["parameters"] as? [[String: Any]]) ?? []).filter { $0["in"] as? String == "query" }
            #expect(query.compactMap { $0["name"] as? String } == endpoint.queryParameters, "\(endpoint)'s query parameters")
        }
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        // Each body's schema is the one the route reads, with exactly the fields it takes.
        for endpoint in Endpoint.allCases {
            let operation = try #require(paths[endpoint.path]?[endpoint.method.rawValue.lowercased()] as? [String: Any])
            let content = (operation["requestBody"] as? [String: Any])?["content"] as? [String: Any]
            let reference = ((content?["application/json"] as? [String: Any])?["schema"] as? [String: Any])?["$ref"] as? String
            guard let body = endpoint.body else {
                #expect(reference == nil, "\(endpoint) documents a body it does not read")
                continue
            }
            #expect(reference == "#/components/schemas/\(body.schema)", "\(endpoint)'s body")
            guard let fields = body.fields else { continue }
            let schema = try #require(schemas[body.schema], "\(body.schema)")
            let properties = try #require(schema["properties"] as? [String: Any])
            #expect(Set(properties.keys) == Set(fields), "\(body.schema)'s fields")
            #expect(schema["additionalProperties"] as? Bool == false, "\(body.schema) takes unknown fields")
            // The object a property holds: a list's items, or one that may be null (a reference among oneOf).
            func object(_ property: [String: Any]?) -> [String: Any]? {
                func resolved(_ schema: [String: Any]?) -> [String: Any]? {
                    guard let reference = schema?["$ref"] as? String else { return schema }
                    return schemas[reference.replacingOccurrences(of: "#/components/schemas/", with: "")]
                }
                if let items = property?["items"] as? [String: Any] { return resolved(items) }
                return resolved((property?["oneOf"] as? [[String: Any]])?.first { $0["$ref"] != nil })
            }
            for (field, nested) in body.nested {
                var current: [String: Any]? = schema
                for name in field.split(separator: ".") {
                    current = object((current?["properties"] as? [String: Any])?[String(name)] as? [String: Any])
                }
                let items = current?["properties"] as? [String: Any]
                #expect(Set(items?.keys.map { $0 } ?? []) == Set(nested), "\(body.schema).\(field)")
            }
        }
        #expect(Set(try #require(schemas["NewCase"]?["required"] as? [String])) == CaseInterchange.requiredColumns)
        let codes = try #require(((schemas["Error"]?["properties"] as? [String: Any])?["error"] as? [String: Any]).flatMap {
            (($0["properties"] as? [String: Any])?["code"] as? [String: Any])?["enum"] as? [String]
        })
        #expect(Set(codes) == Set(APIError.Code.allCases.map(\.rawValue)))
    }
}
