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
    public func compactUTF8(reservingCapacity capacity: Int = 256) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        appendCompact(to: &out)
        return out
    }

    /// Written into one buffer: a list of cases is thousands of values, each not a string of its own.
    private func appendCompact(to out: inout [UInt8]) {
        switch self {
        case .string(let value):
            JSONText.appendQuoted(value, to: &out)
        case .integer(let value):
            out += String(value).utf8
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.appendCompact(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.appendQuoted(member.0, to: &out)
                out.append(UInt8(ascii: ":"))
                member.1.appendCompact(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .null, .bool, .real, .exactReal:
            out += serialized().utf8
        }
    }

    /// Up to four decimal places, without trailing zeros: stable for machine output.
    public static func decimal(_ number: Double) -> String {
        var text = String(format: "%.4f", number)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
