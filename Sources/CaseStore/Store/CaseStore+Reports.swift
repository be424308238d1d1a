extension CaseStore {
    /// Enforcement figures grouped by `dimension`, over the cases the filter selects
    /// (typically `since`/`until` on the opening time). Definitions are on `ReportRow`.
    public func report(by dimension: ReportDimension, filter: CaseFilter = CaseFilter()) throws -> Report {
        try read {
            let conditions = try conditions(for: filter)
            let rows = try reportRows(key: Self.keyExpression(dimension), dimension: dimension, conditions: conditions)
            let total = try reportRows(key: "'total'", dimension: nil, conditions: conditions).first
            return Report(dimension: dimension, rows: rows, total: total ?? .empty)
        }
    }

    private static func keyExpression(_ dimension: ReportDimension) -> String {
        switch dimension {
        case .policy: "p.code"
        case .platform: "c.platform"
        case .action: "c.action"
        case .source: "c.source"
        case .month: "substr(c.opened_at, 1, 7)"
        }
    }

    private func reportRows(key: String, dimension: ReportDimension?, conditions: SQLConditions) throws -> [ReportRow] {
        let from = "FROM cases c JOIN accounts a ON a.id = c.account_id JOIN policies p ON p.id = c.policy_id"
        let actionedOnly = conditions.whereClause.isEmpty ? " WHERE c.actioned_at IS NOT NULL" : " AND c.actioned_at IS NOT NULL"
        let label = dimension == .policy ? "p.name" : "NULL"
        let order = dimension == .month ? "k" : "count(*) DESC, k"

        let reach = Dictionary(uniqueKeysWithValues: try database.cachedStatement("""
            SELECT k, coalesce(sum(followers), 0) FROM (
                SELECT \(key) AS k, c.account_id, max(c.follower_count) AS followers
                \(from)\(conditions.whereClause)\(actionedOnly)
                GROUP BY k, c.account_id)
            GROUP BY k
            """).query(conditions.values) { (try $0.string(0), try $0.int64(1)) })

        var durations: [String: [Int64]] = [:]
        try database.cachedStatement("""
            SELECT \(key) AS k,
                   CAST(strftime('%s', c.actioned_at) AS INTEGER) - CAST(strftime('%s', c.opened_at) AS INTEGER) AS seconds
            \(from)\(conditions.whereClause)\(actionedOnly)
            ORDER BY k, seconds
            """).forEachRow(conditions.values) { row in
            durations[try row.string(0), default: []].append(try row.int64(1))
        }

        return try database.cachedStatement("""
            SELECT \(key) AS k, \(label), count(*), count(c.actioned_at), sum(c.status = 'dismissed'),
                   sum(c.appeal_count > 0), sum(c.status = 'reversed')
            \(from)\(conditions.whereClause)
            GROUP BY k ORDER BY \(order)
            """).query(conditions.values) { row in
            let key = try row.string(0)
            return ReportRow(
                key: key, label: row.optionalString(1), cases: Int(try row.int64(2)), actioned: Int(try row.int64(3)),
                dismissed: Int(try row.int64(4)), appealed: Int(try row.int64(5)), reversed: Int(try row.int64(6)),
                actionedFollowers: reach[key] ?? 0, medianSecondsToAction: Self.median(ofSorted: durations[key] ?? []))
        }
    }

    /// The middle value, or the mean of the two middle values (rounded down), of a sorted list.
    static func median(ofSorted values: [Int64]) -> Int64? {
        guard !values.isEmpty else { return nil }
        let middle = values.count / 2
        return values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
    }
}

extension ReportRow {
    static let empty = ReportRow(
        key: "total", label: nil, cases: 0, actioned: 0, dismissed: 0, appealed: 0, reversed: 0, actionedFollowers: 0,
        medianSecondsToAction: nil)
}
