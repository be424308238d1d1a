import ArgumentParser
import CaseStore
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Enforcement figures per period, platform, policy, action or source, as published reports give them.",
        discussion: """
            Cases count in the period in which they were opened (UTC; weeks are ISO weeks). Every figure of \
            a row is about that row's cases, so a case appealed or reversed later still counts in the period \
            it was opened. Unless --omit-empty, every period from --since (or the first case) to --until \
            (or the last case), every policy in the catalog and every action and source get a row, zeros \
            included; platforms are those with selected cases. The last row is the total over all selected \
            cases, counting each account once: 'total' in tables; in CSV and JSON a row_type column says \
            'group' or 'total' (the total's group columns are empty), so nothing is counted twice.

            Accounts imported from DSA statements of reasons are unnamed (the statements name none): their \
            cases count as content items, but they are left out of actioned_accounts, reach and \
            repeat_offenders. Percentiles are nearest-rank: always one of the measured values.

            Metrics (stable keys, in CSV/JSON column order):
            \(ReportCommand.definitions)

            --layout long writes one row per group and metric (the dimensions, then metric and value), as \
            published data feeds do. Tables and Markdown show a core set of metrics unless --metrics is \
            given; CSV, JSON and HTML give all. --format html writes one self-contained page (tables and \
            SVG charts: cases per policy, decisions over time, appeal outcomes) for a browser or printing.

            Examples:
              casetool report --by policy
              casetool report --by period,policy --period quarter --format csv
              casetool report --by period,platform,policy --layout long --format json
              casetool report --by period --period week --format html > report.html
            """)

    @OptionGroup var target: ReadTargetOptions
    @OptionGroup var filters: CaseFilterOptions

    @Option(help: ArgumentHelp(
        "What to group by: a comma-separated list of \(ReportDimension.allCases.map(\.rawValue).joined(separator: ", ")); 'none' for one total row.",
        valueName: "dimensions"))
    var by: String = "policy"

    @Option(help: "Length of a period: day, week, month, quarter or year.")
    var period: ReportPeriod = .month

    @Option(help: "Output format: table, csv, json, markdown or html.")
    var format: ReportFormat = .table

    @Option(help: "wide (one row per group, one column per metric) or long (one row per group and metric).")
    var layout: ReportLayout = .wide

    @Option(help: ArgumentHelp("Comma-separated metric keys to give, or 'all' (see the list above).", valueName: "keys"))
    var metrics: String?

    @Flag(help: "Leave out rows without cases.")
    var omitEmpty = false

    @OptionGroup var spreadsheet: SpreadsheetOptions
    @OptionGroup var width: WidthOptions

    func run() throws {
        let request = ReportRequest(
            dimensions: try ReportDimension.list(by, field: "--by"), period: period, filter: try filters.filter(), omitEmpty: omitEmpty)
        let chosen = try metrics.map { try ReportMetric.list($0, field: "--metrics") }
        let cases = try target.open()
        if format == .html {
            let category = HTMLReport.chartCategory(for: request.dimensions)
            let reports = try OptionValues.named(Self.optionNames) {
                try cases.reports(
                    groupings: [request.dimensions, [category], [.period]], period: period, filter: request.filter, omitEmpty: omitEmpty)
            }
            Console.output(HTMLReport(
                main: reports[0], byCategory: reports[1], category: category, byPeriod: reports[2],
                metrics: chosen ?? ReportMetric.all, scope: describeScope()).render())
            return
        }
        let report = try OptionValues.named(Self.optionNames) {
            try cases.reports(groupings: [request.dimensions], period: period, filter: request.filter, omitEmpty: omitEmpty)[0]
        }
        let people = format == .table || format == .markdown
        let shown = chosen ?? (people && layout == .wide ? ReportTable.coreMetrics : ReportMetric.all)
        let table = layout == .long
            ? ReportTable.long(report, metrics: shown, marking: people ? .forPeople : .forPrograms)
            : ReportTable.wide(report, metrics: shown, marking: people ? .forPeople : .forPrograms)
        Console.output(Renderers.render(
            table, as: format.listingFormat ?? .table, spreadsheetSafe: spreadsheet.safe, width: width.tableWidth))
    }

    /// The server's names for what this command takes as options.
    private static let optionNames = ["by": "--by", "period": "--period", "omit_empty": "--omit-empty", "status": "--status"]

    /// A line saying what the report covers, for the page's heading.
    private func describeScope() -> String {
        var parts: [String] = []
        switch (filters.since, filters.until) {
        case let (since?, until?): parts.append("opened from \(since) until \(until)")
        case let (since?, nil): parts.append("opened from \(since)")
        case let (nil, until?): parts.append("opened until \(until)")
        case (nil, nil): break
        }
        for (name, value) in [
            ("policy", filters.policy), ("platform", filters.platform), ("account", filters.account),
            ("decision", filters.decision?.rawValue), ("source", filters.source?.rawValue), ("status", filters.status?.rawValue),
        ] {
            if let value { parts.append("\(name) \(value)") }
        }
        return parts.isEmpty ? "All cases" : "Cases " + parts.joined(separator: ", ")
    }

    /// Each key on its line, its definition under it, wrapped here to 72 columns with a hanging
    /// indent: help rewraps only lines wider than the terminal, so these keep their shape at 80.
    static var definitions: String {
        ReportMetric.all.map { metric in
            (["  \(metric.key)"] + TableLayout.wrap(metric.definition, width: 72, longWords: .keep).map { "      " + $0 })
                .joined(separator: "\n")
        }.joined(separator: "\n")
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, markdown, html

    var listingFormat: OutputFormat? { OutputFormat(rawValue: rawValue) }
}

enum ReportLayout: String, ExpressibleByArgument, CaseIterable {
    case wide, long
}

extension ReportPeriod: ExpressibleByArgument {}
