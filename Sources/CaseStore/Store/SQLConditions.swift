import SQLiteDatabase
/// A WHERE clause built from optional filters, with its bound values in order.
struct SQLConditions {
    private(set) var clauses: [String] = []
    private(set) var values: [(any DatabaseValueConvertible)?] = []

    /// Adds `clause` (with one `?`) only when there is a value to compare with.
    mutating func add(_ clause: String, _ value: (any DatabaseValueConvertible)?) {
        guard let value else { return }
        clauses.append(clause)
        values.append(value)
    }

    var whereClause: String {
        clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
    }

    /// Appends `LIMIT ?` to `sql` when a limit is given, refusing limits below 1.
    mutating func limit(_ limit: Int?, sql: inout String) throws {
        guard let limit else { return }
        guard limit > 0 else {
            throw CaseStoreError.invalidValue(field: "limit", problem: "\(limit) must be 1 or more")
        }
        sql += " LIMIT ?"
        values.append(limit)
    }
}

extension CaseStore {
    /// The conditions of a case filter over `cases c JOIN accounts a`; unknown policies are refused.
    func conditions(for filter: CaseFilter) throws -> SQLConditions {
        var conditions = SQLConditions()
        if let code = filter.policyCode {
            conditions.add("c.policy_id = ?", try policy(code: code).id)
        }
        conditions.add("c.status = ?", filter.status)
        conditions.add("c.platform = ?", try filter.platform.map { try FieldRules.platform($0) })
        conditions.add("a.handle = ?", try filter.handle.map { try FieldRules.handle($0) })
        conditions.add("c.decision_mask & ? != 0", filter.decision.map { Int64(1) << Int64($0.bit) })
        conditions.add("c.source = ?", filter.source)
        conditions.add("c.opened_at >= ?", filter.since?.iso8601)
        conditions.add("c.opened_at <= ?", filter.until?.iso8601)
        return conditions
    }
}
