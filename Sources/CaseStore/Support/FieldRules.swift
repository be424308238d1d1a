import Foundation

/// Limits and checks for text that comes from users and files. Each failure names its field.
enum FieldRules {
    static let maxIdentifierLength = 200
    static let maxTextLength = 10_000
    static let maxReferenceLength = 2_000
    /// A platform's own id: the DSA Transparency Database allows 500 characters.
    static let maxExternalIDLength = 500

    /// Free text stored exactly as given (no trimming), but never empty, never holding NUL
    /// bytes (which C tools reading the file would truncate at) and never oversized.
    static func text(_ value: String, field: String, maxLength: Int = maxTextLength) throws -> String {
        if value.allSatisfy(\.isWhitespace) {
            throw CaseStoreError.invalidValue(field: field, problem: "must not be empty")
        }
        if value.utf8.contains(0) {
            throw CaseStoreError.invalidValue(field: field, problem: "must not contain NUL bytes")
        }
        let length = value.count
        if length > maxLength {
            throw CaseStoreError.invalidValue(field: field, problem: "is \(length) characters long; the limit is \(maxLength)")
        }
        return value
    }

    static func optionalText(_ value: String?, field: String, maxLength: Int = maxTextLength) throws -> String? {
        guard let value, !value.isEmpty else { return nil }
        return try text(value, field: field, maxLength: maxLength)
    }

    /// Names and ids: surrounding white space is dropped, and inner control characters refused.
    static func identifier(_ value: String, field: String, maxLength: Int = maxIdentifierLength) throws -> String {
        let trimmed = value.trimmedWhitespace
        _ = try text(trimmed, field: field, maxLength: maxLength)
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw CaseStoreError.invalidValue(field: field, problem: "must not contain control characters")
        }
        return trimmed
    }

    /// A handle as users type it: `@name` and `name` are the same account.
    static func handle(_ value: String) throws -> String {
        let trimmed = value.trimmedWhitespace
        let bare = trimmed.hasPrefix("@") ? String(trimmed.dropFirst()) : trimmed
        return try identifier(bare, field: "handle")
    }

    static func followerCount(_ value: Int64?) throws -> Int64? {
        if let value, value < 0 {
            throw CaseStoreError.invalidValue(field: "followers", problem: "\(value) is negative; a follower count is 0 or more")
        }
        return value
    }
}

extension StringProtocol {
    /// Without leading and trailing white space (Unicode's definition, newlines included). Native
    /// Swift: Foundation's `trimmingCharacters(in:)` goes through NSString and is slow in hot paths.
    var trimmedWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}
