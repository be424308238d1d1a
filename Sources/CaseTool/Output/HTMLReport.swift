import CaseStore
import Foundation

/// A report as one self-contained HTML page: no scripts, no external assets (its Content Security
/// Policy forbids loading any), charts as inline SVG. Readable on a phone and when printed.
struct HTMLReport {
    let main: Report
    let byPolicy: Report
    let byPeriod: Report
    let metrics: [ReportMetric]
    let scope: String

    func render() -> String {
        let grouping = main.dimensions.isEmpty ? "no grouping" : main.dimensions.map(\.rawValue).joined(separator: " × ")
        var page = """
            <header>
            <h1>Enforcement report</h1>
            <p>\(HTML.escape(scope)). Grouped by \(HTML.escape(grouping)), periods of one \(main.period.rawValue) (UTC). \
            Generated \(Timestamp.now().date) by casetool.</p>
            </header>

            """
        page += summary()
        page += section("Cases per policy", id: "cases-per-policy", casesPerPolicy())
        page += section("Actions over time", id: "actions-over-time", actionsOverTime())
        page += section("Appeal outcomes", id: "appeal-outcomes", appealOutcomes())
        let table = ReportTable.wide(main, metrics: metrics, marking: .forPeople)
        page += "<section id=\"figures\">\n<h2>Figures</h2>\n<div class=\"scroll\">\n" + Renderers.html(table) + "</div>\n</section>\n"
        page += definitions()
        return HTML.page(title: "Enforcement report", style: Self.style, body: page)
    }

    private func section(_ title: String, id: String, _ chart: String) -> String {
        "<section id=\"\(id)\">\n<h2>\(title)</h2>\n<figure>\n\(chart)</figure>\n</section>\n"
    }

    private func summary() -> String {
        let total = main.total
        let items: [(String, String)] = [
            ("Cases", Formatting.thousands(Int64(total.cases))),
            ("Actioned", Formatting.thousands(Int64(total.actioned))),
            ("Accounts actioned", Formatting.thousands(Int64(total.actionedAccounts))),
            ("Proactive rate", total.proactiveRate.map(Formatting.percent) ?? "–"),
            ("Appealed", Formatting.thousands(Int64(total.appealed))),
            ("Reversed on appeal", Formatting.thousands(Int64(total.reversedAfterAppeal))),
            ("Median time to action", total.secondsToAction[.p50].map { Formatting.duration(seconds: $0) } ?? "–"),
            ("Reach (followers)", Formatting.thousands(total.reach)),
        ]
        return "<section id=\"summary\">\n<dl class=\"summary\">\n"
            + items.map { "<div><dt>\($0.0)</dt><dd>\($0.1)</dd></div>\n" }.joined() + "</dl>\n</section>\n"
    }

    private func definitions() -> String {
        "<section id=\"definitions\">\n<h2>Definitions</h2>\n<dl class=\"definitions\">\n"
            + metrics.map { "<dt>\($0.key)</dt><dd>\(HTML.escape($0.definition))</dd>\n" }.joined()
            + "</dl>\n<p>Cases count in the period in which they were opened. Accounts imported from DSA statements "
            + "of reasons are unnamed: their cases count, they do not. Percentiles are nearest-rank.</p>\n</section>\n"
    }

    // MARK: - Charts

    private func casesPerPolicy() -> String {
        let rows = byPolicy.rows.filter { $0.figures.cases > 0 }.sorted { $0.figures.cases > $1.figures.cases }
        let bars = rows.map { row in
            BarChart.Bar(label: row.group.policy?.code ?? "", segments: [
                row.figures.actioned, row.figures.cases - row.figures.actioned,
            ])
        }
        return BarChart(
            title: "Cases per policy", series: ["actioned", "not actioned"], colors: [Palette.colors[0], Palette.muted],
            bars: bars, emptyMessage: "No cases in this selection."
        ).horizontal()
    }

    private func actionsOverTime() -> String {
        let actions = EnforcementAction.allCases
        let bars = byPeriod.rows.map { row in
            BarChart.Bar(label: row.group.period ?? "", segments: actions.map { row.figures.actionedByAction[$0] ?? 0 })
        }
        return BarChart(
            title: "Actioned cases per \(byPeriod.period.rawValue), by action", series: actions.map(\.rawValue),
            colors: Array(Palette.colors.prefix(actions.count)), bars: bars,
            emptyMessage: "No cases in this selection."
        ).vertical()
    }

    private func appealOutcomes() -> String {
        let rows = byPolicy.rows.filter { $0.figures.appealed > 0 || $0.figures.restoredWithoutAppeal > 0 }
        let bars = rows.map { row in
            let figures = row.figures
            let pending = max(0, figures.appealed - figures.upheld - figures.reversedAfterAppeal)
            return BarChart.Bar(label: row.group.policy?.code ?? "", segments: [
                figures.upheld, figures.reversedAfterAppeal, pending, figures.restoredWithoutAppeal,
            ])
        }
        return BarChart(
            title: "Appeal outcomes per policy",
            series: ["upheld", "reversed after appeal", "appeal pending", "restored without appeal"],
            colors: [Palette.colors[0], Palette.colors[1], Palette.muted, Palette.colors[2]], bars: bars,
            emptyMessage: "No appeals or reversals in this selection."
        ).horizontal()
    }

    static let style = """

        :root { color-scheme: light; --ink: #1b1f24; --muted: #5b6470; --rule: #d6dbe1; }
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
        figure { margin: 0; }
        svg { width: 100%; height: auto; display: block; }
        svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
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
            /* Charts keep a legible size and scroll sideways rather than shrink their labels away. */
            figure { overflow-x: auto; }
            figure svg { min-width: 40rem; }
        }
        @media print {
            body { max-width: none; font-size: 10pt; }
            section { break-inside: avoid; }
            #figures, #definitions { break-inside: auto; }
            .scroll { overflow: visible; }
            table { font-size: 7pt; }
            th, td { padding: .1rem .25rem; }
            th { position: static; }
        }

        """
}

/// Colours that stay distinct for the common forms of colour blindness (Okabe and Ito).
enum Palette {
    static let colors = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]
    static let muted = "#B8C0CA"
}
