import SQLiteDatabase

/// One field of `CaseContent`, described once: its name (the column of `cases`, the key of the
/// creation event's payload and, unless `interchangeName` says otherwise, the column of import and
/// export files), how it reads as text, and three ways back: `parse` reads what people write (in a
/// file or an option), `check` holds a value to the field's rules before it is stored, `restore`
/// reads the canonical text casetool itself stored (a column, a payload) without judging it again,
/// so a rule made stricter later never makes old records unreadable.
public struct CaseField: Sendable {
    public let name: String
    public let interchangeName: String
    /// Import needs a value; absent from a creation payload it is a broken event.
    public let isRequired: Bool
    /// Written as a JSON number in payloads and JSON Lines, and stored as an integer.
    public let isNumber: Bool
    let text: @Sendable (CaseContent) -> String?
    /// Reads text into the field; nil means absent (the default, or refused when required). Throws
    /// `invalidValue` naming `name`.
    let parse: @Sendable (inout CaseContent, String?) throws -> Void
    let check: @Sendable (inout CaseContent) throws -> Void
    let restore: @Sendable (inout CaseContent, String?) throws -> Void

    /// The value to bind to the field's column.
    func databaseValue(_ content: CaseContent) -> (any DatabaseValueConvertible)? {
        guard let text = text(content) else { return nil }
        return isNumber ? Int64(text) : text
    }
}

/// The one declaration of a case's logged fields. To add a stored, audited, importable field: a
/// migration adding its column to `cases`, a property of `CaseContent`, and one entry here. The
/// INSERT, row decoding, the creation event, replay and its comparison in `audit verify`, the
/// interchange columns, import and export follow (see `CaseFieldsTests`).
public enum CaseFields {
    public static let content: [CaseField] = [
        text("external_id", \.externalID) {
            try FieldRules.identifier($0, field: "external_id", maxLength: FieldRules.maxExternalIDLength)
        },
        followerCount("follower_count", interchangeName: "followers", \.followerCount),
        choice("source", \.source, default: nil),
        choice("automated_decision", \.automatedDecision, default: .notAutomated),
        required("rationale", \.rationale) { try FieldRules.text($0, field: "rationale") },
        time("occurred_at", \.occurredAt),
        list("item_type", \.itemTypes) { types in
            if types.contains(.account) && types.count > 1 {
                throw CaseStoreError.invalidValue(
                    field: "item_type", problem: "'account' is the account itself: it cannot be combined with content types")
            }
        },
        text("item_id", \.itemID) {
            try FieldRules.identifier($0, field: "item_id", maxLength: FieldRules.maxReferenceLength)
        },
        time("item_posted_at", \.itemPostedAt),
    ]

    public static let names = content.map(\.name)

    static func field(named name: String) -> CaseField? { content.first { $0.name == name } }

    /// Sets the field called `name` from text as people write it (the command line's options use it).
    public static func assign(_ name: String, _ text: String?, to content: inout CaseContent) throws {
        guard let field = field(named: name) else {
            throw CaseStoreError.invalidValue(field: name, problem: "is not a field of a case")
        }
        try field.parse(&content, text)
    }

    /// `content` with every field held to its rules: what the store does before it writes.
    static func validated(_ content: CaseContent) throws -> CaseContent {
        var checked = content
        for field in Self.content { try field.check(&checked) }
        return checked
    }

    /// A content read field by field from text as people write it (a file's row, a seed).
    static func content(reading value: (CaseField) throws -> String?) throws -> CaseContent {
        var content = CaseContent.unfilled
        for field in Self.content { try field.parse(&content, try value(field)) }
        return content
    }

    /// A content read from the canonical text casetool stored (a row's columns, an event's payload).
    static func content(restoring value: (CaseField) throws -> String?) throws -> CaseContent {
        var content = CaseContent.unfilled
        for field in Self.content { try field.restore(&content, try value(field)) }
        return content
    }

    /// `field: stored vs replayed` for each field whose two values differ.
    static func differences(stored: CaseContent, replayed: CaseContent) -> [(field: String, stored: String?, replayed: String?)] {
        content.compactMap { field in
            let (left, right) = (field.text(stored), field.text(replayed))
            return left == right ? nil : (field.name, left, right)
        }
    }

    // MARK: Kinds of field

    private static func absent(_ name: String) -> CaseStoreError {
        .invalidValue(field: name, problem: "is required")
    }

    /// Optional text, held to `rule` (which may normalise it).
    private static func text(
        _ name: String, _ path: WritableKeyPath<CaseContent, String?> & Sendable,
        rule: @escaping @Sendable (String) throws -> String
    ) -> CaseField {
        let set: @Sendable (inout CaseContent, String?) -> Void = { $0[keyPath: path] = $1 }
        return CaseField(
            name: name, interchangeName: name, isRequired: false, isNumber: false, text: { $0[keyPath: path] },
            parse: set, check: { $0[keyPath: path] = try $0[keyPath: path].map(rule) }, restore: set)
    }

    private static func required(
        _ name: String, _ path: WritableKeyPath<CaseContent, String> & Sendable,
        rule: @escaping @Sendable (String) throws -> String
    ) -> CaseField {
        let set: @Sendable (inout CaseContent, String?) throws -> Void = { content, text in
            guard let text else { throw absent(name) }
            content[keyPath: path] = text
        }
        return CaseField(
            name: name, interchangeName: name, isRequired: true, isNumber: false, text: { $0[keyPath: path] },
            parse: set, check: { $0[keyPath: path] = try rule($0[keyPath: path]) }, restore: set)
    }

    private static func followerCount(
        _ name: String, interchangeName: String, _ path: WritableKeyPath<CaseContent, Int64?> & Sendable
    ) -> CaseField {
        CaseField(
            name: name, interchangeName: interchangeName, isRequired: false, isNumber: true,
            text: { $0[keyPath: path].map(String.init) },
            parse: { content, text in
                content[keyPath: path] = try text.map { try InputParsing.followerCount($0, field: interchangeName) }
            },
            check: { $0[keyPath: path] = try FieldRules.followerCount($0[keyPath: path]) },
            restore: { content, text in
                guard let text else { content[keyPath: path] = nil; return }
                guard let number = Int64(text) else { throw CaseStoreError.invalidValue(field: name, problem: "'\(text)' is not a number") }
                content[keyPath: path] = number
            })
    }

    private static func time(_ name: String, _ path: WritableKeyPath<CaseContent, Timestamp?> & Sendable) -> CaseField {
        CaseField(
            name: name, interchangeName: name, isRequired: false, isNumber: false, text: { $0[keyPath: path]?.iso8601 },
            parse: { content, text in content[keyPath: path] = try text.map { try Timestamp(parsing: $0, field: name) } },
            check: { $0[keyPath: path] = try $0[keyPath: path]?.plausible(field: name) },
            restore: { content, text in content[keyPath: path] = try text.map { try Timestamp.stored($0, column: name) } })
    }

    /// An enumeration; absent, `default`, or refused when there is none.
    private static func choice<T: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, _ path: WritableKeyPath<CaseContent, T> & Sendable, default fallback: T?
    ) -> CaseField where T.RawValue == String {
        func set(_ read: @escaping @Sendable (String) throws -> T) -> @Sendable (inout CaseContent, String?) throws -> Void {
            { content, text in
                guard let text else {
                    guard let fallback else { throw absent(name) }
                    content[keyPath: path] = fallback
                    return
                }
                content[keyPath: path] = try read(text)
            }
        }
        return CaseField(
            name: name, interchangeName: name, isRequired: fallback == nil, isNumber: false,
            text: { $0[keyPath: path].rawValue },
            parse: set { try InputParsing.choice(T.self, $0, field: name) }, check: { _ in },
            restore: set { text in
                guard let value = T(rawValue: text) else {
                    throw CaseStoreError.invalidValue(field: name, problem: "'\(text)' is not one of its values")
                }
                return value
            })
    }

    /// Several values of an enumeration, comma-separated (`text,image`), each once, in declaration order.
    private static func list<T: RawRepresentable & CaseIterable & Hashable & Sendable>(
        _ name: String, _ path: WritableKeyPath<CaseContent, [T]> & Sendable, rule: @escaping @Sendable ([T]) throws -> Void
    ) -> CaseField where T.RawValue == String, T.AllCases: Sendable {
        func set(_ read: @escaping @Sendable (String) throws -> T) -> @Sendable (inout CaseContent, String?) throws -> Void {
            { content, text in
                guard let text else { content[keyPath: path] = []; return }
                let chosen = Set(try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
                    guard !part.allSatisfy(\.isWhitespace) else {
                        throw CaseStoreError.invalidValue(field: name, problem: "'\(text)' has an empty entry; separate values with single commas")
                    }
                    return try read(String(part))
                })
                content[keyPath: path] = T.allCases.filter(chosen.contains)
            }
        }
        return CaseField(
            name: name, interchangeName: name, isRequired: false, isNumber: false,
            text: { content in
                let values = content[keyPath: path]
                return values.isEmpty ? nil : values.map(\.rawValue).joined(separator: ",")
            },
            parse: set { try InputParsing.choice(T.self, $0, field: name) },
            check: { content in
                // In declaration order, each once: the order the column stores and replay restores, so
                // a list a caller built in another order is the same value everywhere after the check.
                let chosen = Set(content[keyPath: path])
                content[keyPath: path] = T.allCases.filter(chosen.contains)
                try rule(content[keyPath: path])
            },
            restore: set { text in
                guard let value = T(rawValue: text) else {
                    throw CaseStoreError.invalidValue(field: name, problem: "'\(text)' is not one of its values")
                }
                return value
            })
    }
}
