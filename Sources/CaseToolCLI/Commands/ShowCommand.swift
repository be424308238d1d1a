import CaseAPI
import ArgumentParser
import CaseStore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one case: its account, policy, action, rationale, evidence and full history.",
        usage: "casetool show <id> [--as-of <time>] [--format <format>] [--wide]",
        discussion: """
            Examples:
              casetool show 4
              casetool show 4 --as-of 2021-03-01
              casetool show 4 --format html > case-4.html
            """)

    @OptionGroup var target: ReadTargetOptions

    @Argument(help: "The case id.") var id: String

    @Option(help: ArgumentHelp(
        "Show the case as it stood at this time, rebuilt from the events that had happened by then.", valueName: "time"))
    var asOf: String?

    @Option(help: "Output format: table (readable text), json, markdown or html (a printable case file).")
    var format: CaseFileFormat = .table

    @OptionGroup var width: WidthOptions

    func run() throws {
        let cases = try target.open()
        let caseID = try OptionValues.caseID(id)
        let asOf = try OptionValues.rangeEnd(asOf, option: "--as-of")
        let detail = try cases.caseDetail(id: caseID, asOf: asOf)
        switch format {
        case .json: Console.output(CaseJSON.json(detail, asOf: asOf).serialized() + "\n")
        case .table: Console.output(CasePresenter.caseFile(detail, asOf: asOf).text(width: width.tableWidth))
        case .markdown: Console.output(CasePresenter.caseFile(detail, asOf: asOf).markdown())
        case .html: Console.output(CasePresenter.caseFile(detail, asOf: asOf).html())
        }
    }
}

/// `--format` for printable documents (a case file, a notice).
enum CaseFileFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, markdown, html
}
