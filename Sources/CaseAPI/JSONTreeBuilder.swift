/// Builds a `JSONValue` from what a document writes into it: the tree form of any `JSONSink`
/// document, for output formatted later (pretty JSON, JSON Lines) and for comparisons.
public struct JSONTreeBuilder: JSONSink {
    private enum Container {
        case array([JSONValue])
        case object([(String, JSONValue)], key: String)
    }

    private var open: [Container] = []
    /// The document, once its outermost value is written.
    public private(set) var result: JSONValue = .null

    public init() {}

    public mutating func null() { add(.null) }
    public mutating func bool(_ value: Bool) { add(.bool(value)) }
    public mutating func integer(_ value: Int64) { add(.integer(value)) }
    public mutating func string(_ value: String) { add(.string(value)) }
    public mutating func value(_ value: JSONValue) { add(value) }

    public mutating func array(_ items: (inout JSONTreeBuilder) -> Void) {
        open.append(.array([]))
        items(&self)
        if case .array(let values) = open.removeLast() { add(.array(values)) }
    }

    public mutating func object(_ members: (inout JSONTreeBuilder) -> Void) {
        open.append(.object([], key: ""))
        members(&self)
        if case .object(let values, _) = open.removeLast() { add(.object(values)) }
    }

    public mutating func key(_ name: String) {
        // Taken out and put back, so the members are never shared and appending never copies them.
        guard case .object(let members, _)? = open.popLast() else { return }
        open.append(.object(members, key: name))
    }

    private mutating func add(_ value: JSONValue) {
        switch open.popLast() {
        case nil: result = value
        case .array(var values)?:
            values.append(value)
            open.append(.array(values))
        case .object(var members, let key)?:
            members.append((key, value))
            open.append(.object(members, key: key))
        }
    }
}
