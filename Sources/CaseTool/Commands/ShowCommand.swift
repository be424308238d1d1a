import ArgumentParser
import CaseStore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one case: its account, policy, action, rationale, evidence and full history.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The case id.") var id: String

    @Option(help: ArgumentHelp(
        "Show the case as it stood at this time, rebuilt from the events that had happened by then.", valueName: "time"))
    var asOf: String?

    @OptionGroup var output: DocumentFormatOptions

    func run() throws {
        let store = try database.openStore()
        let caseID = try OptionValues.caseID(id)
        if let time = try OptionValues.rangeEnd(asOf, option: "--as-of") {
            let detail = try store.caseAsOf(id: caseID, time: time)
            Console.output(output.isJSON
                ? CasePresenter.json(detail, asOf: time).serialized() + "\n"
                : "As of \(time.iso8601), rebuilt from \(detail.events.count) event(s)\n\n" + CasePresenter.text(detail))
        } else {
            let detail = try store.caseDetail(id: caseID)
            Console.output(output.isJSON ? CasePresenter.json(detail).serialized() + "\n" : CasePresenter.text(detail))
        }
    }
}
