/// casetool's one JSON string encoder, used for event payloads, exports, API bodies and every JSON
/// the command line prints. RFC 8259 escapes, plus `\uXXXX` for what a reader could be tricked by:
/// controls (C0, DEL, C1), line and paragraph separators (which end lines in JavaScript) and
/// invisible formatting characters. The same string to any JSON parser; everything else stays UTF-8.
public enum JSONText {
    public static func quoted(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 2)
        appendQuoted(text, to: &out)
        return out
    }

    /// Appends `text` as a JSON string: documents are built in one buffer, not string by string.
    public static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        // Most values are plain printable ASCII: no escaping to look for character by character.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x2028...0x2029).contains(scalar.value)
                || scalar.isInvisibleFormatting:
                for unit in String(scalar).utf16 { out += "\\u" + hex4(unit) }
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// A list of strings as compact JSON: `["a","b"]`, as CSV cells carry lists.
    public static func stringArray(_ values: [String]) -> String {
        "[" + values.map(quoted).joined(separator: ",") + "]"
    }

    private static func hex4(_ unit: UInt16) -> String {
        let digits = Array("0123456789abcdef")
        return String([12, 8, 4, 0].map { digits[Int((unit >> UInt16($0)) & 0xF)] })
    }
}
