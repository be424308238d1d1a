/// casetool's one CSV field encoder (RFC 4180): quoted when the value holds a comma, a quote or a
/// line break, or starts or ends with a space (which some readers trim); quotes doubled.
public enum CSVText {
    public static func field(_ value: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || value.unicodeScalars.first == " " || value.unicodeScalars.last == " "
        return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    /// What a spreadsheet (Excel, LibreOffice, Sheets) takes for the start of a formula: OWASP's list
    /// for CSV injection.
    public static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// A value of casetool's own CSV, made inert for a spreadsheet and still exactly recoverable:
    /// one starting as a formula, or with the quote that marks this, gets a leading `'`, which
    /// `unguarded` removes on import. (`'tis` stays as it is; `'=1` is `=1` guarded.)
    public static func guarded(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, formulaStarts.contains(first) || first == "'" else { return value }
        return "'" + value
    }

    /// The value `guarded` was given: a leading `'` is removed only before what it guards.
    public static func unguarded(_ value: String) -> String {
        let scalars = value.unicodeScalars
        guard scalars.first == "'", let second = scalars.dropFirst().first, formulaStarts.contains(second) || second == "'" else {
            return value
        }
        return String(value.dropFirst())
    }

    /// A record: fields encoded, comma-separated, CRLF-terminated.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }
}

extension CSVText {
    /// The DSA Transparency Database's dumps are written by PHP's `fputcsv`: a field is quoted when it
    /// holds a space, comma, quote, backslash, tab or line break, and lines end in LF. Kept exactly,
    /// so that a re-exported dump matches the original byte for byte.
    public static func dumpField(_ value: String) -> String {
        let needsQuotes = value.utf8.contains { [0x20, 0x2C, 0x22, 0x5C, 0x09, 0x0A, 0x0D].contains($0) }
        return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    /// A dump record: fields quoted as `fputcsv` does, LF-terminated.
    public static func dumpLine(_ fields: [String]) -> String {
        fields.map(dumpField).joined(separator: ",") + "\n"
    }
}
