import Foundation
import SQLiteDatabase

/// Limits and checks for text that comes from users and files. Each failure names its field.
///
/// The lengths here are the ones the migrations' CHECK constraints enforce (a test compares them), so a
/// value that passes these rules is never refused by SQLite with a raw constraint message.
public enum FieldRules {
    /// `accounts.platform`, `CHECK (length(platform) BETWEEN 1 AND 100)`.
    public static let maxPlatformLength = 100
    /// `accounts.handle`, `CHECK (length(handle) BETWEEN 1 AND 200)`.
    public static let maxHandleLength = 200
    /// `policies.code`, `CHECK (length(code) BETWEEN 1 AND 64)`.
    public static let maxPolicyCodeLength = 64
    /// `policies.name`, `CHECK (length(name) BETWEEN 1 AND 200)`.
    public static let maxPolicyNameLength = 200
    /// Display names and actors.
    public static let maxIdentifierLength = 200
    public static let maxTextLength = 10_000
    public static let maxReferenceLength = 2_000
    /// A platform's own id: the DSA Transparency Database allows 500 characters.
    public static let maxExternalIDLength = 500
    /// More followers than people on Earth: no real account has as many, and sums of millions of such
    /// counts still fit a 64-bit integer (reports saturate all the same, for rows written before).
    public static let maxFollowerCount: Int64 = 10_000_000_000
    /// One record of an import file (a CSV row, a JSON line): far above what the field limits allow
    /// together, and small enough that a file without line breaks cannot exhaust memory.
    public static let maxRecordBytes = 1 << 20

    /// Free text stored exactly as given (no trimming), but never empty, never holding NUL
    /// bytes (which C tools reading the file would truncate at) and never oversized.
    static func text(_ value: String, field: String, maxLength: Int = maxTextLength) throws -> String {
        if value.allSatisfy(\.isWhitespace) {
            throw CaseStoreError.invalidValue(field: field, problem: "must not be empty")
        }
        if value.utf8.contains(0) {
            throw CaseStoreError.invalidValue(field: field, problem: "must not contain NUL bytes")
        }
        // Counted as SQLite's length() counts, in Unicode scalars, so the limit is the constraint's.
        let length = value.unicodeScalars.count
        if length > maxLength {
            throw CaseStoreError.invalidValue(field: field, problem: "is \(length) characters long; the limit is \(maxLength)")
        }
        return value
    }

    static func optionalText(_ value: String?, field: String, maxLength: Int = maxTextLength) throws -> String? {
        guard let value, !value.isEmpty else { return nil }
        return try text(value, field: field, maxLength: maxLength)
    }

    /// Names shown to people (display names, policy names): trimmed, in Unicode NFC, without control
    /// characters. Invisible formatting characters are allowed (emoji and right-to-left names need
    /// them); outputs show them visibly.
    static func name(_ value: String, field: String, maxLength: Int = maxIdentifierLength) throws -> String {
        let trimmed = value.trimmedWhitespace
        // ASCII is already in NFC; only other text pays for Foundation's normalisation.
        let normalized = trimmed.utf8.allSatisfy { $0 < 0x80 } ? trimmed : trimmed.precomposedStringWithCanonicalMapping
        _ = try text(normalized, field: field, maxLength: maxLength)
        if let control = normalized.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            throw CaseStoreError.invalidValue(field: field, problem: "must not contain control characters (\(control.codePoint))")
        }
        return normalized
    }

    /// What identifies something (platform, handle, policy code, external id, actor), so that two
    /// identities never print alike: `khamenei_ir` with a hidden U+200B would otherwise be a second
    /// account that looks like the first. A name, in Unicode NFKC (compatibility forms folded: a
    /// fullwidth `Ｘ` is `X`, a no-break space a space), holding nothing invisible or blank: no
    /// format or default-ignorable character (zero-width, direction marks, variation selectors,
    /// fillers, tags), no line separator, no space but U+0020.
    static func identifier(_ value: String, field: String, maxLength: Int = maxIdentifierLength) throws -> String {
        // Printable ASCII (nearly every identifier) has nothing to normalise and nothing invisible.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return try text(value.trimmedWhitespace, field: field, maxLength: maxLength)
        }
        // NFKC output is also NFC: one normalisation, then the rules of names and the stricter ones here.
        let normalized = try name(value.trimmedWhitespace.precomposedStringWithCompatibilityMapping, field: field, maxLength: maxLength)
        if let invisible = normalized.unicodeScalars.first(where: \.isUnfitForIdentifiers) {
            throw CaseStoreError.invalidValue(
                field: field, problem: "contains the invisible character \(invisible.codePoint); remove it (identifiers must print as they are)")
        }
        return normalized
    }

    /// A handle as users type it: `@name` and `name` are the same account.
    static func handle(_ value: String) throws -> String {
        // Every leading @, not one: a handle read back (an export, a lookup) must normalise to itself.
        let bare = String(value.trimmedWhitespace.drop { $0 == "@" })
        return try identifier(bare, field: "handle", maxLength: maxHandleLength)
    }

    static func platform(_ value: String) throws -> String {
        try identifier(value, field: "platform", maxLength: maxPlatformLength)
    }

    static func followerCount(_ value: Int64?) throws -> Int64? {
        guard let value else { return nil }
        if value < 0 {
            throw CaseStoreError.invalidValue(field: "followers", problem: "\(value) is negative; a follower count is 0 or more")
        }
        if value > maxFollowerCount {
            throw CaseStoreError.invalidValue(
                field: "followers", problem: "\(value) is more than any account has (the limit is \(maxFollowerCount))")
        }
        return value
    }
}

extension Unicode.Scalar {
    /// Format characters (general category Cf: zero-width spaces and joiners, direction marks,
    /// embeddings, overrides and isolates, the byte-order mark, soft hyphens…) and the other
    /// code points that render as nothing. Identifiers refuse them; outputs for people show them.
    public var isInvisibleFormatting: Bool {
        switch properties.generalCategory {
        case .format: return true
        default: return value == 0x034F || value == 0x115F || value == 0x1160 || value == 0x3164 || value == 0xFFA0
        }
    }

    /// Characters an identifier may not hold: anything that renders as nothing or as a blank other than
    /// the ASCII space, and code points whose look depends on the font (unassigned, private use,
    /// noncharacters).
    var isUnfitForIdentifiers: Bool {
        if isInvisibleFormatting || properties.isDefaultIgnorableCodePoint || properties.isNoncharacterCodePoint
            || value == 0x2800 { return true }
        switch properties.generalCategory {
        case .lineSeparator, .paragraphSeparator, .unassigned, .privateUse: return true
        case .spaceSeparator: return value != 0x20
        default: return false
        }
    }

    /// `U+200B`, as Unicode writes code points.
    public var codePoint: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
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
