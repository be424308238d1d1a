import Foundation

/// A printable document (a case file, a notice) before it is written as text, Markdown or HTML, so
/// the three always say the same thing. All stored text is escaped for the format it goes into.
struct Document {
    enum Block {
        case heading(String)
        /// Label and value pairs.
        case fields([(String, String)])
        case paragraph(String)
        /// Text quoted as stored (a rationale), line breaks kept.
        case quote(String)
        case list([String])
        /// References (evidence) with a note each; web addresses become links in HTML.
        case references([(reference: String, note: String)])
        case table(Tabular)
    }

    let title: String
    var blocks: [Block] = []

    /// The document as terminal text, fitted to `width` columns when given (prose always wraps at 78).
    func text(width: Int? = nil) -> String {
        let prose = min(78, width ?? 78)
        // Fitted to a terminal, nothing runs past its edge, not even a word longer than a line.
        let longWords: TableLayout.LongWords = width == nil ? .keep : .split
        let rule = min(72, width ?? 72)
        var lines = TableLayout.wrap(TerminalText.sanitized(title), width: width ?? Int.max / 2, longWords: longWords)
        lines += [String(repeating: "=", count: min(rule, TerminalText.displayWidth(title))), ""]
        var heading: String?  // the section a table belongs to, for the note naming what it hid
        for block in blocks {
            switch block {
            case .heading(let text):
                heading = text
                lines += [TerminalText.sanitized(text), String(repeating: "-", count: min(rule, TerminalText.displayWidth(text)))]
            case .fields(let fields):
                let labelWidth = fields.map(\.0.count).max() ?? 0
                let indent = String(repeating: " ", count: labelWidth + 2)
                for (label, value) in fields {
                    let valueLines = width.map { TableLayout.wrap(TerminalText.sanitized(value), width: max(20, $0 - labelWidth - 2), longWords: longWords) }
                        ?? [TerminalText.sanitized(value)]
                    lines.append(label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + "  " + valueLines[0])
                    lines += valueLines.dropFirst().map { indent + $0 }
                }
            case .paragraph(let text): lines += TableLayout.wrap(TerminalText.sanitized(text), width: prose, longWords: longWords)
            case .quote(let text):
                lines += TerminalText.sanitized(text, keepNewlines: true).split(separator: "\n", omittingEmptySubsequences: false)
                    .flatMap { $0.isEmpty ? [""] : TableLayout.wrap(String($0), width: prose - 2, longWords: longWords) }.map { "  " + $0 }
            case .list(let items): lines += bullets(items, width: width, longWords: longWords)
            case .references(let items): lines += bullets(items.map(Self.plain), width: width, longWords: longWords)
            case .table(let table):
                let fitted = Renderers.aligned(table, width: width.map { $0 - 2 })
                lines += fitted.text.split(separator: "\n").map { "  " + $0 }
                if let width, !fitted.hidden.isEmpty {
                    Console.message(Renderers.hiddenNote(fitted.hidden, width: width, table: heading?.lowercased()))
                }
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    func markdown() -> String {
        var parts = ["# " + Markdown.escape(title)]
        for block in blocks {
            switch block {
            case .heading(let text): parts.append("## " + Markdown.escape(text))
            case .fields(let fields):
                parts.append((["| | |", "| --- | --- |"] + fields.map { "| **\(Markdown.escape($0.0))** | \(Markdown.escape($0.1)) |" })
                    .joined(separator: "\n"))
            case .paragraph(let text): parts.append(Markdown.escape(text))
            case .quote(let text):
                parts.append(TerminalText.sanitized(text, keepNewlines: true).split(separator: "\n", omittingEmptySubsequences: false)
                    .map { "> " + Markdown.escape(String($0)) }.joined(separator: "\n"))
            case .list(let items): parts.append(items.map { "- " + Markdown.escape($0) }.joined(separator: "\n"))
            case .references(let items): parts.append(items.map { "- " + Markdown.escape(Self.plain($0)) }.joined(separator: "\n"))
            case .table(let table): parts.append(Renderers.markdown(table).trimmingCharacters(in: .newlines))
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    func html() -> String {
        var body = "<h1>\(HTML.escape(title))</h1>\n"
        for block in blocks {
            switch block {
            case .heading(let text): body += "<h2>\(HTML.escape(text))</h2>\n"
            case .fields(let fields):
                body += "<dl class=\"fields\">\n" + fields.map { "<dt>\(HTML.escape($0.0))</dt><dd>\(HTML.escape($0.1))</dd>\n" }.joined() + "</dl>\n"
            case .paragraph(let text): body += "<p>\(HTML.escape(text))</p>\n"
            case .quote(let text): body += "<blockquote>\(HTML.escape(text))</blockquote>\n"
            case .list(let items): body += "<ul>\n" + items.map { "<li>\(HTML.escape($0))</li>\n" }.joined() + "</ul>\n"
            case .references(let items):
                body += "<ul>\n" + items.map { "<li>\(HTML.reference($0.reference)) (\(HTML.escape($0.note)))</li>\n" }.joined() + "</ul>\n"
            case .table(let table): body += "<div class=\"scroll\">\n" + Renderers.html(table) + "</div>\n"
            }
        }
        return HTML.page(title: title, style: Self.style, body: body)
    }

    /// Items as a bulleted list, each wrapped under its bullet.
    private func bullets(_ items: [String], width: Int?, longWords: TableLayout.LongWords) -> [String] {
        items.flatMap { item in
            let itemLines = TableLayout.wrap(
                TerminalText.sanitized(item), width: max(20, (width ?? Int.max / 2) - 4), longWords: longWords)
            return ["  - " + itemLines[0]] + itemLines.dropFirst().map { "    " + $0 }
        }
    }

    /// A reference as text, where no format can make it a link.
    private static func plain(_ item: (reference: String, note: String)) -> String {
        "\(item.reference) (\(item.note))"
    }

    static let style = """

        body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24;
               max-width: 60rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.75rem; border-bottom: 1px solid #d6dbe1; }
        .fields { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        .fields dt { font-weight: 600; } .fields dd { margin: 0; overflow-wrap: anywhere; }
        blockquote { white-space: pre-wrap; margin: 0; padding: .5rem 1rem; border-left: 4px solid #0072B2; background: #f4f6f8; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; font-size: .85rem; }
        th, td { padding: .3rem .5rem; border-bottom: 1px solid #d6dbe1; text-align: left; vertical-align: top; }
        .num { text-align: right; } .time { white-space: nowrap; }
        p, li { overflow-wrap: anywhere; }
        @media (max-width: 40rem) { .fields { grid-template-columns: 1fr; } .fields dd { margin-bottom: .5rem; } }
        @media print { body { max-width: none; font-size: 10pt; } .scroll { overflow: visible; } table { font-size: 8pt; } }

        """
}
