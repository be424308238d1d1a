/// casetool's one JSON string encoder, used for event payloads, exports, API bodies and every JSON
/// the command line prints. RFC 8259 escapes, plus `\uXXXX` for what a reader could be tricked by:
/// controls (C0, DEL, C1), line and paragraph separators (which end lines in JavaScript) and
/// invisible formatting characters. The same string to any JSON parser; everything else stays UTF-8.
public enum JSONText {
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a JSON string to UTF-8 bytes: documents are built in one buffer, and what
    /// needs no escaping (nearly everything) is copied a run at a time, never a character at a time.
    public static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { appendEscaped($0, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// A list of strings as compact JSON: `["a","b"]`, as CSV cells carry lists.
    public static func stringArray(_ values: [String]) -> String {
        "[" + values.map(quoted).joined(separator: ",") + "]"
    }

    /// `bytes` is valid UTF-8 (a Swift string's own storage), so a lead byte tells its scalar's length.
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var runStart = 0
        var index = 0
        func flushRun() {
            if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte >= 0x20 && byte != 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                    index += 1
                    continue
                }
                flushRun()
                appendEscape(forASCII: byte, to: &out)
                index += 1
                runStart = index
                continue
            }
            let (scalar, length) = decodeScalar(bytes, at: index)
            if needsEscape(scalar) {
                flushRun()
                for unit in String(scalar).utf16 { appendUnicodeEscape(unit, to: &out) }
                runStart = index + length
            }
            index += length
        }
        flushRun()
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        (0x80...0x9F).contains(scalar.value) || (0x2028...0x2029).contains(scalar.value) || scalar.isInvisibleFormatting
    }

    private static func appendEscape(forASCII byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
        case UInt8(ascii: "\n"): out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case UInt8(ascii: "\r"): out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case UInt8(ascii: "\t"): out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        default: appendUnicodeEscape(UInt16(byte), to: &out)
        }
    }

    private static func appendUnicodeEscape(_ unit: UInt16, to out: inout [UInt8]) {
        let digits: StaticString = "0123456789abcdef"
        out.append(contentsOf: [0x5C, UInt8(ascii: "u")])
        for shift in [12, 8, 4, 0] as [UInt16] {
            out.append(digits.utf8Start[Int((unit >> shift) & 0xF)])
        }
    }

    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = lead & (0xFF >> (length + 1))
        for offset in 1..<length where index + offset < bytes.count {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        // Valid UTF-8 always decodes; the replacement character is only there to need no force unwrap.
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
}
