import ArgumentParser
import CaseStore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Enforcement figures per policy, platform, action, source or month.",
        discussion: """
            Cases are counted in the period in which they were opened (--since/--until).
              cases            cases opened
              actioned         cases that reached 'actioned' (whatever happened after)
              dismissed        cases now 'dismissed'
              appealed         cases appealed at least once
              reversed         cases now 'reversed' (action withdrawn, on appeal or not)
              reversal_rate    reversed / actioned
              followers        followers of the distinct accounts with an actioned case, each counted once,
                               at the largest count recorded on its actioned cases (reach)
              median_time_to_action_seconds
                               median time from opening a case to its first 'actioned'
            The table ends with a total over all rows (reach counts each account once there too).
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var filters: CaseFilterOptions
    @OptionGroup var output: FormatOptions

    @Option(help: "What to group by.") var by: ReportDimension = .policy

    func run() throws {
        let report = try database.openStore().report(by: by, filter: try filters.filter())
        var table = Self.table(report.rows, dimension: by)
        if output.format == .table || output.format == .markdown {
            table.rows += Self.table([report.total], dimension: by).rows
        }
        Console.output(Renderers.render(table, as: output.format))
    }

    static func table(_ rows: [ReportRow], dimension: ReportDimension) -> Tabular {
        var columns: [Tabular.Column] = [.init(key: dimension.rawValue, title: dimension.rawValue.uppercased())]
        if dimension == .policy {
            columns.append(.init(key: "policy_name", title: "NAME", maxTableWidth: 40))
        }
        columns += [
            .init(key: "cases", title: "CASES", style: .count),
            .init(key: "actioned", title: "ACTIONED", style: .count),
            .init(key: "dismissed", title: "DISMISSED", style: .count),
            .init(key: "appealed", title: "APPEALED", style: .count),
            .init(key: "reversed", title: "REVERSED", style: .count),
            .init(key: "reversal_rate", title: "REVERSAL RATE", style: .ratio),
            .init(key: "followers", title: "FOLLOWERS", style: .count),
            .init(key: "median_time_to_action_seconds", title: "MEDIAN TO ACTION", style: .duration),
        ]
        var table = Tabular(columns: columns)
        for row in rows {
            var cells: [Tabular.Cell] = [.text(row.key)]
            if dimension == .policy { cells.append(.init(row.label)) }
            cells += [
                .init(row.cases), .init(row.actioned), .init(row.dismissed), .init(row.appealed), .init(row.reversed),
                .init(row.reversalRate), .integer(row.actionedFollowers), .init(row.medianSecondsToAction),
            ]
            table.append(cells)
        }
        return table
    }
}
