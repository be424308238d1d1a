import ArgumentParser
import CaseStore

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the history of one case, or the audit trail across cases.",
        usage: "casetool history [<id>] [--actor <name>] [--since <t>] [--until <t>]\n"
            + "                [--limit <n> | --all] [--format <format>]",
        discussion: """
            With an id: every event of that case in order. Without: events of all cases, oldest first, \
            narrowed by --actor, --since and --until (on when each event happened): the latest 50 unless \
            --limit or --all.

            Examples:
              casetool history 12
              casetool history --actor alice --since 2024-02-01 --until 2024-02-29
              casetool history --all --format csv > audit-trail.csv
            """)

    @OptionGroup var target: ReadTargetOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: "A case id (optional).") var id: String?
    @Option(help: "Only events by this actor.") var actor: String?
    @Option(help: ArgumentHelp("Only events at or after this time.", valueName: "time")) var since: String?
    @Option(help: ArgumentHelp("Only events at or before this time (a date includes that whole day).", valueName: "time"))
    var until: String?
    @OptionGroup var page: PageOptions

    func run() throws {
        let caseID = try id.map(OptionValues.caseID)
        let filter = EventFilter(
            caseID: caseID, actor: actor,
            since: try OptionValues.time(since, option: "--since"), until: try OptionValues.rangeEnd(until, option: "--until"),
            // One case's history is shown whole unless --limit says otherwise.
            limit: caseID != nil && page.limit == nil ? nil : page.size)
        let (events, total, inAll) = try target.open().events(matching: filter)
        if !events.isEmpty || output.format.isMachineReadable {
            Console.output(output.render(CasePresenter.eventList(events)))
        }
        try page.footnote(shown: events.count, noun: "events", total: total, everything: inAll)
    }
}
