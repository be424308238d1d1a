import CaseAPI
import ArgumentParser
import CaseStore

struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Show an account, its standing (strikes) and every case against it.",
        usage: "casetool account <platform> <handle> [--as-of <time>] [<options>]",
        discussion: """
            An actioned case under a policy with a strike rule gives the account strikes, active for as \
            long as the rule says; a reversal takes them away, an upheld appeal keeps them. Thresholds \
            recommend the next decision; casetool never takes it. Rules: 'casetool policies strikes'.

            Examples:
              casetool account Facebook DonaldTrump
              casetool account Instagram @khamenei_ir --format json
              casetool account Instagram @khamenei_ir --as-of 2024-01-01
            """)

    @OptionGroup var target: ReadTargetOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: "The platform.") var platform: String
    @Argument(help: "The handle (a leading @ is ignored).") var handle: String
    @Option(help: ArgumentHelp("The standing as it was at this time (its cases as they stood then).", valueName: "time"))
    var asOf: String?

    func run() throws {
        let asOf = try OptionValues.rangeEnd(asOf, option: "--as-of")
        let history = try target.open().accountHistory(platform: platform, handle: handle, asOf: asOf)
        let cases = CasePresenter.caseList(history.cases)
        switch output.format {
        case .json:
            let json = CaseJSON.json(history.account)
                .adding("case_count", .integer(Int64(history.cases.count)))
                .adding("actioned_count", .integer(Int64(history.actioned)))
                .adding("standing", CaseJSON.json(history.standing))
                .adding("cases", Renderers.json(cases))
            Console.output(json.serialized() + "\n")
        case .csv, .markdown:
            Console.output(output.render(cases))
        case .table:
            let account = history.account
            let width = output.width.tableWidth
            let name = account.displayName.map { " (\($0))" } ?? ""
            let heading = "@\(account.handle)\(name) on \(account.platform), \(CasePresenter.describe(account.type)), "
                + "followers: \(account.followerCount.map(Formatting.thousands) ?? "unknown")"
            let lines = TableLayout.wrap(TerminalText.sanitized(heading), width: width ?? Int.max / 2, longWords: width == nil ? .keep : .split)
            let standing = history.standing
            let when = asOf.map { "as of \($0.iso8601)" } ?? "now"
            var text = lines.joined(separator: "\n") + "\n"
                + "\(Formatting.counted(history.cases.count, "case")), \(history.actioned) actioned\n"
                + "standing \(when): \(StrikeWording.strikes(standing.activeStrikes))\n"
            for policy in standing.policies {
                // Indented under the standing; wrapped lines further in, all within the terminal.
                let summary = TableLayout.wrap(
                    TerminalText.sanitized(StrikeWording.summary(policy)), width: width.map { max(20, $0 - 4) } ?? Int.max / 2, longWords: .split)
                text += "  " + summary.joined(separator: "\n    ") + "\n"
            }
            if !standing.policies.isEmpty { text += "\n" + Renderers.fitted(StrikeWording.strikeTable(standing), width: width) }
            Console.output(text + "\n" + Renderers.fitted(cases, width: width))
        }
    }
}
