import CaseStore
import Foundation

/// A JSON document with keys kept in the order given, so output is stable and reads in a sensible order.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case real(Double)
    /// A number written with every digit it needs to read back as the same Double (a report's
    /// rates, sent to a client that formats them itself).
    case exactReal(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    public init(_ text: String?) {
        self = text.map { .string($0) } ?? .null
    }

    public init(_ number: Int64?) {
        self = number.map { .integer($0) } ?? .null
    }

    /// Pretty-printed with two-space indentation.
    public func serialized(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let closingPad = String(repeating: "  ", count: indent)
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .real(let value): return value.isFinite ? Self.decimal(value) : "null"
        case .exactReal(let value): return value.isFinite ? "\(value)" : "null"
        case .string(let value): return JSONText.quoted(value)
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { pad + $0.serialized(indent: indent + 1) }.joined(separator: ",\n") + "\n\(closingPad)]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            return "{\n"
                + members.map { pad + JSONText.quoted($0.0) + ": " + $0.1.serialized(indent: indent + 1) }.joined(separator: ",\n")
                + "\n\(closingPad)}"
        }
    }

    /// On one line, as JSON Lines and the server need.
    public func compact() -> String {
        String(decoding: compactUTF8(), as: UTF8.self)
    }

    /// On one line, as UTF-8 bytes: what a response body is made of, with no string in between.
    /// This object with one more member; any other value as it is.
    public func adding(_ name: String, _ value: JSONValue) -> JSONValue {
        guard case .object(let members) = self else { return self }
        return .object(members + [(name, value)])
    }

    public func compactUTF8(reservingCapacity capacity: Int = 256) -> [UInt8] {
        var writer = CompactJSONWriter(reservingCapacity: capacity)
        writer.value(self)
        return writer.bytes
    }

    /// Up to four decimal places, without trailing zeros: stable for machine output.
    public static func decimal(_ number: Double) -> String {
        var text = String(format: "%.4f", number)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
