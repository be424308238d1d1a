/// Makes stored text safe to show to people, on a terminal or in a document: nothing in it can move
/// the cursor, change colours, reorder the line or hide text. Control characters, direction
/// overrides and isolates, and invisible formatting characters are written visibly as `\u{…}`; every
/// other character (emoji, right-to-left scripts, combining marks) is shown as stored. The first step
/// of every escaping for people: tables, notices, Markdown and HTML.
enum TerminalText {
    static func sanitized(_ text: String, keepNewlines: Bool = false) -> String {
        // Fast path: most stored text is plain ASCII without controls.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        out.reserveCapacity(scalars.count)
        for (index, scalar) in scalars.enumerated() {
            switch scalar.value {
            case 0x0D where index + 1 < scalars.count && scalars[index + 1] == "\n":
                continue  // CRLF is one line break
            case 0x0A, 0x0D, 0x85, 0x2028, 0x2029:
                if keepNewlines { out.append("\n") } else { out.append(contentsOf: "⏎".unicodeScalars) }
            case 0x09:
                out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F:
                // C0 and C1 controls, including ESC and CSI, which start terminal escape sequences.
                out.append(contentsOf: visible(scalar))
            case 0x200E, 0x200F, 0x061C:
                // Left-to-right, right-to-left and Arabic letter marks only settle how neutral characters
                // sit in right-to-left text, which writes them routinely; they cannot reorder a line.
                out.append(scalar)
            case _ where scalar.isInvisibleFormatting && !isJoinerInsideWord(scalars, at: index):
                // Direction overrides reorder what follows; zero-width characters hide text or make two
                // strings print alike.
                out.append(contentsOf: visible(scalar))
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// How many terminal columns text takes: East Asian wide and fullwidth characters and emoji take
    /// two, everything else one per character (combining marks belong to their character).
    static func displayWidth(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.count }
        return text.reduce(0) { $0 + width(of: $1) }
    }

    /// Cuts text to `width` terminal columns, marking the cut.
    static func truncated(_ text: String, toDisplayWidth width: Int) -> String {
        guard displayWidth(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let next = Self.width(of: character)
            if used + next > width - 1 { break }
            result.append(character)
            used += next
        }
        return result + "…"
    }

    private static func width(of character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.count > 1 && character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    private static func visible(_ scalar: Unicode.Scalar) -> String.UnicodeScalarView {
        ("\\u{" + String(scalar.value, radix: 16) + "}").unicodeScalars
    }

    /// Zero-width (non-)joiners are part of writing: Persian puts U+200C inside words, emoji sequences
    /// join with U+200D. Between two letters, or after an emoji, they are shown as they are.
    private static func isJoinerInsideWord(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard scalars[index].value == 0x200C || scalars[index].value == 0x200D, index > 0, index + 1 < scalars.count else {
            return false
        }
        let before = scalars[index - 1].properties
        let after = scalars[index + 1].properties
        if before.isEmojiPresentation || before.isEmojiModifier || scalars[index - 1].value == 0xFE0F {
            return after.isEmoji
        }
        return isLetter(before.generalCategory) && isLetter(after.generalCategory)
    }

    private static func isLetter(_ category: Unicode.GeneralCategory) -> Bool {
        switch category {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark,
             .spacingMark:
            return true
        default:
            return false
        }
    }
}
