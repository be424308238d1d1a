import Foundation

/// A stacked bar chart as inline SVG, scaled by its viewBox so it fits any width, with a legend
/// and a tooltip (`<title>`) on every segment. Labels are escaped.
struct BarChart {
    struct Bar {
        let label: String
        /// One value per series.
        let segments: [Int]
        var total: Int { segments.reduce(0, +) }
    }

    let title: String
    let series: [String]
    let colors: [String]
    let bars: [Bar]
    let emptyMessage: String

    private static let width = 720.0

    /// Bars left to right, for series over time.
    func vertical() -> String {
        guard !bars.isEmpty else { return empty() }
        let top = 10.0, plotHeight = 220.0, left = 48.0, right = 8.0, labelBand = 56.0
        let legendTop = top + plotHeight + labelBand
        let height = legendTop + legendHeight
        let plotWidth = Self.width - left - right
        let slot = plotWidth / Double(bars.count)
        let barWidth = max(1, slot * 0.75)
        let scale = Self.niceMaximum(bars.map(\.total).max() ?? 0)
        // At most about 24 labels fit along the axis: label every nth bar.
        let labelEvery = max(1, Int((Double(bars.count) / 24).rounded(.up)))

        var svg = open(height: height)
        for tick in Self.ticks(scale) {
            let y = top + plotHeight - plotHeight * Double(tick) / Double(scale)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(Self.width - right))\" y2=\"\(f(y))\" stroke=\"#d6dbe1\"/>"
            svg += "<text x=\"\(f(left - 4))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(Formatting.thousands(Int64(tick)))</text>\n"
        }
        for (index, bar) in bars.enumerated() {
            let x = left + slot * Double(index) + (slot - barWidth) / 2
            var y = top + plotHeight
            for (serie, value) in bar.segments.enumerated() where value > 0 {
                let h = plotHeight * Double(value) / Double(scale)
                y -= h
                svg += rect(x: x, y: y, width: barWidth, height: h, color: colors[serie],
                            tooltip: "\(bar.label): \(series[serie]) \(Formatting.thousands(Int64(value)))")
            }
            if index % labelEvery == 0 {
                let lx = x + barWidth / 2, ly = top + plotHeight + 8
                svg += "<text x=\"\(f(lx))\" y=\"\(f(ly))\" text-anchor=\"end\" transform=\"rotate(-45 \(f(lx)) \(f(ly)))\">\(HTML.escape(bar.label))</text>\n"
            }
        }
        return svg + legend(top: legendTop) + "</svg>\n"
    }

    /// One bar per row, for categories with long names.
    func horizontal() -> String {
        guard !bars.isEmpty else { return empty() }
        let rowHeight = 22.0, labelWidth = 210.0, valueWidth = 70.0, top = 4.0
        let legendTop = top + rowHeight * Double(bars.count) + 8
        let height = legendTop + legendHeight
        let plotWidth = Self.width - labelWidth - valueWidth
        let scale = Double(max(1, bars.map(\.total).max() ?? 0))

        var svg = open(height: height)
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(index)
            svg += "<text x=\"\(f(labelWidth - 6))\" y=\"\(f(y + 15))\" text-anchor=\"end\">\(HTML.escape(String(bar.label.prefix(30))))</text>"
            var x = labelWidth
            for (serie, value) in bar.segments.enumerated() where value > 0 {
                let w = plotWidth * Double(value) / scale
                svg += rect(x: x, y: y + 3, width: w, height: rowHeight - 6, color: colors[serie],
                            tooltip: "\(bar.label): \(series[serie]) \(Formatting.thousands(Int64(value)))")
                x += w
            }
            svg += "<text x=\"\(f(x + 4))\" y=\"\(f(y + 15))\">\(Formatting.thousands(Int64(bar.total)))</text>\n"
        }
        return svg + legend(top: legendTop) + "</svg>\n"
    }

    private var legendHeight: Double { 22.0 * Double((series.count + 3) / 4) + 4 }

    private func legend(top: Double) -> String {
        var svg = ""
        for (index, name) in series.enumerated() {
            let x = 8 + Double(index % 4) * 178, y = top + 22 * Double(index / 4)
            svg += "<rect x=\"\(f(x))\" y=\"\(f(y + 4))\" width=\"12\" height=\"12\" fill=\"\(colors[index])\"/>"
            svg += "<text x=\"\(f(x + 17))\" y=\"\(f(y + 14))\">\(HTML.escape(name))</text>\n"
        }
        return svg
    }

    private func open(height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(Self.width)) \(f(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n"
            + "<title>\(HTML.escape(title))</title>\n"
    }

    private func empty() -> String {
        open(height: 40) + "<text x=\"8\" y=\"24\">\(HTML.escape(emptyMessage))</text>\n</svg>\n"
    }

    private func rect(x: Double, y: Double, width: Double, height: Double, color: String, tooltip: String) -> String {
        "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"\(color)\"><title>\(HTML.escape(tooltip))</title></rect>"
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// The axis maximum: 1, 2 or 5 times a power of ten, at least the largest value.
    static func niceMaximum(_ value: Int) -> Int {
        guard value > 0 else { return 1 }
        var power = 1
        while power * 10 <= value { power *= 10 }
        for step in [1, 2, 5, 10] where step * power >= value { return step * power }
        return 10 * power
    }

    /// Gridlines: zero, the maximum and up to three between.
    static func ticks(_ maximum: Int) -> [Int] {
        let step = max(1, maximum / 4)
        return Array(stride(from: 0, through: maximum, by: step))
    }
}
