import ArgumentParser
import CaseStore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one case: its account, policy, action, rationale, evidence and full history.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The case id.") var id: String

    @Option(help: "Output format: table (a readable case file) or json.")
    var format: OutputFormat = .table

    func validate() throws {
        guard format == .table || format == .json else {
            throw ValidationError("'show' writes --format table or json")
        }
    }

    func run() throws {
        let detail = try database.openStore().caseDetail(id: try OptionValues.caseID(id))
        Console.output(format == .json ? CasePresenter.json(detail).serialized() + "\n" : CasePresenter.text(detail))
    }
}
