import CaseStore
import Foundation

/// A report as one self-contained HTML page: no scripts, no external assets (its Content Security
/// Policy forbids loading any), charts as inline SVG. Readable on a phone and when printed.
struct HTMLReport {
    let main: Report
    /// The report grouped by `category` alone, for the per-category charts.
    let byCategory: Report
    /// What the charts compare: the first dimension of `--by` that is not the period, else policy.
    let category: ReportDimension
    let byPeriod: Report
    let metrics: [ReportMetric]
    let scope: String

    /// The dimension the charts of a report grouped by `dimensions` compare.
    static func chartCategory(for dimensions: Set<ReportDimension>) -> ReportDimension {
        dimensions.sorted().first { $0 != .period } ?? .policy
    }

    /// Metric columns per printed table: what fits across an A4 page at the print size, so that on
    /// paper the figures are split into tables that each repeat the group's key columns.
    static let printedMetricsPerTable = 7

    func render() -> String {
        let grouping = main.dimensions.isEmpty
            ? "Not grouped" : "Grouped by " + main.dimensions.map(\.rawValue).joined(separator: " × ")
        var page = """
            <header>
            <h1>Enforcement report</h1>
            <p>\(HTML.escape(scope)). \(HTML.escape(grouping)), periods of one \(main.period.rawValue) (UTC). \
            Generated \(Timestamp.now().date) by casetool.</p>
            </header>

            """
        page += summary()
        let noun = Self.noun(category)
        page += section("Cases per \(noun)", id: "cases-per-category", casesPerCategory()) { $0.horizontal() }
        page += section("Decisions over time", id: "actions-over-time", actionsOverTime()) { $0.vertical() }
        page += section("Appeal outcomes per \(noun)", id: "appeal-outcomes", appealOutcomes()) { $0.horizontal() }
        page += figures()
        page += definitions()
        return HTML.page(title: "Enforcement report", style: Self.style, body: page)
    }

    /// A chart in both layouts; the style sheet shows the narrow one on phones, the wide one elsewhere.
    private func section(_ title: String, id: String, _ chart: BarChart, _ draw: (BarChart) -> String) -> String {
        "<section id=\"\(id)\">\n<h2>\(HTML.escape(title))</h2>\n<figure>\n"
            + "<div class=\"chart-wide\">\n\(draw(chart.with(.wide)))</div>\n"
            + "<div class=\"chart-narrow\">\n\(draw(chart.with(.narrow)))</div>\n"
            + "</figure>\n</section>\n"
    }

    /// On screen one table that scrolls sideways; on paper, where nothing scrolls, the same figures as
    /// tables of a few metrics each, every one repeating the group's key columns.
    private func figures() -> String {
        var html = "<section id=\"figures\">\n<h2>Figures</h2>\n<div class=\"scroll screen-only\">\n"
        html += Renderers.html(ReportTable.wide(main, metrics: metrics, marking: .forPeople)) + "</div>\n"
        let chunks = stride(from: 0, to: metrics.count, by: Self.printedMetricsPerTable).map {
            Array(metrics[$0..<min($0 + Self.printedMetricsPerTable, metrics.count)])
        }
        for (index, chunk) in chunks.enumerated() {
            html += "<div class=\"print-only\">\n"
            if chunks.count > 1 { html += "<p class=\"part\">Figures, part \(index + 1) of \(chunks.count)</p>\n" }
            html += Renderers.html(ReportTable.wide(main, metrics: chunk, marking: .forPeople, namingPolicies: index == 0))
            html += "</div>\n"
        }
        return html + "</section>\n"
    }

    private func summary() -> String {
        let total = main.total
        // Accounts and reach count named accounts only: when DSA statements (which name none) are all
        // or part of the selection, the card says so instead of showing a zero or a partial figure.
        let accountsNote: String?
        if total.actionedOnUnnamedAccounts > 0 {
            accountsNote = total.actionedOnUnnamedAccounts == total.actioned
                ? "not counted: DSA statements name no account"
                : "leaves out \(Formatting.counted(total.actionedOnUnnamedAccounts, "case")) on accounts DSA statements do not name"
        } else {
            accountsNote = nil
        }
        let accountsUnknown = total.actioned > 0 && total.actionedOnUnnamedAccounts == total.actioned
        let items: [(title: String, value: String, note: String?)] = [
            ("Cases", Formatting.thousands(Int64(total.cases)), nil),
            ("Actioned", Formatting.thousands(Int64(total.actioned)), nil),
            ("Accounts actioned", accountsUnknown ? "–" : Formatting.thousands(Int64(total.actionedAccounts)), accountsNote),
            ("Proactive rate", total.proactiveRate.map(Formatting.percent) ?? "–", nil),
            ("Appealed", Formatting.thousands(Int64(total.appealed)), nil),
            ("Reversed on appeal", Formatting.thousands(Int64(total.reversedAfterAppeal)), nil),
            ("Median time to action", total.secondsToAction[.p50].map { Formatting.duration(seconds: $0) } ?? "–", nil),
            ("Reach (followers)", accountsUnknown ? "–" : Formatting.thousands(total.reach), accountsNote),
        ]
        return "<section id=\"summary\">\n<dl class=\"summary\">\n"
            + items.map { item in
                "<div><dt>\(item.title)</dt><dd>\(item.value)</dd>"
                    + (item.note.map { "<dd class=\"note\">\(HTML.escape($0))</dd>" } ?? "") + "</div>\n"
            }.joined() + "</dl>\n</section>\n"
    }

    private func definitions() -> String {
        "<section id=\"definitions\">\n<h2>Definitions</h2>\n<dl class=\"definitions\">\n"
            + metrics.map { "<dt>\($0.key)</dt><dd>\(HTML.escape($0.definition))</dd>\n" }.joined()
            + "</dl>\n<p>Cases count in the period in which they were opened. Accounts imported from DSA statements "
            + "of reasons are unnamed: their cases count, they do not. Percentiles are nearest-rank. On the time axis, "
            + "three or more periods in a row without cases are folded into one break (…).</p>\n</section>\n"
    }

    // MARK: - Charts

    private static func noun(_ dimension: ReportDimension) -> String {
        switch dimension {
        case .source: "source of detection"
        default: dimension.rawValue
        }
    }

    private func label(_ row: ReportRow) -> String {
        row.group.value(category) ?? ""
    }

    private func casesPerCategory() -> BarChart {
        let rows = byCategory.rows.filter { $0.figures.cases > 0 }.sorted { $0.figures.cases > $1.figures.cases }
        let bars = rows.map { row in
            BarChart.Bar(label: label(row), segments: [row.figures.actioned, row.figures.cases - row.figures.actioned])
        }
        return BarChart(
            title: "Cases per \(Self.noun(category))", series: ["actioned", "not actioned"],
            colors: [Palette.colors[0], Palette.muted], bars: bars, valueAxis: "cases (number)",
            emptyMessage: "No cases in this selection.")
    }

    /// Decisions per period, one series per kind taken. Kinds beyond the palette's colours are
    /// merged into "other kinds" (the least taken first), so any number of kinds stays readable.
    private func actionsOverTime() -> BarChart {
        let taken = DecisionKind.allCases.map { kind in
            (kind: kind, total: byPeriod.rows.reduce(0) { $0 + ($1.figures.actionedByDecision[kind] ?? 0) })
        }.filter { $0.total > 0 }
        let shown: [DecisionKind] = taken.count <= Palette.colors.count
            ? taken.map(\.kind)
            : taken.sorted { $0.total > $1.total }.prefix(Palette.colors.count - 1).map(\.kind)
                .sorted { $0.severityRank < $1.severityRank }
        let merged = taken.map(\.kind).filter { !shown.contains($0) }
        let bars = byPeriod.rows.map { row in
            let counts = row.figures.actionedByDecision
            var segments = shown.map { counts[$0] ?? 0 }
            if !merged.isEmpty { segments.append(merged.reduce(0) { $0 + (counts[$1] ?? 0) }) }
            return BarChart.Bar(label: row.group.period ?? "", segments: segments)
        }
        let series = shown.map(\.rawValue) + (merged.isEmpty ? [] : ["other kinds"])
        let colors = Array(Palette.colors.prefix(shown.count)) + (merged.isEmpty ? [] : [Palette.muted])
        return BarChart(
            title: "Decisions taken per \(byPeriod.period.rawValue), by kind", series: series,
            colors: colors, bars: BarChart.foldingEmptyRuns(bars, period: byPeriod.period.rawValue),
            valueAxis: "decisions per \(byPeriod.period.rawValue)",
            emptyMessage: "No actioned cases in this selection.")
    }

    private func appealOutcomes() -> BarChart {
        let rows = byCategory.rows.filter { $0.figures.appealed > 0 || $0.figures.restoredWithoutAppeal > 0 }
        let bars = rows.map { row in
            let figures = row.figures
            let pending = max(0, figures.appealed - figures.upheld - figures.reversedAfterAppeal)
            return BarChart.Bar(label: label(row), segments: [
                figures.upheld, figures.reversedAfterAppeal, pending, figures.restoredWithoutAppeal,
            ])
        }
        return BarChart(
            title: "Appeal outcomes per \(Self.noun(category))",
            series: ["upheld", "reversed after appeal", "appeal pending", "restored without appeal"],
            colors: [Palette.colors[0], Palette.colors[1], Palette.muted, Palette.colors[2]], bars: bars,
            valueAxis: "cases (number)", emptyMessage: "No appeals or reversals in this selection.")
    }

    static let style = """

        :root { --ink: #1b1f24; --muted: #5b6470; --rule: #d6dbe1; }
        * { box-sizing: border-box; }
        body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
               max-width: 72rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--rule); }
        header p, figcaption, .definitions dd, section > p { color: var(--muted); }
        .summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; margin: 1rem 0; }
        .summary div { border: 1px solid var(--rule); border-radius: .4rem; padding: .5rem .75rem; }
        .summary dt { font-size: .8rem; color: var(--muted); }
        .summary dd { margin: 0; font-size: 1.3rem; font-variant-numeric: tabular-nums; }
        .summary dd.note { font-size: .75rem; color: var(--muted); }
        figure { margin: 0; }
        svg { width: 100%; height: auto; display: block; }
        svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
        svg text.axis { fill: var(--muted); }
        .print-only, .chart-narrow { display: none; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; font-size: .85rem; font-variant-numeric: tabular-nums; }
        th, td { padding: .3rem .5rem; border-bottom: 1px solid var(--rule); text-align: left; white-space: nowrap; }
        th { position: sticky; top: 0; background: #fff; }
        .num { text-align: right; }
        tbody tr:last-child td { font-weight: 600; border-top: 2px solid var(--ink); }
        .definitions dt { font-family: ui-monospace, monospace; font-size: .85rem; margin-top: .5rem; }
        .definitions dd { margin-left: 1rem; }
        @media (max-width: 40rem) {
            body { font-size: 15px; padding: .5rem; }
            table { font-size: .75rem; }
            /* Phones get the narrow charts, drawn for their width, rather than wide ones shrunk. */
            .chart-wide { display: none; }
            .chart-narrow { display: block; }
        }
        @media print {
            body { max-width: none; font-size: 10pt; }
            section { break-inside: avoid; }
            #figures, #definitions { break-inside: auto; }
            .screen-only { display: none; }
            .print-only { display: block; break-inside: avoid; }
            .part { margin: .75rem 0 .25rem; font-size: 8pt; }
            table { font-size: 7pt; }
            th, td { padding: .1rem .25rem; }
            th { position: static; white-space: normal; vertical-align: bottom; }
            /* Paper cannot scroll: names wrap inside their cell; numbers and times stay whole. */
            td { white-space: normal; overflow-wrap: anywhere; }
            td.num, td.time { white-space: nowrap; }
        }

        """
}

/// Colours that stay distinct for the common forms of colour blindness (Okabe and Ito).
enum Palette {
    static let colors = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]
    static let muted = "#B8C0CA"
}
