import CaseAPI
import ArgumentParser
import CaseStore

struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Show an account and every case against it (repeat violations).",
        usage: "casetool account <platform> <handle> [--format <format>] [--wide]",
        discussion: """
            Examples:
              casetool account Facebook DonaldTrump
              casetool account Instagram @khamenei_ir --format json
            """)

    @OptionGroup var target: ReadTargetOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: "The platform.") var platform: String
    @Argument(help: "The handle (a leading @ is ignored).") var handle: String

    func run() throws {
        let history = try target.open().accountHistory(platform: platform, handle: handle)
        let cases = CasePresenter.caseList(history.cases)
        switch output.format {
        case .json:
            guard case .object(var members) = CaseJSON.json(history.account) else { return }
            members.append(("case_count", .integer(Int64(history.cases.count))))
            members.append(("actioned_count", .integer(Int64(history.actioned))))
            members.append(("cases", Renderers.json(cases)))
            Console.output(JSONValue.object(members).serialized() + "\n")
        case .csv, .markdown:
            Console.output(output.render(cases))
        case .table:
            let account = history.account
            let width = output.width.tableWidth
            let name = account.displayName.map { " (\($0))" } ?? ""
            let heading = "@\(account.handle)\(name) on \(account.platform), \(CasePresenter.describe(account.type)), "
                + "followers: \(account.followerCount.map(Formatting.thousands) ?? "unknown")"
            let lines = TableLayout.wrap(TerminalText.sanitized(heading), width: width ?? Int.max / 2, longWords: width == nil ? .keep : .split)
            Console.output(lines.joined(separator: "\n") + "\n"
                + "\(Formatting.counted(history.cases.count, "case")), \(history.actioned) actioned\n\n"
                + Renderers.fitted(cases, width: width))
        }
    }
}
