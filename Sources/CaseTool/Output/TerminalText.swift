/// Makes stored text safe to print on a terminal: a rationale or handle must not be able to move
/// the cursor, change colours or hide text. Everything else (emoji, right-to-left text, combining
/// marks) is printed as stored.
enum TerminalText {
    static func sanitized(_ text: String, keepNewlines: Bool = false) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where keepNewlines:
                out.unicodeScalars.append(scalar)
            case 0x0A, 0x0D:
                out += "⏎"
            case 0x09:
                out += " "
            case 0x00...0x1F, 0x7F...0x9F:
                // C0 and C1 controls, including ESC and CSI, which start terminal escape sequences.
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            case 0x202A...0x202E, 0x2066...0x2069:
                // Bidirectional overrides and isolates can reorder what follows them on the line.
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Cuts text to `width` characters, marking the cut.
    static func truncated(_ text: String, to width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
    }
}
