import Foundation

/// A stacked bar chart as inline SVG, scaled by its viewBox so it fits any width, with a titled value
/// axis on a "nice" scale, a legend, and a tooltip (`<title>`) on every segment and every cut label.
/// All text is escaped.
struct BarChart {
    struct Bar {
        let label: String
        /// One value per series.
        let segments: [Int]
        /// A run of empty periods drawn as one narrow break instead of a stretch of nothing.
        var gap: String?
        var total: Int { segments.reduce(0, +) }

        init(label: String, segments: [Int]) {
            self.label = label
            self.segments = segments
        }

        /// A break in a time axis standing for `count` empty periods from `first` to `last`.
        static func gap(first: String, last: String, count: Int, period: String) -> Bar {
            var bar = Bar(label: "…", segments: [])
            bar.gap = "\(first) to \(last): \(count) \(period)s without cases"
            return bar
        }
    }

    /// Wide for screens and paper; narrow for phones, where a wide chart would be shrunk until its
    /// text is unreadable (the page shows one or the other by the screen's width).
    enum Layout {
        case wide, narrow

        var width: Double { self == .wide ? 720 : 360 }
        var legendColumns: Int { self == .wide ? 4 : 2 }
    }

    let title: String
    let series: [String]
    let colors: [String]
    let bars: [Bar]
    /// What the value axis counts, with its unit ("actioned cases").
    let valueAxis: String
    let emptyMessage: String
    var layout = Layout.wide

    private var width: Double { layout.width }
    private static let gapWidth = 0.6

    func with(_ layout: Layout) -> BarChart {
        var chart = self
        chart.layout = layout
        return chart
    }

    /// Bars left to right, for series over time.
    func vertical() -> String {
        guard bars.contains(where: { $0.total > 0 }) else { return empty() }
        let top = 10.0, plotHeight = layout == .wide ? 220.0 : 180.0, left = layout == .wide ? 62.0 : 50.0, right = 8.0
        let labelBand = 62.0
        let legendTop = top + plotHeight + labelBand
        let height = legendTop + legendHeight
        let plotWidth = width - left - right
        let units = bars.reduce(0.0) { $0 + ($1.gap == nil ? 1 : Self.gapWidth) }
        let slot = plotWidth / units
        let barWidth = max(1, min(slot * 0.75, 48))
        let axis = Self.axis(bars.map(\.total).max() ?? 0)
        // At most about 24 labels fit along the axis (8 on a phone): label every nth bar.
        let labelEvery = max(1, Int((Double(bars.count) / (layout == .wide ? 24 : 8)).rounded(.up)))

        var svg = open(height: height)
        svg += gridlines(axis: axis) { tick in
            let y = top + plotHeight - plotHeight * Double(tick) / Double(axis.maximum)
            return "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\" stroke=\"#d6dbe1\"/>"
                + "<text x=\"\(f(left - 4))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(Formatting.thousands(Int64(tick)))</text>\n"
        }
        let axisMiddle = top + plotHeight / 2
        svg += "<text x=\"12\" y=\"\(f(axisMiddle))\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(f(axisMiddle)))\" class=\"axis\">"
            + "\(HTML.escape(valueAxis))</text>\n"
        var x = left
        for (index, bar) in bars.enumerated() {
            if let gap = bar.gap {
                let middle = x + slot * Self.gapWidth / 2
                svg += "<g><title>\(HTML.escape(gap))</title>"
                    + "<line x1=\"\(f(middle))\" y1=\"\(f(top))\" x2=\"\(f(middle))\" y2=\"\(f(top + plotHeight))\" stroke=\"#5b6470\" stroke-dasharray=\"3 3\"/>"
                    + "<text x=\"\(f(middle))\" y=\"\(f(top + plotHeight + 14))\" text-anchor=\"middle\">…</text></g>\n"
                x += slot * Self.gapWidth
                continue
            }
            let barX = x + (slot - barWidth) / 2
            var y = top + plotHeight
            for (serie, value) in bar.segments.enumerated() where value > 0 {
                let h = plotHeight * Double(value) / Double(axis.maximum)
                y -= h
                svg += rect(x: barX, y: y, width: barWidth, height: h, color: color(serie),
                            tooltip: "\(bar.label): \(series[serie]) \(Formatting.thousands(Int64(value)))")
            }
            if index % labelEvery == 0 {
                let lx = barX + barWidth / 2, ly = top + plotHeight + 8
                svg += label(bar.label, room: 80, x: lx, y: ly, anchor: "end", transform: "rotate(-45 \(f(lx)) \(f(ly)))")
            }
            x += slot
        }
        return svg + legend(top: legendTop) + "</svg>\n"
    }

    /// One bar per row, for categories with long names: beside the bar, or above it on a phone.
    func horizontal() -> String {
        guard bars.contains(where: { $0.total > 0 }) else { return empty() }
        let narrow = layout == .narrow
        let rowHeight = narrow ? 34.0 : 22.0, labelWidth = narrow ? 8.0 : 210.0, valueWidth = narrow ? 50.0 : 70.0
        let barOffset = narrow ? 16.0 : 3.0, top = 4.0, axisBand = 36.0
        let plotBottom = top + rowHeight * Double(bars.count)
        let legendTop = plotBottom + axisBand
        let height = legendTop + legendHeight
        let plotWidth = width - labelWidth - valueWidth
        let axis = Self.axis(bars.map(\.total).max() ?? 0)

        var svg = open(height: height)
        svg += gridlines(axis: axis) { tick in
            let x = labelWidth + plotWidth * Double(tick) / Double(axis.maximum)
            return "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(plotBottom))\" stroke=\"#d6dbe1\"/>"
                + "<text x=\"\(f(x))\" y=\"\(f(plotBottom + 14))\" text-anchor=\"middle\">\(Formatting.thousands(Int64(tick)))</text>\n"
        }
        svg += "<text x=\"\(f(labelWidth + plotWidth / 2))\" y=\"\(f(plotBottom + 30))\" text-anchor=\"middle\" class=\"axis\">"
            + "\(HTML.escape(valueAxis))</text>\n"
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(index)
            svg += narrow
                ? label(bar.label, room: width - labelWidth - 8, x: labelWidth, y: y + 12, anchor: "start")
                : label(bar.label, room: labelWidth - 12, x: labelWidth - 6, y: y + 15, anchor: "end")
            var x = labelWidth
            for (serie, value) in bar.segments.enumerated() where value > 0 {
                let w = plotWidth * Double(value) / Double(axis.maximum)
                svg += rect(x: x, y: y + barOffset, width: w, height: 16, color: color(serie),
                            tooltip: "\(bar.label): \(series[serie]) \(Formatting.thousands(Int64(value)))")
                x += w
            }
            svg += "<text x=\"\(f(x + 4))\" y=\"\(f(y + barOffset + 12))\">\(Formatting.thousands(Int64(bar.total)))</text>\n"
        }
        return svg + legend(top: legendTop) + "</svg>\n"
    }

    /// A label that fits `room` viewBox units, cut in the middle with an ellipsis when it does not
    /// (names that share a long start stay told apart); cut or not, its full text is its tooltip.
    private func label(_ text: String, room: Double, x: Double, y: Double, anchor: String, transform: String? = nil) -> String {
        let shown = Self.fitted(text, room: room)
        let transformAttribute = transform.map { " transform=\"\($0)\"" } ?? ""
        return "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\"\(transformAttribute)><title>\(HTML.escape(text))</title>"
            + "\(HTML.escape(shown))</text>\n"
    }

    /// `text` cut to about `room` units of 12px sans-serif, keeping its start and its end.
    static func fitted(_ text: String, room: Double) -> String {
        guard estimatedWidth(text) > room else { return text }
        let characters = Array(text)
        let budget = room - estimatedWidth("…")
        var head = 0, tail = 0
        var used = 0.0
        // Two thirds of the room to the start, the rest to the end.
        while head < characters.count, used + estimatedWidth(String(characters[head])) <= budget * 2 / 3 {
            used += estimatedWidth(String(characters[head]))
            head += 1
        }
        while tail < characters.count - head,
              used + estimatedWidth(String(characters[characters.count - 1 - tail])) <= budget {
            used += estimatedWidth(String(characters[characters.count - 1 - tail]))
            tail += 1
        }
        return String(characters[..<head]) + "…" + String(characters[(characters.count - tail)...])
    }

    /// Rough advance widths of 12px system sans-serif, in viewBox units: enough to keep a label in
    /// its band whatever letters it is made of ("wwww" is three times as wide as "iiii").
    static func estimatedWidth(_ text: String) -> Double {
        text.unicodeScalars.reduce(0.0) { width, scalar in
            let character = Character(scalar)
            let advance: Double
            switch character {
            case "i", "j", "l", "I", ".", ",", ":", ";", "'", "|", "!", "(", ")", "[", "]", "f", "t", "r", " ", "-": advance = 0.32
            case "m", "w", "M", "W": advance = 0.92
            case _ where scalar.properties.isEmojiPresentation || TerminalText.displayWidth(String(character)) == 2: advance = 1.0
            case _ where character.isUppercase: advance = 0.7
            default: advance = 0.56
            }
            return width + advance * 12
        }
    }

    private func gridlines(axis: (maximum: Int, step: Int), _ line: (Int) -> String) -> String {
        stride(from: 0, through: axis.maximum, by: axis.step).map(line).joined()
    }

    private var legendHeight: Double {
        22.0 * Double((series.count + legendColumns - 1) / legendColumns) + 4
    }

    /// As many columns as the layout allows and the longest name leaves room for (long decision
    /// kinds would otherwise run into the next entry); a name still too long is cut, whole in its title.
    private var legendColumns: Int {
        let widest = series.map(Self.legendWidth).max() ?? 0
        return max(1, min(layout.legendColumns, Int((width - 16) / (widest + 17 + 12))))
    }

    /// A legend name's width with room to spare: the estimate runs up to a fifth narrow for the wide
    /// sans-serif fonts browsers use on Linux (DejaVu Sans), and a legend has no room to overlap into.
    static func legendWidth(_ text: String) -> Double { estimatedWidth(text) * 1.2 }

    private func legend(top: Double) -> String {
        var svg = ""
        let columns = legendColumns
        let columnWidth = (width - 16) / Double(columns)
        for (index, name) in series.enumerated() {
            let x = 8 + Double(index % columns) * columnWidth, y = top + 22 * Double(index / columns)
            let shown = Self.fitted(name, room: (columnWidth - 17 - 8) / 1.2)
            svg += "<rect x=\"\(f(x))\" y=\"\(f(y + 4))\" width=\"12\" height=\"12\" fill=\"\(color(index))\"/>"
            svg += "<text x=\"\(f(x + 17))\" y=\"\(f(y + 14))\">"
                + (shown == name ? HTML.escape(name) : "<title>\(HTML.escape(name))</title>\(HTML.escape(shown))") + "</text>\n"
        }
        return svg
    }

    /// Series beyond the palette reuse its colours rather than fail (a catalog may grow).
    private func color(_ serie: Int) -> String {
        colors.isEmpty ? Palette.muted : colors[serie % colors.count]
    }

    private func open(height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n"
            + "<title>\(HTML.escape(title))</title>\n"
    }

    private func empty() -> String {
        open(height: 40) + "<text x=\"8\" y=\"24\">\(HTML.escape(emptyMessage))</text>\n</svg>\n"
    }

    private func rect(x: Double, y: Double, width: Double, height: Double, color: String, tooltip: String) -> String {
        "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"\(color)\"><title>\(HTML.escape(tooltip))</title></rect>"
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// The value axis: about five whole steps of 1, 2, 2.5 or 5 times a power of ten, and the first
    /// multiple of the step at or above the largest value (111 → 0, 25 … 125; 5 → 0, 1 … 5).
    static func axis(_ largest: Int) -> (maximum: Int, step: Int) {
        guard largest > 0 else { return (1, 1) }
        let rough = Double(largest) / 5
        var power = 1.0
        while power * 10 <= rough { power *= 10 }
        let multiples = power >= 10 ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10]
        let step = max(1, Int(((multiples.first { $0 * power >= rough } ?? 10) * power).rounded()))
        let steps = (largest + step - 1) / step
        return (steps * step, step)
    }

    /// Time-axis bars with every run of three or more empty periods folded into one break, so a few
    /// early cases do not squeeze the periods that hold the rest into a corner of the chart.
    static func foldingEmptyRuns(_ bars: [Bar], period: String, minimumRun: Int = 3) -> [Bar] {
        var folded: [Bar] = []
        var run: [Bar] = []
        func flush() {
            if run.count >= minimumRun, let first = run.first, let last = run.last {
                folded.append(.gap(first: first.label, last: last.label, count: run.count, period: period))
            } else {
                folded += run
            }
            run.removeAll()
        }
        // Empty periods before the first case and after the last one are left out altogether.
        guard let firstUsed = bars.firstIndex(where: { $0.total > 0 }),
              let lastUsed = bars.lastIndex(where: { $0.total > 0 })
        else { return [] }
        for bar in bars[firstUsed...lastUsed] {
            if bar.total == 0 {
                run.append(bar)
            } else {
                flush()
                folded.append(bar)
            }
        }
        flush()
        return folded
    }
}
