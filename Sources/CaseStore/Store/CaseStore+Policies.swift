import Foundation

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
    public func addPolicy(code: String, name: String, description: String = "") throws -> Policy {
        let code = try PolicyCode.validated(code)
        let name = try FieldRules.identifier(name, field: "name")
        let description = description.isEmpty ? "" : try FieldRules.text(description, field: "description")
        return try write {
            if try database.cachedStatement("SELECT 1 FROM policies WHERE code = ?").queryFirst([code], { _ in true }) != nil {
                throw CaseStoreError.policyExists(code: code)
            }
            try database.cachedStatement("INSERT INTO policies (code, name, description, created_at) VALUES (?, ?, ?, ?)")
                .execute([code, name, description, clock().iso8601])
            return Policy(id: database.lastInsertedRowID, code: code, name: name, description: description)
        }
    }
}

enum PolicyCode {
    /// Lower-case letters, digits and dashes: safe in file names, URLs and report keys.
    static func validated(_ code: String) throws -> String {
        let code = try FieldRules.identifier(code, field: "code").lowercased()
        let allowed = code.count <= 64 && code.first?.isLetter == true
            && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard allowed else {
            throw CaseStoreError.invalidValue(
                field: "code", problem: "'\(code)' must be 1–64 lower-case letters, digits or dashes, starting with a letter")
        }
        return code
    }
}
