extension CaseStore {
    /// Enforcement figures grouped by `dimension`, over the cases the filter selects
    /// (typically `since`/`until` on the opening time). Definitions are on `ReportRow`.
    public func report(by dimension: ReportDimension, filter: CaseFilter = CaseFilter()) throws -> Report {
        try read {
            let conditions = try conditions(for: filter)
            // Everything but a handle filter is in the covering index cases_report. Without statistics the
            // planner prefers an index that orders the GROUP BY and then reads every case row: name it.
            let from = filter.handle == nil
                ? "FROM cases c INDEXED BY cases_report" : "FROM cases c JOIN accounts a ON a.id = c.account_id"
            let where_ = conditions.whereClause
            let actionedOnly = (where_.isEmpty ? " WHERE " : " AND ") + "c.actioned_at IS NOT NULL"
            let key = Self.keyExpression(dimension)
            let label = try dimension == .policy ? Dictionary(uniqueKeysWithValues: policies().map { ($0.id, $0) }) : [:]
            func name(_ value: DatabaseValue) -> (key: String, label: String?) {
                switch value {
                case .integer(let id): (label[id]?.code ?? String(id), label[id]?.name)
                case .text(let text): (text, nil)
                default: ("", nil)
                }
            }

            var reach: [String: Int64] = [:]
            try database.cachedStatement("""
                SELECT k, coalesce(sum(followers), 0) FROM (
                    SELECT \(key) AS k, c.account_id, max(c.follower_count) AS followers
                    \(from)\(where_)\(actionedOnly) GROUP BY k, c.account_id)
                GROUP BY k
                """).forEachRow(conditions.values) { row in reach[name(row.value(0)).key] = try row.int64(1) }
            let totalReach = try database.cachedStatement("""
                SELECT coalesce(sum(followers), 0) FROM (
                    SELECT max(c.follower_count) AS followers \(from)\(where_)\(actionedOnly) GROUP BY c.account_id)
                """).queryFirst(conditions.values) { try $0.int64(0) } ?? 0

            var durations: [String: [Int64]] = [:]
            var allDurations: [Int64] = []
            try database.cachedStatement("""
                SELECT \(key) AS k,
                       CAST(strftime('%s', c.actioned_at) AS INTEGER) - CAST(strftime('%s', c.opened_at) AS INTEGER) AS seconds
                \(from)\(where_)\(actionedOnly)
                ORDER BY k, seconds
                """).forEachRow(conditions.values) { row in
                let seconds = try row.int64(1)
                durations[name(row.value(0)).key, default: []].append(seconds)
                allDurations.append(seconds)
            }
            allDurations.sort()

            var rows = try database.cachedStatement("""
                SELECT \(key) AS k, count(*), count(c.actioned_at), sum(c.status = 'dismissed'),
                       sum(c.appeal_count > 0), sum(c.status = 'reversed')
                \(from)\(where_)
                GROUP BY k
                """).query(conditions.values) { row in
                let (key, label) = name(row.value(0))
                return ReportRow(
                    key: key, label: label, cases: Int(try row.int64(1)), actioned: Int(try row.int64(2)),
                    dismissed: Int(try row.int64(3)), appealed: Int(try row.int64(4)), reversed: Int(try row.int64(5)),
                    actionedFollowers: reach[key] ?? 0, medianSecondsToAction: Self.median(ofSorted: durations[key] ?? []))
            }
            rows.sort { dimension == .month ? $0.key < $1.key : ($0.cases, $1.key) > ($1.cases, $0.key) }
            let total = rows.isEmpty ? ReportRow.empty : ReportRow(
                key: "total", label: nil, cases: rows.map(\.cases).reduce(0, +), actioned: rows.map(\.actioned).reduce(0, +),
                dismissed: rows.map(\.dismissed).reduce(0, +), appealed: rows.map(\.appealed).reduce(0, +),
                reversed: rows.map(\.reversed).reduce(0, +), actionedFollowers: totalReach,
                medianSecondsToAction: Self.median(ofSorted: allDurations))
            return Report(dimension: dimension, rows: rows, total: total)
        }
    }

    private static func keyExpression(_ dimension: ReportDimension) -> String {
        switch dimension {
        case .policy: "c.policy_id"
        case .platform: "c.platform"
        case .action: "c.action"
        case .source: "c.source"
        case .month: "substr(c.opened_at, 1, 7)"
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
