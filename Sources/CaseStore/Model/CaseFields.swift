import SQLiteDatabase

/// One field of `CaseContent`, described once: its name (the column of `cases`, the key of the
/// creation event's payload and, unless `interchangeName` says otherwise, the column of import and
/// export files), how it reads as text and how text becomes it, checked.
///
/// Text is the one form every layer shares: the stored column holds it (numbers as integers), the
/// payload and the files carry it, and parsing it applies the field's rules, so a value built in
/// Swift is checked by the same code as one read from a file (`CaseFields.validated`).
public struct CaseField: Sendable {
    public let name: String
    public let interchangeName: String
    /// Import needs a value; absent from a creation payload it is a broken event.
    public let isRequired: Bool
    /// Written as a JSON number in payloads and JSON Lines, and stored as an integer.
    public let isNumber: Bool
    let text: @Sendable (CaseContent) -> String?
    /// Parses and checks `text` into the field; nil means absent (the field's default, or refused
    /// when required). Throws `invalidValue` naming `name`.
    let assign: @Sendable (inout CaseContent, String?) throws -> Void

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
        optional("external_id", \.externalID) {
            try FieldRules.identifier($0, field: "external_id", maxLength: FieldRules.maxExternalIDLength)
        },
        number("follower_count", interchangeName: "followers", \.followerCount),
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
        optional("item_id", \.itemID) {
            try FieldRules.text($0, field: "item_id", maxLength: FieldRules.maxReferenceLength)
        },
        time("item_posted_at", \.itemPostedAt),
    ]

    public static let names = content.map(\.name)

    /// The field an interchange column fills.
    static let byInterchangeName = Dictionary(uniqueKeysWithValues: content.map { ($0.interchangeName, $0) })

    /// Sets the field called `name` from text, by its rules (the command line's options use it).
    public static func assign(_ name: String, _ text: String?, to content: inout CaseContent) throws {
        guard let field = field(named: name) else {
            throw CaseStoreError.invalidValue(field: name, problem: "is not a field of a case")
        }
        try field.assign(&content, text)
    }

    static func field(named name: String) -> CaseField? { Self.content.first { $0.name == name } }

    /// `content` with every field put through its rules, as if read from text.
    static func validated(_ content: CaseContent) throws -> CaseContent {
        var checked = content
        for field in Self.content { try field.assign(&checked, field.text(content)) }
        return checked
    }

    /// A content read field by field through `value(name)`, e.g. from a file's row or a payload.
    static func content(reading value: (CaseField) throws -> String?) throws -> CaseContent {
        var content = CaseContent.unfilled
        for field in Self.content { try field.assign(&content, try value(field)) }
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

    private static func optional(
        _ name: String, interchangeName: String? = nil, _ path: WritableKeyPath<CaseContent, String?> & Sendable,
        rule: @escaping @Sendable (String) throws -> String
    ) -> CaseField {
        CaseField(
            name: name, interchangeName: interchangeName ?? name, isRequired: false, isNumber: false,
            text: { $0[keyPath: path] }, assign: { content, text in content[keyPath: path] = try text.map(rule) })
    }

    private static func required(
        _ name: String, _ path: WritableKeyPath<CaseContent, String> & Sendable,
        rule: @escaping @Sendable (String) throws -> String
    ) -> CaseField {
        CaseField(
            name: name, interchangeName: name, isRequired: true, isNumber: false, text: { $0[keyPath: path] },
            assign: { content, text in
                guard let text else { throw CaseStoreError.invalidValue(field: name, problem: "is required") }
                content[keyPath: path] = try rule(text)
            })
    }

    private static func number(
        _ name: String, interchangeName: String, _ path: WritableKeyPath<CaseContent, Int64?> & Sendable
    ) -> CaseField {
        CaseField(
            name: name, interchangeName: interchangeName, isRequired: false, isNumber: true,
            text: { $0[keyPath: path].map(String.init) },
            assign: { content, text in
                content[keyPath: path] = try FieldRules.followerCount(
                    try text.map { try InputParsing.followerCount($0, field: interchangeName) })
            })
    }

    private static func time(_ name: String, _ path: WritableKeyPath<CaseContent, Timestamp?> & Sendable) -> CaseField {
        CaseField(
            name: name, interchangeName: name, isRequired: false, isNumber: false, text: { $0[keyPath: path]?.iso8601 },
            assign: { content, text in
                content[keyPath: path] = try text.map { try Timestamp(parsing: $0, field: name).plausible(field: name) }
            })
    }

    /// An enumeration; absent, `default`, or refused when there is none.
    private static func choice<T: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, _ path: WritableKeyPath<CaseContent, T> & Sendable, default fallback: T?
    ) -> CaseField where T.RawValue == String {
        CaseField(
            name: name, interchangeName: name, isRequired: fallback == nil, isNumber: false,
            text: { $0[keyPath: path].rawValue },
            assign: { content, text in
                guard let text else {
                    guard let fallback else { throw CaseStoreError.invalidValue(field: name, problem: "is required") }
                    content[keyPath: path] = fallback
                    return
                }
                content[keyPath: path] = try InputParsing.choice(T.self, text, field: name)
            })
    }

    /// Several values of an enumeration, comma-separated (`text,image`), each once, in declaration order.
    private static func list<T: RawRepresentable & CaseIterable & Hashable & Sendable>(
        _ name: String, _ path: WritableKeyPath<CaseContent, [T]> & Sendable, rule: @escaping @Sendable ([T]) throws -> Void
    ) -> CaseField where T.RawValue == String, T.AllCases: Sendable {
        CaseField(
            name: name, interchangeName: name, isRequired: false, isNumber: false,
            text: { content in
                let values = content[keyPath: path]
                return values.isEmpty ? nil : values.map(\.rawValue).joined(separator: ",")
            },
            assign: { content, text in
                let chosen = Set(try (text ?? "").split(separator: ",").map { try InputParsing.choice(T.self, String($0), field: name) })
                let values = T.allCases.filter(chosen.contains)
                try rule(values)
                content[keyPath: path] = values
            })
    }
}
