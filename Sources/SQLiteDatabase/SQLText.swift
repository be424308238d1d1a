import Foundation

extension String {
    /// Without the `--` comment lines and blank lines before the first statement text.
    public var withoutLeadingComments: Substring {
        var rest = self[...]
        while true {
            rest = rest.drop { $0.isWhitespace }
            guard rest.hasPrefix("--") else { return rest }
            rest = rest.drop { !$0.isNewline }
        }
    }
}

extension String {
    /// The name as an SQL identifier in double quotes, any quote in it doubled.
    public var quotedSQLIdentifier: String {
        "\"" + replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
