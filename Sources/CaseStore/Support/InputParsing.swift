import Foundation

/// Parsers for values typed by users or read from files. Each returns a value or throws
/// `CaseStoreError.invalidValue` naming the field; none of them crash on any input.
public enum InputParsing {
    /// A follower count: a whole number of 0 or more. Thousands separators (`5,000,000`,
    /// `5_000_000`) are accepted, as counts are often copied from reporting.
    public static func followerCount(_ text: String, field: String = "followers") throws -> Int64 {
        let trimmed = text.trimmedWhitespace
        let digits = trimmed.filter { $0 != "," && $0 != "_" }
        if trimmed.hasPrefix("-") {
            throw CaseStoreError.invalidValue(field: field, problem: "'\(text)' is negative; a follower count is 0 or more")
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw CaseStoreError.invalidValue(field: field, problem: "'\(text)' is not a whole number")
        }
        guard let value = Int64(digits), value <= FieldRules.maxFollowerCount else {
            throw CaseStoreError.invalidValue(
                field: field, problem: "'\(text)' is more than any account has (the limit is \(FieldRules.maxFollowerCount))")
        }
        return value
    }

    /// One of an enumeration's values, e.g. a status or an action, compared case-insensitively
    /// and with `-` accepted for `_`.
    public static func choice<T: RawRepresentable & CaseIterable>(
        _ type: T.Type, _ text: String, field: String
    ) throws -> T where T.RawValue == String {
        let normalized = String(text.trimmedWhitespace.lowercased().map { $0 == "-" ? "_" : $0 })
        if let value = T(rawValue: normalized) {
            return value
        }
        let options = T.allCases.map(\.rawValue).joined(separator: ", ")
        throw CaseStoreError.invalidValue(field: field, problem: "'\(text)' is not one of: \(options)")
    }
}
