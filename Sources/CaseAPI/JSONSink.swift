import CaseStore

/// Where a JSON document is written as it is walked: into a tree (`JSONTreeBuilder`, what the
/// CLI formats and tests compare) or straight into bytes (`CompactJSONWriter`, what the server
/// sends). A document's shape is declared once, as a function writing into any sink, so a page
/// of cases reaches the wire without a tree of thousands of values built and freed in between.
///
/// Inside `object`, each value follows its `key`; inside `array`, values follow one another.
public protocol JSONSink {
    mutating func null()
    mutating func bool(_ value: Bool)
    mutating func integer(_ value: Int64)
    mutating func string(_ value: String)
    /// A value already built as a tree (a member shared with documents not written as they go).
    mutating func value(_ value: JSONValue)
    mutating func array(_ items: (inout Self) -> Void)
    mutating func object(_ members: (inout Self) -> Void)
    mutating func key(_ name: String)
    /// A key written in the code: ASCII, nothing to escape.
    mutating func key(_ name: StaticString)
}

extension JSONSink {
    public mutating func key(_ name: StaticString) { key(name.description) }

    public mutating func member(_ name: StaticString, _ value: String) {
        key(name); string(value)
    }

    /// `null` when there is none.
    public mutating func member(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    public mutating func member(_ name: StaticString, _ value: Int64) {
        key(name); integer(value)
    }

    public mutating func member(_ name: StaticString, _ value: Int64?) {
        key(name)
        if let value { integer(value) } else { null() }
    }

    public mutating func member(_ name: StaticString, _ value: Bool) {
        key(name); bool(value)
    }

    public mutating func member(_ name: StaticString, strings: some Sequence<String>) {
        key(name)
        array { items in for text in strings { items.string(text) } }
    }
}
