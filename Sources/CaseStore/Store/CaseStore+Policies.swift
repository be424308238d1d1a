import Foundation
import SQLiteDatabase

/// A policy to create if no policy has its code yet.
public struct PolicyDefinition: Sendable, Equatable {
    public let code: String
    public let name: String
    public let description: String
    public let dsaCategory: String?

    public init(code: String, name: String, description: String = "", dsaCategory: String? = nil) {
        self.code = code
        self.name = name
        self.description = description
        self.dsaCategory = dsaCategory
    }
}

extension CaseStore {
    /// Every policy, by code.
    public func policies() throws -> [Policy] {
        try database.cachedStatement("SELECT \(Columns.policy) FROM policies p ORDER BY p.code").query { try $0.policy() }
    }

    /// The policy with this code (case-insensitive), or an error suggesting close matches.
    public func policy(code: String) throws -> Policy {
        let found = try database.cachedStatement("SELECT \(Columns.policy) FROM policies p WHERE p.code = ?")
            .queryFirst([code.trimmedWhitespace]) { try $0.policy() }
        if let found { return found }
        let known = try policies().map { (key: $0.code, label: $0.name) }
        throw CaseStoreError.unknownPolicy(code: code, suggestions: Suggestions.closest(to: code, among: known))
    }

    /// Adds a policy. Codes are short, stable identifiers such as `hate-speech`.
    @discardableResult
    public func addPolicy(_ definition: PolicyDefinition) throws -> Policy {
        let valid = try Self.validated(definition)
        return try write {
            if try database.cachedStatement("SELECT 1 FROM policies WHERE code = ?").queryFirst([valid.code], { _ in true }) != nil {
                throw CaseStoreError.policyExists(code: valid.code)
            }
            try insertPolicy(valid)
            return Policy(
                id: database.lastInsertedRowID, code: valid.code, name: valid.name, description: valid.description,
                dsaCategory: valid.dsaCategory)
        }
    }

    @discardableResult
    public func addPolicy(code: String, name: String, description: String = "", dsaCategory: String? = nil) throws -> Policy {
        try addPolicy(PolicyDefinition(code: code, name: name, description: description, dsaCategory: dsaCategory))
    }

    /// Sets (or, with nil, clears) the DSA category a policy falls under.
    public func setDSACategory(_ category: String?, forPolicy code: String) throws {
        let category = try category.map(DSACategoryKey.validated)
        try write {
            let policy = try policy(code: code)
            try database.cachedStatement("UPDATE policies SET dsa_category = ? WHERE id = ?").executeChangingOneRow([category, policy.id])
        }
    }

    /// Adds those of `definitions` whose code no policy has yet. Call inside a write transaction.
    func addMissingPolicies(_ definitions: [PolicyDefinition]) throws {
        let exists = try database.cachedStatement("SELECT 1 FROM policies WHERE code = ?")
        for definition in definitions where try exists.queryFirst([definition.code], { _ in true }) == nil {
            try insertPolicy(try Self.validated(definition))
        }
    }

    private func insertPolicy(_ valid: PolicyDefinition) throws {
        try database.cachedStatement("""
            INSERT INTO policies (code, name, description, dsa_category, created_at) VALUES (?, ?, ?, ?, ?)
            """).executeChangingOneRow([valid.code, valid.name, valid.description, valid.dsaCategory, clock().iso8601])
    }

    private static func validated(_ definition: PolicyDefinition) throws -> PolicyDefinition {
        PolicyDefinition(
            code: try PolicyCode.validated(definition.code), name: try FieldRules.name(definition.name, field: "name", maxLength: FieldRules.maxPolicyNameLength),
            description: definition.description.isEmpty ? "" : try FieldRules.text(definition.description, field: "description"),
            dsaCategory: try definition.dsaCategory.map(DSACategoryKey.validated))
    }
}

enum PolicyCode {
    /// Lower-case letters, digits and dashes: safe in file names, URLs and report keys.
    static func validated(_ code: String) throws -> String {
        let code = try FieldRules.identifier(code, field: "code", maxLength: FieldRules.maxPolicyCodeLength).lowercased()
        let allowed = code.first?.isLetter == true
            && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard allowed else {
            throw CaseStoreError.invalidValue(
                field: "code", problem: "'\(code)' must be 1–\(FieldRules.maxPolicyCodeLength) lower-case letters, digits or dashes, starting with a letter")
        }
        if reserved.contains(code) {
            throw CaseStoreError.invalidValue(
                field: "code", problem: "'\(code)' is reserved: reports and filters use it for every policy at once")
        }
        return code
    }

    /// Words a report's total row or a filter could be read as.
    static let reserved: Set = ["all", "total", "none"]
}

enum DSACategoryKey {
    /// A current category key; a retired one is refused with the key that replaced it.
    static func validated(_ key: String) throws -> String {
        let key = key.trimmedWhitespace
        if DSAVocabulary.categoryKeys.contains(key) { return key }
        if let current = DSAVocabulary.legacyCategories[key] {
            throw CaseStoreError.invalidValue(field: "dsa_category", problem: "'\(key)' was retired in July 2025; use \(current)")
        }
        let known = DSAVocabulary.categories.map { (key: $0.key, label: $0.label) }
        let close = Suggestions.closest(to: key, among: known)
        throw CaseStoreError.invalidValue(
            field: "dsa_category",
            problem: "'\(key)' is not a DSA category key" + (close.isEmpty ? "" : " (did you mean \(close.joined(separator: ", "))?)"))
    }
}

extension CaseStore {
    /// The policy codes of the database at `path`, for shell completion: read as a `peek`, never
    /// migrating, creating or locking anything (a Tab press must not upgrade a file or leave files
    /// beside it); empty when there is no readable casetool database there.
    public static func policyCodes(atPath path: String) -> [String] {
        guard FileManager.default.fileExists(atPath: path),
              let database = try? Database.forStore(path: path, mode: .peek),
              let statement = try? database.prepare("SELECT code FROM policies ORDER BY code")
        else { return [] }
        // Only well-formed codes: a shell expands what completion offers, so a code written into the
        // file by another tool ("$(…)", control characters) must never reach it.
        return ((try? statement.query { try $0.string(0) }) ?? []).filter { (try? PolicyCode.validated($0)) == $0 }
    }
}
