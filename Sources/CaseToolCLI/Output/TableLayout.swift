import Foundation

/// Lays a table out in a given number of terminal columns without breaking a word: headers wrap at
/// spaces, prose wraps at spaces, codes after hyphens, long names are cut with an ellipsis, and when
/// that is not enough the columns marked as least needed are hidden, lowest `dropRank` first. Without a width the
/// table is laid out at its natural width. Cells are display strings (already terminal-safe).
struct TableLayout {
    let columns: [Tabular.Column]
    let cells: [[String]]
    /// Terminal columns the table may use, or nil for no limit.
    let width: Int?

    /// The laid-out lines, and the titles of the columns hidden to fit.
    func render() -> (lines: [String], hidden: [String]) {
        var visible = Array(columns.indices)
        var widths = columns.indices.map { naturalWidth($0) }
        var hidden: [String] = []
        if let width {
            func total(_ widths: [Int]) -> Int {
                visible.reduce(0) { $0 + widths[$1] } + 2 * max(0, visible.count - 1)
            }
            // 1. Headers wrap onto several lines before anything else gives way.
            for index in visible where total(widths) > width {
                widths[index] = max(cellWidth(index), longestWord(in: columns[index].title))
            }
            // 2. Hide the least needed columns while long text would have to be squeezed below a comfortable width.
            var comfortable = widths
            for index in visible where columns[index].fit != .whole {
                comfortable[index] = min(widths[index], comfortableWidth(index))
            }
            while total(comfortable) > width, let drop = leastNeeded(among: visible) {
                visible.removeAll { $0 == drop }
                hidden.append(columns[drop].title)
            }
            // 3. Long text wraps (or is cut) as narrow as it must, down to a floor.
            while total(widths) > width,
                  let widest = visible.filter({ columns[$0].fit != .whole && widths[$0] > minimumWidth($0) })
                      .max(by: { widths[$0] < widths[$1] }) {
                widths[widest] -= 1
            }
            // 4. Then the remaining optional columns go; past that, the terminal wraps the line.
            while total(widths) > width, let drop = leastNeeded(among: visible) {
                visible.removeAll { $0 == drop }
                hidden.append(columns[drop].title)
            }
        }
        // The note names hidden columns as the table orders them.
        hidden = columns.filter { column in hidden.contains(column.title) }.map(\.title)
        var lines = block(titles: visible.map { columns[$0].title }, visible: visible, widths: widths)
        lines.append(visible.map { String(repeating: "─", count: widths[$0]) }.joined(separator: "  "))
        for row in cells {
            lines += block(titles: visible.map { row[$0] }, visible: visible, widths: widths, isHeader: false)
        }
        return (lines, hidden)
    }

    /// Text is not squeezed narrower than this before optional columns are hidden: prose reads at 24
    /// columns, a code broken after its hyphens at 12.
    private func comfortableWidth(_ index: Int) -> Int {
        columns[index].fit == .wrap ? 24 : 12
    }

    private func naturalWidth(_ index: Int) -> Int {
        var natural = max(TerminalText.displayWidth(columns[index].title), cellWidth(index))
        // A cap is part of fitting: without a width (piped, --wide) every value is shown whole.
        if width != nil, columns[index].fit == .wrap, let cap = columns[index].maxTableWidth {
            natural = min(natural, max(cap, longestWord(in: columns[index].title)))
        }
        return natural
    }

    private func cellWidth(_ index: Int) -> Int {
        cells.reduce(0) { max($0, TerminalText.displayWidth($1[index])) }
    }

    /// A code broken after its hyphens keeps each part whole (`intellectual-` never becomes
    /// `intellectua…`); prose gives way down to 10 columns, and a name cut with an ellipsis down to 6
    /// (`Overs…`: enough to tell names apart, and what lets a narrow terminal keep the prose beside it).
    private func minimumWidth(_ index: Int) -> Int {
        let title = longestWord(in: columns[index].title)
        if columns[index].fit == .truncate { return max(6, title) }
        guard columns[index].fit == .wrapAtHyphens else { return max(10, title) }
        let longestPart = cells.reduce(0) { widest, row in
            Self.pieces(of: row[index]).reduce(widest) { max($0, TerminalText.displayWidth($1.trimmingTrailingSpaces())) }
        }
        return max(title, longestPart)
    }

    private func leastNeeded(among visible: [Int]) -> Int? {
        visible.compactMap { index in columns[index].dropRank.map { (index, $0) } }.min { $0.1 < $1.1 }?.0
    }

    private func longestWord(in text: String) -> Int {
        text.split(separator: " ").map { TerminalText.displayWidth(String($0)) }.max() ?? 0
    }

    /// One table row (or the header) as lines: each cell wrapped within its column, cells aligned.
    private func block(titles: [String], visible: [Int], widths: [Int], isHeader: Bool = true) -> [String] {
        let wrapped = zip(titles, visible).map { text, index -> [String] in
            let column = columns[index]
            let fits = TerminalText.displayWidth(text) <= widths[index]
            if fits { return [text] }
            if isHeader || column.fit == .wrap || column.fit == .wrapAtHyphens {
                return Self.wrap(text, width: widths[index], longWords: .cut)
            }
            return [TerminalText.truncated(text, toDisplayWidth: widths[index])]
        }
        let height = wrapped.map(\.count).max() ?? 1
        return (0..<height).map { line in
            zip(wrapped, visible).map { parts, index in
                let text = line < parts.count ? parts[line] : ""
                let padding = String(repeating: " ", count: max(0, widths[index] - TerminalText.displayWidth(text)))
                return columns[index].style == .text ? text + padding : padding + text
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }

    /// What becomes of a word longer than a whole line.
    enum LongWords {
        /// Cut with an ellipsis: a table cell, which `--wide` shows whole.
        case cut
        /// Split across lines, as a terminal would: prose fitted to a width. A web address or a hash is
        /// left whole, past the width, so that it can still be copied in one piece.
        case split
        /// Left whole, past the width: prose without a width.
        case keep
    }

    /// Text in lines of at most `width` columns, broken at spaces and after hyphens; a word longer than
    /// a whole line is handled as `longWords` says.
    static func wrap(_ text: String, width: Int, longWords: LongWords) -> [String] {
        var lines: [String] = []
        var line = ""
        // Widths add up word by word (words end at a space or a break), so each is measured once.
        var lineWidth = 0
        for piece in pieces(of: text) {
            var words = [piece]
            if TerminalText.displayWidth(piece) > width {
                switch longWords {
                case .cut: words = [TerminalText.truncated(piece.trimmingTrailingSpaces(), toDisplayWidth: width) + " "]
                case .split: if !isCopiedWhole(piece) { words = split(piece, width: width) }
                case .keep: break
                }
            }
            for word in words {
                let wordWidth = TerminalText.displayWidth(word)
                let trailingSpaces = word.utf8.reversed().prefix { $0 == UInt8(ascii: " ") }.count
                if !line.isEmpty && lineWidth + wordWidth - trailingSpaces > width {
                    lines.append(line.trimmingTrailingSpaces())
                    line = ""
                    lineWidth = 0
                }
                line += word
                lineWidth += wordWidth
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line.trimmingTrailingSpaces()) }
        return lines
    }

    /// Values people copy out of a document: a web address, a hash.
    private static func isCopiedWhole(_ word: String) -> Bool {
        let word = word.trimmingTrailingSpaces().trimmingCharacters(in: .punctuationCharacters)
        return word.contains("://") || (word.count >= 32 && word.allSatisfy(\.isHexDigit))
    }

    /// A word in pieces of at most `width` columns (by characters, so a character is never halved).
    private static func split(_ word: String, width: Int) -> [String] {
        var parts: [String] = []
        var part = ""
        for character in word {
            if !part.isEmpty, TerminalText.displayWidth(part + String(character)) > width {
                parts.append(part)
                part = ""
            }
            part.append(character)
        }
        if !part.isEmpty { parts.append(part) }
        return parts
    }

    /// Words with what follows them: a trailing space, or a hyphen they may break after. Chinese,
    /// Japanese and Korean text may break after any wide character, as those scripts do.
    private static func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == " " || (character == "-" && breaksAfterHyphen(current))
                || (!character.isASCII && TerminalText.displayWidth(String(character)) == 2) {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// A hyphen between letters joins words (`dangerous-organizations`); in a date, an id or a web
    /// address it is part of the value, which must stay whole to be typed or pasted back.
    private static func breaksAfterHyphen(_ word: String) -> Bool {
        guard word.last == "-", word.count > 1 else { return false }
        let before = word.dropLast().last
        return before?.isLetter == true && !word.contains("/") && !word.contains(where: \.isNumber)
    }
}
