import CaseStore

/// A report as a `Tabular`, in the wide layout (one row per group) or the long one (one row per
/// group and metric, as published data feeds are laid out).
enum ReportTable {
    /// What tables for people show unless told otherwise: the full set is too wide for a terminal.
    static let coreMetrics: [ReportMetric] = [
        .cases, .actioned, .actionedAccounts, .proactiveRate, .appealed, .reversedAfterAppeal, .restoredWithoutAppeal,
        .appealSuccessRate, .timeToAction(.p50), .timeToAction(.p90), .reach, .repeatOffenders,
    ]

    /// How the total row is told apart from the groups. People read "total" in the group's cells;
    /// programs get a `row_type` column (`group` or `total`) and empty group cells, so no value a
    /// group can take (a platform called "all") is mistaken for the total, and sums are not doubled.
    enum TotalMarking {
        case forPeople, forPrograms
    }

    /// `namingPolicies: false` leaves out the policy name column (a printed continuation table
    /// repeats only the key columns).
    static func wide(_ report: Report, metrics: [ReportMetric], marking: TotalMarking, namingPolicies: Bool = true) -> Tabular {
        let naming = namingPolicies && report.dimensions.contains(.policy)
        var columns = markerColumns(marking) + dimensionColumns(report)
        if naming {
            columns.append(.init(key: "policy_name", title: "POLICY NAME", maxTableWidth: 32, fit: .truncate, dropRank: -1))
        }
        columns += metrics.map { Tabular.Column(key: $0.key, title: title($0), style: style($0), dropRank: dropRank($0)) }
        var table = Tabular(columns: columns)
        for row in groupRows(report) {
            var cells = markerCells(marking, total: false) + report.dimensions.map { Tabular.Cell(row.group.value($0)) }
            if naming { cells.append(.init(row.group.policy?.name)) }
            table.append(cells + metrics.map { cell(row.figures.value($0)) })
        }
        var total = markerCells(marking, total: true) + totalCells(report, marking: marking)
        if naming { total.append(.null) }
        table.append(total + metrics.map { cell(report.total.value($0)) })
        return table
    }

    static func long(_ report: Report, metrics: [ReportMetric], marking: TotalMarking) -> Tabular {
        var table = Tabular(columns: markerColumns(marking) + dimensionColumns(report) + [
            .init(key: "metric", title: "METRIC"), .init(key: "value", title: "VALUE", style: .count),
        ])
        let groups = groupRows(report).map { row in
            (markerCells(marking, total: false) + report.dimensions.map { Tabular.Cell(row.group.value($0)) }, row.figures)
        } + [(markerCells(marking, total: true) + totalCells(report, marking: marking), report.total)]
        for (cells, figures) in groups {
            for metric in metrics {
                table.append(cells + [.text(metric.key), cell(figures.value(metric))])
            }
        }
        return table
    }

    /// The group rows; a report without dimensions has only its total (its one group is the same row).
    private static func groupRows(_ report: Report) -> [ReportRow] {
        report.dimensions.isEmpty ? [] : report.rows
    }

    private static func markerColumns(_ marking: TotalMarking) -> [Tabular.Column] {
        marking == .forPrograms ? [.init(key: "row_type", title: "ROW TYPE")] : []
    }

    private static func markerCells(_ marking: TotalMarking, total: Bool) -> [Tabular.Cell] {
        marking == .forPrograms ? [.text(total ? "total" : "group")] : []
    }

    private static func dimensionColumns(_ report: Report) -> [Tabular.Column] {
        report.dimensions.map { Tabular.Column(key: $0.rawValue, title: $0.rawValue.uppercased(), fit: .wrapAtHyphens) }
    }

    /// Which figures a narrow terminal hides first (lowest first); cases are always shown. The order
    /// keeps what published reports lead with: cases, actions, appeals and their outcomes.
    static func dropRank(_ metric: ReportMetric) -> Int? {
        switch metric {
        case .cases: nil
        case .actioned: 100
        case .appealed: 90
        case .reversedAfterAppeal: 80
        case .proactiveRate: 70
        case .appealSuccessRate: 60
        case .timeToAction(.p50): 50
        case .actionedAccounts: 40
        case .reach: 30
        case .timeToAction: 20
        case .restoredWithoutAppeal: 10
        default: 0
        }
    }

    /// The total row's dimension cells: "total" once, in the first, for people; empty for programs
    /// (`row_type` says it).
    private static func totalCells(_ report: Report, marking: TotalMarking) -> [Tabular.Cell] {
        report.dimensions.indices.map { marking == .forPrograms ? .null : .text($0 == 0 ? "total" : "") }
    }

    static func cell(_ value: ReportValue) -> Tabular.Cell {
        switch value {
        case .count(let number): .integer(number)
        case .rate(let share): .init(share)
        case .seconds(let seconds): .init(seconds)
        }
    }

    static func style(_ metric: ReportMetric) -> Tabular.Column.Style {
        switch metric.kind {
        case .count: .count
        case .rate: .ratio
        case .seconds: .duration
        }
    }

    /// Short column titles for tables; machine formats use `metric.key`.
    static func title(_ metric: ReportMetric) -> String {
        switch metric {
        case .actionedAccounts: "ACCOUNTS"
        case .actionedBy(let action): action.rawValue.replacingUnderscores.uppercased()
        case .detectedBy(let source): "FROM " + source.rawValue.replacingUnderscores.uppercased()
        case .proactiveRate: "PROACTIVE"
        case .automatedDetectionRate: "AUTO DETECTED"
        case .automatedDecisionRate: "AUTO DECIDED"
        case .reversedAfterAppeal: "REVERSED ON APPEAL"
        case .restoredWithoutAppeal: "RESTORED NO APPEAL"
        case .appealSuccessRate: "APPEALS WON"
        case .timeToAction(let p): "TO ACTION P\(p.rawValue)"
        case .appealToDecision(let p): "APPEAL DECIDED P\(p.rawValue)"
        case .repeatOffenders: "REPEAT ACCOUNTS"
        default: metric.key.replacingUnderscores.uppercased()
        }
    }
}

extension String {
    var replacingUnderscores: String { replacingOccurrences(of: "_", with: " ") }
}
