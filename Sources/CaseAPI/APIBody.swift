import CaseStore
import Foundation

/// A JSON request body, decoded strictly: not an object, an unknown field, a missing required one
/// or one of the wrong type is a `bad_request` naming the field, never silently ignored (a
/// misspelt `reason` must not move a case without one).
public protocol APIBody: Decodable, Sendable {
    /// The object's fields, as clients spell them.
    static var fields: [String] { get }
    /// For a field holding an object or an array of objects, the fields of those objects; a dotted
    /// name (`strikes.thresholds`) reaches a field of such an object.
    static var nestedFields: [String: [String]] { get }
}

extension APIBody {
    public static var nestedFields: [String: [String]] { [:] }

    public static func decode(_ bytes: [UInt8]) throws -> Self {
        let data = Data(bytes)
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw APIError(.badRequest, "the body is not JSON")
        }
        guard let members = object as? [String: Any] else {
            throw APIError(.badRequest, "the body must be a JSON object with: " + fields.joined(separator: ", "))
        }
        if let repeated = JSONDuplicateKeys.first(in: bytes) {
            throw APIError(.badRequest, "\(repeated): given more than once")
        }
        if let unknown = members.keys.sorted().first(where: { !fields.contains($0) }) {
            throw APIError(.badRequest, "\(unknown): unknown field (known: \(fields.joined(separator: ", ")))")
        }
        for (field, known) in nestedFields {
            for (path, item) in Self.values(at: field.split(separator: ".").map(String.init)[...], in: members, path: "") {
                if let unknown = (item as? [String: Any])?.keys.sorted().first(where: { !known.contains($0) }) {
                    throw APIError(.badRequest, "\(path).\(unknown): unknown field (known: \(known.joined(separator: ", ")))")
                }
            }
        }
        do {
            return try JSONDecoder().decode(Self.self, from: data)
        } catch let error as DecodingError {
            // A number no field can hold fails the decoder without a field; the parse above finds it.
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty, let number = Self.unrepresentableNumber(in: object) {
                throw APIError(.badRequest, number + ": not a whole number from \(Int64.min) to \(Int64.max)")
            }
            throw APIError(.badRequest, Self.describe(error))
        }
    }

    /// The values a dotted field name reaches, with their paths: a field holding one object is
    /// followed as one holding a list of objects is, item by item.
    private static func values(at keys: ArraySlice<String>, in object: [String: Any], path: String) -> [(path: String, value: Any)] {
        guard let key = keys.first, let value = object[key] else { return [] }
        let here = path.isEmpty ? key : path + "." + key
        let found: [(path: String, value: Any)] = if let list = value as? [Any] {
            list.enumerated().map { ("\(here)[\($0.offset)]", $0.element) }
        } else {
            [(here, value)]
        }
        guard keys.count > 1 else { return found }
        return found.flatMap { item in (item.value as? [String: Any]).map { values(at: keys.dropFirst(), in: $0, path: item.path) } ?? [] }
    }

    /// The path of the first number in `value` that is not a 64-bit whole number, if any.
    private static func unrepresentableNumber(in value: Any, path: String = "") -> String? {
        switch value {
        case let members as [String: Any]:
            for key in members.keys.sorted() {
                if let found = unrepresentableNumber(in: members[key] as Any, path: path.isEmpty ? key : path + "." + key) { return found }
            }
        case let items as [Any]:
            for (index, item) in items.enumerated() {
                if let found = unrepresentableNumber(in: item, path: path + "[\(index)]") { return found }
            }
        case let number as NSNumber where !(value is Bool) && !(value is String):
            if "\(number)" != String(number.int64Value) { return path }
        default:
            break
        }
        return nil
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return path(context.codingPath + [key]) + ": required field is missing"
        case .valueNotFound(_, let context):
            return path(context.codingPath) + ": must not be null"
        case .typeMismatch(let type, let context):
            let expected = type == String.self ? "a string" : type == Int64.self ? "a whole number"
                : String(describing: type).hasPrefix("Array") ? "an array" : "an object"
            return path(context.codingPath) + ": must be " + expected
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the body is not valid JSON" : path(context.codingPath) + ": not a valid value"
        @unknown default:
            return "the body does not have the expected fields"
        }
    }
}
