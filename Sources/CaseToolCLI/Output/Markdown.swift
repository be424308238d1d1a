/// Markdown's escaping, the only one every Markdown renderer uses: stored text comes out as the
/// words it is, never as a link, an image, HTML, a heading, a list or a table cell boundary.
enum Markdown {
    /// Text for one line (a paragraph, a list item, a table cell): line breaks become spaces.
    static func escape(_ text: String) -> String {
        // TerminalText knows every line break (CRLF, CR, NEL, U+2028/2029): kept as LF, then made spaces.
        let shown = Array(TerminalText.sanitized(text, keepNewlines: true).replacingOccurrences(of: "\n", with: " ").unicodeScalars)
        var out = String.UnicodeScalarView()
        out.reserveCapacity(shown.count)
        // Block syntax (list markers, breaks, headings) counts only at the start of a line: before
        // anything but spaces, or after nothing but spaces and digits (`1.`, `2)`).
        var onlySpacesBefore = true
        var onlyDigitsBefore = false
        for (index, scalar) in shown.enumerated() {
            let next = index + 1 < shown.count ? shown[index + 1] : nil
            let escaped: Bool
            switch scalar {
            // Emphasis, code, links and images, HTML and entities, tables, headings, quotes, strikethrough,
            // and `$`, which GitHub reads as mathematics.
            case "\\", "`", "*", "_", "[", "]", "<", ">", "&", "|", "#", "~", "!", "{", "}", "$":
                escaped = true
            // `name@example.org` e-mail autolinks; a handle's own `@name` is not one.
            case "@": escaped = index > 0 && (shown[index - 1].properties.isAlphabetic || ("0"..."9").contains(shown[index - 1])
                || [".", "_", "-", "+"].contains(shown[index - 1]))
            // `https://…` autolinks: the colon is what they are recognised by.
            case ":": escaped = next == "/"
            // `www.…` autolinks.
            case ".": escaped = onlyDigitsBefore
                || (index >= 3 && String(String.UnicodeScalarView(shown[(index - 3)..<index])).lowercased() == "www")
            // List items, thematic breaks and setext underlines.
            case "-", "+", "=": escaped = onlySpacesBefore
            case ")": escaped = onlyDigitsBefore
            default: escaped = false
            }
            if escaped { out.append("\\") }
            out.append(scalar)
            if scalar.properties.isWhitespace && onlySpacesBefore { continue }
            let isDigit = ("0"..."9").contains(scalar)
            onlyDigitsBefore = isDigit && (onlySpacesBefore || onlyDigitsBefore)
            onlySpacesBefore = false
        }
        return String(out)
    }
}
