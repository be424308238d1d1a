import Foundation

/// Writes a payload as canonical JSON: keys sorted, absent values left out, strings escaped by
/// `JSONText`, casetool's one JSON string encoder. It escapes more than the encoder of earlier
/// versions did (DEL, C1, U+2028/2029, invisible formatting); events keep the bytes they were written
/// with, which is what their hash covers, so a verifier hashes the stored text, never a re-encoding. Hand-written because it runs for every event and
/// `JSONEncoder` is slow; `JSONDecoder` reads it back.
struct CanonicalJSON {
    private var members: [(key: String, json: String)] = []

    mutating func add(_ key: String, _ value: String?) {
        if let value { members.append((key, JSONText.quoted(value))) }
    }

    mutating func add(_ key: String, _ value: Int64?) {
        if let value { members.append((key, String(value))) }
    }

    /// Adds a value that is already canonical JSON text.
    mutating func addJSON(_ key: String, _ json: String?) {
        if let json { members.append((key, json)) }
    }

    mutating func add(_ key: String, _ values: [String]?) {
        if let values { members.append((key, JSONText.stringArray(values))) }
    }

    var text: String {
        "{" + members.sorted { $0.key < $1.key }.map { JSONText.quoted($0.key) + ":" + $0.json }.joined(separator: ",") + "}"
    }
}
