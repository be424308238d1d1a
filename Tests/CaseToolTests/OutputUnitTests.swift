import CaseStore
@testable import CaseToolCLI
import Foundation
import Testing

/// Renderers tested in-process, now that they live in a library.
@Suite("Charts and progress, in-process")
struct OutputUnitTests {
    @Test("value axes end at a round number near the data, in about five whole steps", arguments: [
        (0, 1, 1), (1, 1, 1), (2, 2, 1), (5, 5, 1), (7, 8, 2), (111, 125, 25), (1_000, 1_000, 200), (1_001, 1_250, 250),
    ])
    func axis(largest: Int, maximum: Int, step: Int) {
        let axis = BarChart.axis(largest)
        #expect(axis.maximum == maximum && axis.step == step)
        #expect(axis.maximum >= largest && axis.maximum % axis.step == 0)
    }

    @Test("runs of three or more empty periods fold into one break; the ends are trimmed; shorter runs stay")
    func folding() {
        let totals = [0, 0, 3, 0, 0, 0, 0, 2, 0, 1, 0, 0]
        let bars = totals.enumerated().map { BarChart.Bar(label: "p\($0.offset)", segments: [$0.element]) }
        let folded = BarChart.foldingEmptyRuns(bars, period: "month")
        #expect(folded.map(\.label) == ["p2", "…", "p7", "p8", "p9"])
        #expect(folded[1].gap == "p3 to p6: 4 months without cases")
        #expect(BarChart.foldingEmptyRuns(bars.map { BarChart.Bar(label: $0.label, segments: [0]) }, period: "month").isEmpty)
    }

    @Test("labels are fitted by width, not by count, and cut in the middle")
    func fitted() {
        #expect(BarChart.fitted("spam", room: 100) == "spam")
        let wide = String(repeating: "W", count: 20), narrow = String(repeating: "i", count: 20)
        #expect(BarChart.fitted(narrow, room: 100) == narrow, "twenty narrow letters fit")
        let cut = BarChart.fitted(wide, room: 100)
        #expect(cut.contains("…") && BarChart.estimatedWidth(cut) <= 100)
        let a = BarChart.fitted("platform-with-a-long-name-one", room: 120), b = BarChart.fitted("platform-with-a-long-name-two", room: 120)
        #expect(a != b && a.hasSuffix("one") && b.hasSuffix("two"), "names sharing a start stay told apart")
    }

    @Test("legend entries never run into each other: long series names take fewer columns, or are cut")
    func legendFits() throws {
        let names = DecisionKind.allCases.prefix(7).map(\.rawValue) + ["other kinds"]
        let chart = BarChart(
            title: "t", series: names, colors: Palette.colors, bars: [BarChart.Bar(label: "2024-01", segments: names.map { _ in 1 })],
            valueAxis: "decisions", emptyMessage: "none")
        for layout in [BarChart.Layout.wide, .narrow] {
            let svg = chart.with(layout).vertical()
            // Legend swatches are the 12×12 rects; their x positions are the columns.
            let columns = Set(svg.components(separatedBy: "width=\"12\" height=\"12\"").dropLast().compactMap { part in
                part.components(separatedBy: "<rect x=\"").last.flatMap { Double($0.prefix { $0 != "\"" }) }
            }).sorted()
            let columnWidth = columns.count > 1 ? columns[1] - columns[0] : layout.width - 16
            // The label drawn after each swatch, without the tooltip that keeps a cut name whole.
            let labels = svg.components(separatedBy: "height=\"12\" fill=").dropFirst().map { part -> String in
                let text = part.components(separatedBy: "</text>")[0].components(separatedBy: ">").last ?? ""
                return text
            }
            #expect(labels.count == names.count)
            let widest = labels.map(BarChart.legendWidth).max() ?? 0
            #expect(widest + 17 <= columnWidth, "\(layout): \(columns.count) columns of \(columnWidth) for \(widest)")
        }
    }

    @Test("the progress line: count, rate, share, time left and detail")
    func progressLine() {
        let line = ProgressLine(unit: "rows", isTerminal: false)
        #expect(line.line(done: 500, fraction: 0.5, detail: "part 2", elapsed: 10) == "500 rows, 50 rows/s, 50%, ETA 10s, part 2")
        #expect(line.line(done: 10, fraction: nil, detail: nil, elapsed: 5) == "10 rows, 2 rows/s")
        #expect(line.line(done: 10, fraction: 1, detail: nil, elapsed: 5) == "10 rows, 2 rows/s, 100%")
    }
}
