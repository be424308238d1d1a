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
