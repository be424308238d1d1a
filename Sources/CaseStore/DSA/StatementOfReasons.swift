import Foundation
import SQLiteDatabase

/// A statement of reasons as the DSA Transparency Database knows it: its fields by their dump column
/// names, enumeration keys verbatim, arrays as arrays, dates as written. Imported statements are kept
/// whole in the case's audited creation event, so export can write them back unchanged.
public struct StatementOfReasons: Sendable, Equatable, Codable {
    public enum Value: Sendable, Equatable {
        case text(String)
        case list([String])
    }

    /// Fields with a value; an empty dump cell is an absent field (an empty array `[]` is a value).
    public private(set) var fields: [String: Value]

    public init(fields: [String: Value] = [:]) {
        self.fields = fields
    }

    public subscript(name: String) -> Value? {
        get { fields[name] }
        set { fields[name] = newValue }
    }

    public func text(_ name: String) -> String? {
        if case .text(let text)? = fields[name] { return text }
        return nil
    }

    /// The keys of an array field, or a single text value as a one-element list.
    public func keys(_ name: String) -> [String] {
        switch fields[name] {
        case .list(let keys)?: keys
        case .text(let text)?: [text]
        case nil: []
        }
    }

    /// The cell a dump writes for a field: arrays as compact JSON, as the dumps have them.
    public func dumpCell(_ name: String) -> String {
        switch fields[name] {
        case .text(let text)?: text
        case .list(let keys)?: JSONText.stringArray(keys)
        case nil: ""
        }
    }

    // Stored as a JSON object of strings and arrays of strings, keys sorted (canonical, for the hash chain).
    var canonicalJSON: String {
        var json = CanonicalJSON()
        for (name, value) in fields {
            switch value {
            case .text(let text): json.add(name, text)
            case .list(let keys): json.add(name, keys)
            }
        }
        return json.text
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode([String: StoredValue].self)
        fields = raw.mapValues(\.value)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(fields.mapValues(StoredValue.init))
    }

    private struct StoredValue: Codable {
        let value: Value

        init(_ value: Value) {
            self.value = value
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                value = .text(text)
            } else {
                value = .list(try container.decode([String].self))
            }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch value {
            case .text(let text): try container.encode(text)
            case .list(let keys): try container.encode(keys)
            }
        }
    }
}

