import Foundation
import Testing

@Suite("tables that fit the terminal, pages with a footer, errors in one voice")
struct TerminalFitTests {
    static func seeded() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.succeed(["seed"])
        return cli
    }

    /// Lines wider than `columns`, other than a hash or a web address alone on its line (copied whole).
    static func overflowing(_ output: String, columns: Int) -> [Substring] {
        output.split(separator: "\n").filter { $0.count > columns && $0.trimmingCharacters(in: .whitespaces).contains(" ") }
    }

    /// Words of a text as the layout may break them: at spaces and after hyphens.
    static func words(_ text: String) -> [String] {
        text.split(separator: " ").flatMap { word in
            word.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        }.filter { !$0.isEmpty }
    }

    @Test("at 60, 80 and 100 columns no line is wider, from 80 no word is broken; --wide and pipes give full width",
          arguments: [60, 80, 100])
    func fits(columns: Int) throws {
        let cli = try Self.seeded()
        cli.environment["COLUMNS"] = String(columns)
        let commands = [["list"], ["queue"], ["report", "--by", "policy"], ["policies"], ["show", "4"], ["history"],
                        ["account", "Facebook", "DonaldTrump"], ["report", "--by", "period,platform", "--period", "year"]]
        for command in commands {
            let result = try cli.run(command)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            for line in Self.overflowing(result.stdout, columns: columns) {
                Issue.record("\(command) at \(columns): \(line.count) columns: \(line)")
            }
        }
        // From 80 columns, every word of a long history entry is printed whole (lines wrap between
        // words, never inside one); narrower, a word longer than its column is cut with "…".
        let show = try cli.succeed(["show", "4"])
        let printed = Set(Self.words(show.replacingOccurrences(of: "\n", with: " ")))
        let appeal = "The Oversight Board upheld the restriction, but found the indefinite penalty inappropriate"
        for word in Self.words(appeal) where columns >= 80 {
            #expect(printed.contains(word), "'\(word)' is broken at \(columns) columns")
        }
        // Hidden columns are named on stderr, and --wide brings them back.
        let narrow = try cli.run(["list"])
        #expect(narrow.stderr.hasPrefix("hidden at \(columns) columns: ") && narrow.stderr.hasSuffix("EXTERNAL ID; see --wide\n"),
                "\(narrow.stderr)")
        let wide = try cli.run(["list", "--wide"])
        #expect(wide.stdout.contains("EXTERNAL ID") && wide.stdout.contains("public-2024-02-khamenei-instagram"), "--wide cuts nothing")
        #expect(!wide.stderr.contains("hidden"))
        // Narrower than 60, tables are laid out for 60, and the note says so.
        cli.environment["COLUMNS"] = "40"
        #expect(try cli.run(["list"]).stderr.hasPrefix("hidden at 60 columns: "))
        cli.environment["COLUMNS"] = nil
        let piped = try cli.run(["list"])
        #expect(piped.stdout.contains("EXTERNAL ID") && piped.stderr.isEmpty, "a pipe has no width: \(piped.stderr)")
        #expect(piped.stdout.contains("public-2024-02-khamenei-instagram"), "nor cuts values")
    }

    @Test("hostile lengths fit too: a 200-character handle, a 5,000-character rationale without a space", arguments: [60, 80])
    func hostileLengths(columns: Int) throws {
        let cli = try Self.seeded()
        let handle = String(repeating: "h", count: 200)
        let id = try cli.succeed([
            "new", "--platform", "X", "--handle", handle, "--policy", "intellectual-property", "--action", "remove_content",
            "--source", "user_report", "--rationale", String(repeating: "y", count: 5_000),
        ]).trimmingCharacters(in: .whitespacesAndNewlines)
        try cli.succeed(["status", id, "actioned", "--reason", String(repeating: "z", count: 3_000)])
        cli.environment["COLUMNS"] = String(columns)
        for command in [["show", id], ["notice", id], ["account", "X", handle], ["history", id], ["list"],
                        ["report", "--by", "policy"]] {
            let result = try cli.run(command)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            for line in Self.overflowing(result.stdout, columns: columns) {
                Issue.record("\(command) at \(columns): \(line.count) columns: \(line.prefix(60))…")
            }
        }
        // A code is broken only after its hyphens, each part whole.
        let report = try cli.succeed(["report", "--by", "policy"])
        #expect(report.contains("intellectual-") && !report.contains("intellectua…"), "\(report)")
        // The total row says "total" once.
        let byTwo = try cli.succeed(["report", "--by", "period,platform", "--period", "year", "--wide"])
        #expect(byTwo.split(separator: "\n").last?.hasPrefix("total  ") == true && !byTwo.contains("total  total"))
    }

    @Test("dates, ids and web addresses are never broken at their hyphens; words joined by one may be")
    func valuesWhole() throws {
        let cli = try Self.seeded()
        for columns in ["40", "60", "80"] {
            cli.environment["COLUMNS"] = columns
            let show = try cli.succeed(["show", "4"])
            #expect(show.contains("2023-01-07T00:00:00Z"), "a time broken at \(columns) columns")
            #expect(show.contains("https://www.oversightboard.com/decision/FB-691QAMHJ/"), "a URL broken at \(columns) columns")
        }
    }

    @Test("a stdout that cannot be written is one line and exit 74, not a crash")
    func unwritableOutput() throws {
        let cli = try Self.seeded()
        for command in ["casetool list > /dev/full", "casetool show 4 > /dev/full", "casetool list >&-"] {
            let result = try cli.shell(command)
            #expect(result.status == 74, "\(command): \(result.stderr)")
            #expect(result.stderr.hasPrefix("casetool: error: cannot write the output: ") && result.stderr.split(separator: "\n").count == 1,
                    "\(command): \(result.stderr)")
        }
    }

    @Test("the per-policy report at 100 columns keeps cases, actions and appeal outcomes")
    func reportAtHundred() throws {
        let cli = try Self.seeded()
        cli.environment["COLUMNS"] = "100"
        let report = try cli.succeed(["report", "--by", "policy"])
        for title in ["POLICY", "CASES", "ACTIONED", "APPEALED", "REVERSED", "WON"] {
            #expect(report.contains(title), "\(title) missing:\n\(report)")
        }
        #expect(report.contains("dangerous-"))
    }

    @Test("list and history show the latest 50 with a footer; --all shows every one; nothing matching says so")
    func pages() throws {
        let cli = try Self.seeded()
        try cli.succeed(["generate", "--cases", "60", "--seed", "3"])
        let page = try cli.run(["list", "--format", "csv"])
        #expect(page.stdout.split(separator: "\r\n").count == 51)
        #expect(page.stderr == "50 of 65 cases shown, the most recent; --limit N or --all for more\n", "\(page.stderr)")
        let all = try cli.run(["list", "--all", "--format", "csv"])
        #expect(all.stdout.split(separator: "\r\n").count == 66 && all.stderr.isEmpty)
        let ten = try cli.run(["list", "--limit", "10", "--format", "json"])
        #expect((try parseJSON(ten.stdout) as? [Any])?.count == 10 && ten.stderr.contains("10 of 65 cases shown"))

        let events = try cli.run(["history", "--limit", "5", "--format", "json"])
        let listed = try #require(try parseJSON(events.stdout) as? [[String: Any]])
        #expect(listed.count == 5 && events.stderr.contains("5 of "))
        // The most recent events, oldest of them first.
        let times = listed.compactMap { $0["occurred_at"] as? String }
        #expect(times == times.sorted())
        let latest = try #require(try parseJSON(try cli.succeed(["history", "--all", "--format", "json"])) as? [[String: Any]])
        #expect(listed.last?["hash"] as? String == latest.last?["hash"] as? String)

        let none = try cli.run(["list", "--platform", "Nowhere"])
        #expect(none.status == 0 && none.stdout.isEmpty && none.stderr == "no cases match (65 in all)\n", "\(none.stderr)")
        let noneCSV = try cli.run(["list", "--platform", "Nowhere", "--format", "csv"])
        #expect(noneCSV.stdout.hasPrefix("id,opened_at,"), "a program still gets the header")
        let both = try cli.run(["list", "--all", "--limit", "3"])
        #expect(both.status == 64 && both.stderr.hasPrefix("casetool: error: --limit and --all cannot be used together"))
    }

    @Test("argument errors speak casetool's voice on one line, with a did-you-mean for a mistyped command")
    func usageErrors() throws {
        let cli = try CLIRunner()
        for (arguments, expected) in [
            (["lsit"], "casetool: error: 'lsit' is not a casetool command; did you mean"),
            (["show"], "casetool: error: Missing expected argument '<id>' (see 'casetool show --help')"),
            (["list", "--format", "xml"], "casetool: error: The value 'xml' is invalid for '--format <format>'"),
            (["report", "--bogus"], "casetool: error: Unknown option '--bogus' (see 'casetool report --help')"),
            (["policies", "lst"], "casetool: error: 'lst' is not a casetool policies command; did you mean 'list'?"),
            (["audit", "verfy"], "casetool: error: 'verfy' is not a casetool audit command; did you mean 'verify'?"),
            (["list", "--limit", "0"], "casetool: error: --limit must be 1 or more (got 0)"),
            (["list", "--limit", "-1"], "casetool: error: --limit must be 1 or more (got -1)"),
        ] {
            let result = try cli.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.hasPrefix(expected), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
        // Two swapped letters are one slip: the closest command comes first.
        #expect(try cli.run(["lsit"]).stderr.contains("did you mean 'list' or"))
        #expect(try cli.run(["--help"]).status == 0)
    }

    @Test("audit verify takes the line audit head prints")
    func expectHeadLine() throws {
        let cli = try Self.seeded()
        let head = try cli.succeed(["audit", "head"]).trimmingCharacters(in: .newlines)
        #expect(try cli.run(["audit", "verify", "--expect-head", head]).status == 0)
        #expect(try cli.run(["audit", "verify", "--expect-head", "abc 14"]).status == 64)
    }
}

@Suite("help that fits 80 columns, with examples to paste")
struct HelpTests {
    static let commands = [
        ["init"], ["seed"], ["new"], ["show"], ["list"], ["status"], ["note"], ["evidence"], ["history"], ["account"],
        ["report"], ["notice"], ["policies", "list"], ["policies", "add"], ["policies", "dsa-category"], ["workflow"],
        ["audit", "verify"], ["audit", "head"], ["check"], ["backup"], ["generate"], ["import"], ["export"],
    ]

    @Test("every command's help has examples, each whole on its line, and no line wider than 80")
    func examples() throws {
        let cli = try CLIRunner()
        cli.environment["COLUMNS"] = "80"
        let listed = try cli.succeed(["--help"])
        for command in Self.commands where command.count == 1 {
            #expect(listed.contains("  \(command[0]) "), "casetool --help does not list \(command[0])")
        }
        for command in Self.commands {
            let help = try cli.succeed(command + ["--help"])
            for line in help.split(separator: "\n") {
                #expect(line.count <= 80, "\(command): \(line.count) columns: \(line)")
            }
            let lines = help.components(separatedBy: "\n")
            let start = try #require(lines.firstIndex(of: "Examples:"), "\(command) has no examples")
            var previous = ""
            for line in lines[(start + 1)...].prefix(while: { !$0.isEmpty }) {
                let continues = previous.hasSuffix("\\") && line.hasPrefix("    ")
                #expect(line.hasPrefix("  casetool \(command[0])") || line.hasPrefix("  cat ") || continues,
                        "\(command): an example broken across lines: '\(line)'")
                previous = line
            }
        }
    }
}
