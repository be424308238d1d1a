import SQLiteDatabase

/// A saved reason: text people would otherwise type again, under a short name.
public struct ReasonTemplate: Sendable, Equatable {
    public let name: String
    /// The policy it is for; nil for every policy.
    public let policyCode: String?
    public let text: String
    public let createdBy: String
    public let createdAt: Timestamp

    public init(name: String, policyCode: String?, text: String, createdBy: String, createdAt: Timestamp) {
        self.name = name
        self.policyCode = policyCode
        self.text = text
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

extension CaseStore {
    /// Saves a reason under `name`, for one policy or (nil) for all. Throws if the name is taken there.
    @discardableResult
    public func addReasonTemplate(name: String, policy code: String?, text: String, actor: String) throws -> ReasonTemplate {
        let actor = try Self.validatedActor(actor)
        let name = try FieldRules.identifier(name, field: "name", maxLength: 64)
        let text = try FieldRules.text(text, field: "text")
        return try write { () -> ReasonTemplate in
            let scope = try code.map { try policy(code: $0) }
            if try findTemplate(name: name, policyID: scope?.id) != nil {
                throw CaseStoreError.templateExists(name: name, policy: scope?.code)
            }
            let now = clock()
            try database.cachedStatement("""
                INSERT INTO reason_templates (policy_id, name, text, created_by, created_at) VALUES (?, ?, ?, ?, ?)
                """).executeChangingOneRow([scope?.id, name, text, actor, now.iso8601])
            return ReasonTemplate(name: name, policyCode: scope?.code, text: text, createdBy: actor, createdAt: now)
        }
    }

    /// Every template, those for all policies first, then by policy and name.
    public func reasonTemplates(policy code: String? = nil) throws -> [ReasonTemplate] {
        try read {
            let policyID = try code.map { try policy(code: $0).id }
            return try database.cachedStatement("""
                SELECT t.name, p.code, t.text, t.created_by, t.created_at FROM reason_templates t
                LEFT JOIN policies p ON p.id = t.policy_id
                WHERE ?1 IS NULL OR t.policy_id = ?1 OR t.policy_id IS NULL
                ORDER BY p.code IS NOT NULL, p.code, t.name
                """).query([policyID]) { row in
                ReasonTemplate(
                    name: try row.string(0), policyCode: row.optionalString(1), text: try row.string(2),
                    createdBy: try row.string(3), createdAt: try row.timestamp(4))
            }
        }
    }

    /// Removes a template. Reasons already written from it stay as they were.
    public func removeReasonTemplate(name: String, policy code: String?) throws {
        let name = try FieldRules.identifier(name, field: "name", maxLength: 64)
        try write {
            let policyID = try code.map { try policy(code: $0).id }
            guard let id = try findTemplate(name: name, policyID: policyID) else {
                throw CaseStoreError.templateNotFound(name: name, policy: code)
            }
            try database.cachedStatement("DELETE FROM reason_templates WHERE id = ?").executeChangingOneRow([id])
        }
    }

    /// The text of the template `name` for a case: its policy's template of that name, else the one
    /// for all policies. Throws `templateNotFound` when neither exists.
    public func reasonTemplateText(name: String, caseID: Int64) throws -> String {
        let name = try FieldRules.identifier(name, field: "name", maxLength: 64)
        return try read {
            guard let policyID = try database.cachedStatement("SELECT policy_id FROM cases WHERE id = ?")
                .queryFirst([caseID], { try $0.int64(0) })
            else { throw CaseStoreError.caseNotFound(id: caseID) }
            let found = try database.cachedStatement("""
                SELECT text FROM reason_templates WHERE name = ? AND (policy_id = ? OR policy_id IS NULL)
                ORDER BY policy_id IS NULL LIMIT 1
                """).queryFirst([name, policyID]) { try $0.string(0) }
            guard let found else {
                let policyCode = try database.cachedStatement("SELECT code FROM policies WHERE id = ?")
                    .queryFirst([policyID]) { try $0.string(0) }
                throw CaseStoreError.templateNotFound(name: name, policy: policyCode)
            }
            return found
        }
    }

    private func findTemplate(name: String, policyID: Int64?) throws -> Int64? {
        try database.cachedStatement("""
            SELECT id FROM reason_templates WHERE name = ?1 AND coalesce(policy_id, 0) = coalesce(?2, 0)
            """).queryFirst([name, policyID]) { try $0.int64(0) }
    }
}
