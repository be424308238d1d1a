import ArgumentParser
import CaseAPI
import CaseStore

/// `casetool queue`: what waits for a person, longest waiting first.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "The review queue: open, escalated and appealed cases, longest waiting first.",
        usage: "casetool queue [<filters>] [--limit <n> | --all] [--format <format>]",
        discussion: """
            A case waits from its last move (or its opening). The 50 that waited
            longest unless --limit or --all; the same filters as 'casetool list'.
            HOLDER names whoever has claimed the case ('casetool claim').

            Examples:
              casetool queue
              casetool queue --status appealed
              casetool queue --policy spam --platform X --format json
            """)

    @OptionGroup var target: ReadTargetOptions
    @OptionGroup var filters: CaseFilterOptions
    @OptionGroup var page: PageOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        let cases = try target.open()
        let filter = try OptionValues.named(["status": "--status"]) { try filters.filter(limit: page.size) }
        let (entries, total, inAll) = try OptionValues.named(["status": "--status"]) { try cases.queue(matching: filter) }
        let now = Timestamp.now()
        var table = Tabular(columns: [
            .init(key: "case_id", title: "CASE", style: .identifier),
            .init(key: "status", title: "STATUS"),
            .init(key: "waiting_seconds", title: "WAITING", style: .duration),
            .init(key: "waiting_since", title: "SINCE", dropRank: 0),
            .init(key: "policy", title: "POLICY", fit: .wrapAtHyphens),
            .init(key: "held_by", title: "HOLDER", maxTableWidth: 16, fit: .truncate),
            .init(key: "held_until", title: "UNTIL", inTable: false),
            .init(key: "platform", title: "PLATFORM", fit: .truncate, dropRank: 2),
            .init(key: "handle", title: "HANDLE", fit: .truncate, dropRank: 1),
        ])
        for entry in entries {
            table.append([
                .integer(entry.caseID), .text(entry.status.rawValue),
                .integer(max(0, now.seconds(since: entry.waitingSince))),
                .text(entry.waitingSince.iso8601), .text(entry.policy), .init(entry.claim?.holder),
                .init(entry.claim?.expiresAt.iso8601), .text(entry.platform), .text(entry.handle),
            ])
        }
        if !entries.isEmpty || output.format.isMachineReadable {
            Console.output(output.render(table))
        }
        try page.footnote(
            shown: entries.count, noun: "waiting cases", order: "the longest waiting", total: total, everything: inAll)
    }
}
