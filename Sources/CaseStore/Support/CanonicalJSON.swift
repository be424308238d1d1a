import Foundation

/// Writes a payload as canonical JSON: keys sorted, absent values left out, strings escaped per
/// RFC 8259 with everything else kept as UTF-8. Hand-written because it runs for every event and
/// `JSONEncoder` is slow; `JSONDecoder` reads it back.
struct CanonicalJSON {
    private var members: [(key: String, json: String)] = []

    mutating func add(_ key: String, _ value: String?) {
        if let value { members.append((key, Self.quoted(value))) }
    }

    mutating func add(_ key: String, _ value: Int64?) {
        if let value { members.append((key, String(value))) }
    }

    /// Adds a value that is already canonical JSON text.
    mutating func addJSON(_ key: String, _ json: String?) {
        if let json { members.append((key, json)) }
    }

    mutating func add(_ key: String, _ values: [String]?) {
        if let values { members.append((key, "[" + values.map(Self.quoted).joined(separator: ",") + "]")) }
    }

    var text: String {
        "{" + members.sorted { $0.key < $1.key }.map { Self.quoted($0.key) + ":" + $0.json }.joined(separator: ",") + "}"
    }

    static func quoted(_ text: String) -> String {
        var utf8: [UInt8] = [0x22]
        utf8.reserveCapacity(text.utf8.count + 2)
        let hex = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case 0x22: utf8 += [0x5C, 0x22]
            case 0x5C: utf8 += [0x5C, 0x5C]
            case 0x0A: utf8 += [0x5C, 0x6E]
            case 0x0D: utf8 += [0x5C, 0x72]
            case 0x09: utf8 += [0x5C, 0x74]
            case 0x00..<0x20: utf8 += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: utf8.append(byte)
            }
        }
        utf8.append(0x22)
        return String(decoding: utf8, as: UTF8.self)
    }
}
