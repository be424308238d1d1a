import CaseAPI
import CaseStore
import Foundation

/// Turns a `Tabular` into text in each output format.
enum Renderers {
    static func render(_ table: Tabular, as format: OutputFormat, spreadsheetSafe: Bool = true, width: Int? = nil) -> String {
        switch format {
        case .table: fitted(table, width: width)
        case .csv: csv(table, spreadsheetSafe: spreadsheetSafe)
        case .json: json(table).serialized() + "\n"
        case .markdown: markdown(table)
        }
    }

    static func json(_ table: Tabular) -> JSONValue {
        .array(table.rows.map { row in .object(zip(table.columns, row).map { ($0.key, $1.json) }) })
    }

    /// RFC 4180: CRLF line ends; fields with commas, quotes, line breaks or edge spaces are quoted.
    /// `spreadsheetSafe` makes text cells inert in a spreadsheet and on a terminal (see `spreadsheetCell`).
    static func csv(_ table: Tabular, spreadsheetSafe: Bool = true) -> String {
        var lines = [table.columns.map { CSVText.field($0.key) }.joined(separator: ",")]
        for row in table.rows {
            lines.append(row.map { cell in
                if spreadsheetSafe, case .text(let text) = cell { return CSVText.field(spreadsheetCell(text)) }
                return CSVText.field(cell.plain)
            }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Text a spreadsheet shows as text. OWASP's rule against formula injection: a cell starting with
    /// `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel, LibreOffice and Sheets, so
    /// it gets a leading `'`; controls and invisible characters are shown visibly, as in tables.
    static func spreadsheetCell(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        let shown = TerminalText.sanitized(text, keepNewlines: true)
        return CSVText.formulaStarts.contains(first) ? "'" + shown : shown
    }


    /// `aligned`, saying on stderr which columns were hidden to fit.
    static func fitted(_ table: Tabular, width: Int?) -> String {
        let (text, hidden) = aligned(table, width: width)
        if let width, !hidden.isEmpty { Console.message(hiddenNote(hidden, width: width)) }
        return text
    }

    /// One line for stderr, short enough not to wrap at 80 columns itself for a few columns.
    static func hiddenNote(_ hidden: [String], width: Int, table: String? = nil) -> String {
        (table.map { "\($0): " } ?? "") + "hidden at \(width) columns: \(hidden.joined(separator: ", ")); see --wide"
    }

    /// An aligned text table fitted to `width` terminal columns (nil: no limit), with the titles of the
    /// columns it had to hide.
    static func aligned(_ table: Tabular, width: Int? = nil) -> (text: String, hidden: [String]) {
        let table = table.forPeople
        let layout = TableLayout(columns: table.columns, cells: displayCells(table, cutLongText: width != nil), width: width).render()
        return (layout.lines.joined(separator: "\n") + "\n", layout.hidden)
    }

    /// An HTML table; numbers right-aligned. Every text is escaped.
    static func html(_ table: Tabular) -> String {
        let table = table.forPeople
        func cellClass(_ column: Tabular.Column) -> String {
            // Times never wrap inside a value; numbers align right.
            column.style != .text ? " class=\"num\"" : column.key.hasSuffix("_at") ? " class=\"time\"" : ""
        }
        var html = "<table>\n<thead><tr>"
        html += table.columns.map { "<th scope=\"col\"\(cellClass($0))>\(HTML.escape($0.title))</th>" }.joined()
        html += "</tr></thead>\n<tbody>\n"
        for row in displayCells(table, cutLongText: false) {
            html += "<tr>" + zip(row, table.columns).map { "<td\(cellClass($1))>\(HTML.escape($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    static func markdown(_ table: Tabular) -> String {
        let table = table.forPeople
        let escape = Markdown.escape
        var lines = ["| " + table.columns.map { escape($0.title) }.joined(separator: " | ") + " |"]
        lines.append("|" + table.columns.map { $0.style == .text ? " --- |" : " ---: |" }.joined())
        for row in displayCells(table, cutLongText: false) {
            lines.append("| " + row.map(escape).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Cells as people read them: styled numbers, terminal-safe text; long text cut to its column's cap
    /// only in a table fitted to a terminal (pages wrap, and `--wide` or a pipe shows every value whole).
    static func displayCells(_ table: Tabular, cutLongText: Bool) -> [[String]] {
        table.rows.map { row in
            zip(row, table.columns).map { cell, column in
                let text: String
                switch (cell, column.style) {
                case (.null, _): text = "–"
                case (.integer(let number), .count): text = Formatting.thousands(number)
                case (.integer(let number), .identifier): text = String(number)
                case (.integer(let seconds), .duration): text = Formatting.duration(seconds: seconds)
                case (.real(let ratio), .ratio): text = Formatting.percent(ratio)
                default: text = TerminalText.sanitized(cell.plain)
                }
                guard cutLongText, column.fit != .wrap, let width = column.maxTableWidth else { return text }
                return TerminalText.truncated(text, toDisplayWidth: width)
            }
        }
    }
}

extension Tabular {
    /// The table without its machine-only columns.
    var forPeople: Tabular {
        let kept = columns.indices.filter { columns[$0].inTable }
        return Tabular(columns: kept.map { columns[$0] }, rows: rows.map { row in kept.map { row[$0] } })
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
