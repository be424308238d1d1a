import ArgumentParser
import CaseStore

/// Case filters shared by `list` and `report`.
struct CaseFilterOptions: ParsableArguments {
    @Option(help: "Only this policy (code).", completion: Completions.policyCode) var policy: String?
    @Option(help: "Only cases in this status.") var status: CaseStatus?
    @Option(help: "Only this platform.") var platform: String?
    @Option(help: "Only this account handle.") var account: String?
    @Option(help: ArgumentHelp("Only cases that took this kind of decision (see 'casetool new --help').", valueName: "kind"))
    var decision: DecisionKind?
    @Option(help: "Only this detection source.") var source: DetectionSource?
    @Option(help: ArgumentHelp("Only cases opened at or after this time.", valueName: "time")) var since: String?
    @Option(help: ArgumentHelp("Only cases opened at or before this time (a date includes that whole day).", valueName: "time"))
    var until: String?

    /// Whether any filter was given (a command that takes them only with another option says so).
    var anyGiven: Bool {
        [policy, status?.rawValue, platform, account, decision?.rawValue, source?.rawValue, since, until].contains { $0 != nil }
    }

    func filter(limit: Int? = nil) throws -> CaseFilter {
        let from = try OptionValues.time(since, option: "--since")
        let to = try OptionValues.rangeEnd(until, option: "--until")
        if let from, let to, from > to, let since, let until {
            throw CaseStoreError.invalidValue(field: "--since", problem: "'\(since)' is after --until '\(until)': no case could match")
        }
        return CaseFilter(
            policyCode: policy, status: status, platform: platform, handle: account, decision: decision, source: source,
            since: from, until: to, limit: limit)
    }
}

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List cases, most recently opened first: the latest 50 unless --limit or --all.",
        usage: "casetool list [<filters>] [--limit <n> | --all] [--format <format>]",
        discussion: """
            Examples:
              casetool list
              casetool list --policy hate-speech --status actioned --since 2024-01-01
              casetool list --platform Instagram --account khamenei_ir --format json
              casetool list --all --format csv > cases.csv
            """)

    @OptionGroup var target: ReadTargetOptions
    @OptionGroup var filters: CaseFilterOptions
    @OptionGroup var page: PageOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        let filter = try filters.filter(limit: page.size)
        let (cases, total, inAll) = try target.open().cases(matching: filter)
        if !cases.isEmpty || output.format.isMachineReadable {
            Console.output(output.render(CasePresenter.caseList(cases)))
        }
        try page.footnote(shown: cases.count, noun: "cases", total: total, everything: inAll)
    }
}
