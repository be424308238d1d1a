import SQLiteDatabase

/// A case waiting for someone, and since when.
public struct QueueEntry: Sendable, Equatable {
    public let record: CaseRecord
    /// When the case entered its current status: its last move, or its opening.
    public let waitingSince: Timestamp
    /// Who holds it, if anyone does now.
    public let claim: Claim?
}

extension Workflow {
    /// The statuses in which a case waits for a person: to be decided, escalated, or its appeal decided.
    public static let queueStatuses: [CaseStatus] = [.open, .escalated, .appealed]
}

extension CaseStore {
    /// The review queue: cases in a queue status that the filter selects, longest waiting first.
    /// A filter's status must be one of the queue's.
    public func queue(matching filter: CaseFilter) throws -> [QueueEntry] {
        try read {
            let (selected, whereClause) = try queueConditions(filter)
            var conditions = selected
            var sql = "SELECT \(Columns.caseFields), \(Columns.account), \(Columns.policy), \(Self.waitingSince) AS waiting_since, "
                + "k.holder, k.claimed_at, k.expires_at, k.assigned_by "
                + Columns.caseJoins + " LEFT JOIN case_claims k ON k.case_id = c.id AND k.expires_at > ?"
                + whereClause + " ORDER BY waiting_since, c.id"
            try conditions.limit(filter.limit, sql: &sql)
            let width = Columns.caseRecordWidth
            return try database.cachedStatement(sql).query([clock().iso8601] + conditions.values) { row in
                let record = try row.caseRecord()
                let claim = try row.optionalString(width + 1).map { holder in
                    Claim(caseID: record.id, holder: holder, claimedAt: try row.timestamp(width + 2),
                          expiresAt: try row.timestamp(width + 3), assignedBy: row.optionalString(width + 4))
                }
                return QueueEntry(record: record, waitingSince: try row.timestamp(width), claim: claim)
            }
        }
    }

    /// How many cases the queue holds for the filter (its limit aside).
    public func queueCount(matching filter: CaseFilter) throws -> Int {
        try read {
            let (conditions, whereClause) = try queueConditions(filter)
            let count = try database.cachedStatement("SELECT count(*) FROM cases c JOIN accounts a ON a.id = c.account_id" + whereClause)
                .queryFirst(conditions.values) { try $0.int64(0) }
            return Int(count ?? 0)
        }
    }

    /// The last move's time, read through the (case_id, seq) key; the opening for a case never moved.
    static let waitingSince = """
        coalesce((SELECT e.occurred_at FROM case_events e WHERE e.case_id = c.id AND e.kind = 'transition' \
        ORDER BY e.seq DESC LIMIT 1), c.opened_at)
        """

    /// The filter's conditions, narrowed to the queue (or to some of its `statuses`).
    func queueConditions(_ filter: CaseFilter, statuses: [CaseStatus] = Workflow.queueStatuses) throws -> (SQLConditions, String) {
        if let status = filter.status, !Workflow.queueStatuses.contains(status) {
            throw CaseStoreError.invalidValue(
                field: "status", problem: "\(status.rawValue) cases wait for nobody; the queue holds "
                    + Workflow.queueStatuses.map(\.rawValue).joined(separator: ", "))
        }
        let conditions = try conditions(for: filter)
        let inQueue = "c.status IN (" + statuses.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
        let whereClause = conditions.whereClause.isEmpty ? " WHERE " + inQueue : conditions.whereClause + " AND " + inQueue
        return (conditions, whereClause)
    }
}
