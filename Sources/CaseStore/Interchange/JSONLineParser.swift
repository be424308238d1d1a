/// Reads one JSON Lines record: a JSON object (RFC 8259) whose values are strings, whole numbers,
/// null or arrays of strings. Hand-written rather than JSONSerialization so that what a general
/// parser forgives is refused with the field it concerns: a key given twice (which one would count?),
/// lone surrogates, invalid UTF-8, numbers with fractions.
struct JSONLineParser {
    /// A problem, with the key it concerns if any.
    struct Failure: Error {
        let field: String?
        let problem: String
    }

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The object's members in file order, keys lower-cased.
    static func fields(of bytes: [UInt8]) throws(Failure) -> [(name: String, value: ImportRecord.Value)] {
        var parser = JSONLineParser(bytes)
        return try parser.object()
    }

    /// The strings of a JSON array of strings (a CSV cell carrying a list), or nil if it is anything else.
    static func stringArray(of text: String) -> [String]? {
        var parser = JSONLineParser(Array(text.utf8))
        parser.skipWhitespace()
        guard parser.peek() == UInt8(ascii: "["), case .list(let items)? = try? parser.value(field: ""),
              parser.atEndAfterWhitespace()
        else { return nil }
        return items
    }

    private mutating func atEndAfterWhitespace() -> Bool {
        skipWhitespace()
        return index == bytes.count
    }

    private mutating func object() throws(Failure) -> [(name: String, value: ImportRecord.Value)] {
        skipWhitespace()
        guard peek() == UInt8(ascii: "{") else { throw Failure(field: nil, problem: "each line must be a JSON object") }
        index += 1
        var fields: [(name: String, value: ImportRecord.Value)] = []
        var names = Set<String>()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw syntax("a key (a quoted name) expected") }
                let name = try string(field: nil).lowercased()
                guard names.insert(name).inserted else {
                    throw Failure(field: name, problem: "appears twice in the object; give each key once")
                }
                skipWhitespace()
                guard take(UInt8(ascii: ":")) else { throw syntax("':' expected after the key \"\(name)\"") }
                skipWhitespace()
                fields.append((name, try value(field: name)))
                skipWhitespace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { throw syntax("',' or '}' expected after the value of \"\(name)\"") }
                break
            }
        }
        skipWhitespace()
        guard index == bytes.count else { throw syntax("text after the end of the object") }
        return fields
    }

    private mutating func value(field: String) throws(Failure) -> ImportRecord.Value {
        guard let first = peek() else { throw syntax("a value expected for \"\(field)\"") }
        switch first {
        case UInt8(ascii: "\""):
            return .text(try string(field: field))
        case UInt8(ascii: "["):
            index += 1
            var items: [String] = []
            skipWhitespace()
            if take(UInt8(ascii: "]")) { return .list(items) }
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw Failure(field: field, problem: "must be an array of strings") }
                items.append(try string(field: field))
                skipWhitespace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "]")) else { throw syntax("',' or ']' expected in the array of \"\(field)\"") }
                return .list(items)
            }
        case UInt8(ascii: "n"):
            guard literal("null") else { throw syntax("a value expected for \"\(field)\"") }
            return .null
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            guard literal("true") || literal("false") else { throw syntax("a value expected for \"\(field)\"") }
            throw Failure(field: field, problem: "must be text, a whole number, null or a list of text, not true/false")
        case UInt8(ascii: "{"):
            throw Failure(field: field, problem: "must be text, a whole number, null or a list of text, not an object")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .text(try number(field: field))
        default:
            throw syntax("a value expected for \"\(field)\"")
        }
    }

    /// A whole number, as its digits.
    private mutating func number(field: String) throws(Failure) -> String {
        let start = index
        _ = take(UInt8(ascii: "-"))
        let digitsStart = index
        while let byte = peek(), byte >= 0x30 && byte <= 0x39 { index += 1 }
        let digits = index - digitsStart
        guard digits > 0, !(digits > 1 && bytes[digitsStart] == 0x30) else { throw syntax("a malformed number for \"\(field)\"") }
        let isWhole = !(peek() == UInt8(ascii: ".") || peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E"))
        guard isWhole else {
            // Taken whole only to be quoted in the error.
            while let byte = peek(), byte == 0x2E || byte == 0x2B || byte == 0x2D || byte == 0x65 || byte == 0x45
                || (byte >= 0x30 && byte <= 0x39) { index += 1 }
            throw Failure(field: field, problem: "\(String(decoding: bytes[start..<index], as: UTF8.self)) is not a whole number")
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// A string, the opening quote at `index`.
    private mutating func string(field: String?) throws(Failure) -> String {
        index += 1
        var utf8: [UInt8] = []
        while true {
            guard let byte = peek() else { throw syntax("a string is never closed") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw Failure(field: field, problem: "is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                guard let escaped = peek() else { throw syntax("a string is never closed") }
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8 += try unicodeEscape(field: field)
                default: throw syntax("an unknown escape \\\(Character(Unicode.Scalar(escaped)))")
                }
            case 0x00..<0x20:
                throw syntax("a control character inside a string (write it as \\u00\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16)))")
            default:
                utf8.append(byte)
            }
        }
    }

    /// The scalar of `\uXXXX` (a surrogate pair takes two), as UTF-8; `index` is after the `u`.
    private mutating func unicodeEscape(field: String?) throws(Failure) -> [UInt8] {
        var value = try hexQuad()
        if (0xD800..<0xDC00).contains(value) {
            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")) else {
                throw Failure(field: field, problem: "holds a lone surrogate \\u\(String(value, radix: 16)), which is not text")
            }
            let low = try hexQuad()
            guard (0xDC00..<0xE000).contains(low) else {
                throw Failure(field: field, problem: "holds a lone surrogate \\u\(String(value, radix: 16)), which is not text")
            }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(value) {
            throw Failure(field: field, problem: "holds a lone surrogate \\u\(String(value, radix: 16)), which is not text")
        }
        guard let scalar = Unicode.Scalar(value) else { throw syntax("an invalid \\u escape") }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func hexQuad() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw syntax("an incomplete \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw syntax("an incomplete \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { expected in bytes[index..<index + count].elementsEqual(expected) }
        if matches { index += count }
        return matches
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private func syntax(_ problem: String) -> Failure {
        Failure(field: nil, problem: "not valid JSON: \(problem)")
    }
}
