import CaseStore

/// Compact JSON (one line, no spaces) written into one byte buffer as it goes: what a response
/// body is made of. The commas are the writer's: it knows whether a value or key follows another.
public struct CompactJSONWriter: JSONSink {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next value or key in the current container needs a comma before it.
    private var followsValue = false

    public init(reservingCapacity capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func null() { literal("null") }
    public mutating func bool(_ value: Bool) { literal(value ? "true" : "false") }

    public mutating func integer(_ value: Int64) {
        separate()
        bytes += String(value).utf8
        followsValue = true
    }

    public mutating func string(_ value: String) {
        separate()
        JSONText.appendQuoted(value, to: &bytes)
        followsValue = true
    }

    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .integer(let number): integer(number)
        case .string(let text): string(text)
        case .array(let items): array { writer in for item in items { writer.value(item) } }
        case .object(let members):
            object { writer in
                for (name, member) in members {
                    writer.key(name)
                    writer.value(member)
                }
            }
        case .real, .exactReal:
            // Numbers are written as the pretty form writes them: one rule for their digits.
            separate()
            bytes += value.serialized().utf8
            followsValue = true
        }
    }

    public mutating func array(_ items: (inout CompactJSONWriter) -> Void) {
        container(open: "[", close: "]", items)
    }

    public mutating func object(_ members: (inout CompactJSONWriter) -> Void) {
        container(open: "{", close: "}", members)
    }

    public mutating func key(_ name: String) {
        separate()
        JSONText.appendQuoted(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// A key written into the code, copied as it is: it must need no escaping.
    public mutating func key(_ name: StaticString) {
        assert(name.withUTF8Buffer { $0.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") } },
               "a static JSON key needing escapes")
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    private mutating func container(open: Unicode.Scalar, close: Unicode.Scalar, _ body: (inout CompactJSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: open))
        body(&self)
        bytes.append(UInt8(ascii: close))
        followsValue = true
    }

    private mutating func literal(_ text: StaticString) {
        separate()
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        followsValue = true
    }

    /// A comma when a value came before in this container; a key's value never needs one, as
    /// `key` leaves `followsValue` false.
    private mutating func separate() {
        if followsValue { bytes.append(UInt8(ascii: ",")) }
        followsValue = false
    }
}
