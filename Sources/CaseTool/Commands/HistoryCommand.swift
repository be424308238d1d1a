import ArgumentParser
import CaseStore

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the history of one case, or the audit trail across cases.",
        discussion: """
            With an id: every event of that case in order. Without: events of all cases, oldest first, \
            narrowed by --actor, --since and --until (on when each event happened).

            Examples:
              casetool history 12
              casetool history --actor alice --since 2024-02-01 --until 2024-02-29
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: "A case id (optional).") var id: String?
    @Option(help: "Only events by this actor.") var actor: String?
    @Option(help: ArgumentHelp("Only events at or after this time.", valueName: "time")) var since: String?
    @Option(help: ArgumentHelp("Only events at or before this time (a date includes that whole day).", valueName: "time"))
    var until: String?
    @Option(help: "At most this many events.") var limit: Int?

    func run() throws {
        let filter = EventFilter(
            caseID: try id.map(OptionValues.caseID), actor: actor,
            since: try OptionValues.time(since, option: "--since"), until: try OptionValues.rangeEnd(until, option: "--until"),
            limit: limit)
        let events = try database.openStore().events(matching: filter)
        Console.output(output.render(CasePresenter.eventList(events)))
    }
}
