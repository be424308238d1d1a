import CaseAPI
import ArgumentParser
import CaseStore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Prove the case history has not been altered.",
        discussion: """
            Every event is chained to the one before it by a SHA-256 hash, so editing, deleting, inserting or \
            reordering any event, or deleting a case, is detectable. Publish or store the head hash elsewhere \
            ('audit head'); 'audit verify --expect-head HASH' later proves nothing up to it has changed.
            """,
        subcommands: [Verify.self, Head.self, Security.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Recompute the hash chain and check every case against the replay of its events.",
            usage: "casetool audit verify [--expect-head <hash>] [--format <format>]",
            discussion: """
                Exits 0 when intact, \(ExitCodes.auditFailed) when anything differs.

                Examples:
                  casetool audit verify
                  casetool audit head > head.txt        # keep it somewhere else
                  casetool audit verify --expect-head "$(cat head.txt)"
                """)

        @OptionGroup var target: ReadTargetOptions
        @Option(help: ArgumentHelp(
            "A head hash taken earlier, which must still be in the chain (the line 'audit head' prints will do).",
            valueName: "hash"))
        var expectHead: String?
        @OptionGroup var output: DocumentFormatOptions

        /// The hash of `--expect-head`: the first word, so `"$(cat head.txt)"` (hash, then count) works.
        var expectedHash: String? {
            expectHead.map { $0.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? "" }
        }

        func validate() throws {
            if let expectedHash, expectedHash.count != 64 || !expectedHash.allSatisfy(\.isHexDigit) {
                throw ValidationError("--expect-head must be a head hash: 64 hexadecimal digits, as 'audit head' prints")
            }
        }

        func run() throws {
            let progress = ProgressLine(unit: "checks")
            let report = try target.open().verifyAudit(expectingHead: expectedHash?.lowercased(), progress: progress)
            progress.finish()
            if output.isJSON {
                Console.output(CaseJSON.json(report).serialized() + "\n")
            } else if report.isIntact {
                Console.output("verified: \(report.eventCount) events, \(report.caseCount) cases, head \(report.headHash)\n")
            }
            try AuditPresenter.failIfNeeded(report.problems.map(\.description))
        }
    }

    struct Head: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "head", abstract: "Print the head hash and event count, to keep or publish elsewhere.",
            discussion: """
                Examples:
                  casetool audit head
                  casetool audit head --format json
                """)

        @OptionGroup var target: ReadTargetOptions
        @OptionGroup var output: DocumentFormatOptions

        func run() throws {
            let head = try target.open().auditHead()
            Console.output(output.isJSON
                ? CaseJSON.json(head).serialized() + "\n"
                : "\(head.hash) \(head.eventCount)\n")
        }
    }
}

extension AuditCommand {
    struct Security: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "security",
            abstract: "Show the security log: sign-ins, tokens, permission refusals, people.",
            usage: "casetool audit security [--since <time>] [--limit <n>] [--format <fmt>]",
            discussion: """
                Newest first. Entries are append-only, like the case history.

                Examples:
                  casetool audit security
                  casetool audit security --since 2026-11-01 --limit 500 --format csv
                """)

        @OptionGroup var target: ReadTargetOptions
        @OptionGroup var output: FormatOptions
        @Option(help: ArgumentHelp("Only entries from this time on (YYYY-MM-DD or an ISO 8601 time).", valueName: "time"))
        var since: String?
        @Option(help: ArgumentHelp("At most this many entries, 1 to 100000.", valueName: "n")) var limit = 100

        func validate() throws {
            if !(1...100_000).contains(limit) { throw ValidationError("--limit must be from 1 to 100000") }
        }

        func run() throws {
            let since = try OptionValues.time(since, option: "--since")
            var table = Tabular(columns: [
                .init(key: "id", title: "ID", style: .identifier),
                .init(key: "occurred_at", title: "WHEN"),
                .init(key: "kind", title: "WHAT"),
                .init(key: "person", title: "PERSON", fit: .wrap),
                .init(key: "actor", title: "BY", fit: .wrap, dropRank: 1),
                .init(key: "channel", title: "VIA", dropRank: 0),
                .init(key: "detail", title: "DETAIL", fit: .wrap),
                .init(key: "repeats", title: "TIMES", style: .count),
                .init(key: "last_at", title: "LAST", dropRank: 0),
            ])
            for entry in try target.open().securityLog(limit: limit, since: since) {
                table.append([
                    .integer(entry.id), .text(entry.occurredAt.iso8601), .text(entry.kind.rawValue),
                    entry.person.map { .text($0) } ?? .null, .text(entry.actor), .text(entry.channel.rawValue),
                    entry.detail.map { .text($0) } ?? .null, .integer(entry.repeats),
                    entry.lastAt.map { .text($0.iso8601) } ?? .null,
                ])
            }
            output.output(table, whenEmpty: "the security log has no entries" + (since.map { " since \($0.iso8601)" } ?? " yet"))
        }
    }
}

enum AuditPresenter {
    /// Reports the first problem (and how many more) on stderr and exits with the audit code.
    static func failIfNeeded(_ problems: [String], what: String = "audit") throws {
        guard let first = problems.first else { return }
        let more = problems.count > 1 ? " (and \(Formatting.counted(problems.count - 1, "more problem", plural: "more problems")); --format json lists them)" : ""
        Console.error("\(what) failed: \(first)\(more)")
        throw ExitCode(ExitCodes.auditFailed)
    }
}
