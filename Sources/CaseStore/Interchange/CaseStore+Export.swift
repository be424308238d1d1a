import SQLiteDatabase
/// One exported case: values in `CaseInterchange.columns` order (nil for empty).
public struct ExportRecord: Sendable, Equatable {
    public let values: [String?]
    public let evidence: [String]
}

extension CaseStore {
    /// Streams the cases the filter selects, oldest id first, in the interchange columns, so that
    /// importing the output into an empty database and exporting again gives the same bytes.
    public func exportCases(matching filter: CaseFilter, _ body: (ExportRecord) throws -> Void) throws {
        let evidence = try database.cachedStatement("SELECT reference FROM case_evidence WHERE case_id = ? ORDER BY id")
        let extra = Columns.caseRecordWidth
        try forEachCase(matching: filter, alsoSelecting: [
            "(SELECT e.occurred_at FROM case_events e WHERE e.case_id = c.id AND e.kind = 'transition' ORDER BY e.seq DESC LIMIT 1)",
            "(SELECT e.reason FROM case_events e WHERE e.case_id = c.id AND e.kind = 'transition' ORDER BY e.seq DESC LIMIT 1)",
            "(SELECT e.occurred_at FROM case_events e WHERE e.case_id = c.id AND e.to_status = 'appealed' ORDER BY e.seq DESC LIMIT 1)",
        ]) { record, row in
            let references = try evidence.query([record.id]) { try $0.string(0) }
            try body(ExportRecord(values: [
                record.externalID, record.account.platform, record.account.handle, record.account.displayName,
                record.account.type.rawValue, record.followerCount.map(String.init), record.policy.code,
                record.action.rawValue, record.actionEndsAt?.iso8601, record.source.rawValue,
                record.automatedDecision.rawValue, record.rationale,
                record.occurredAt?.iso8601, record.openedAt.iso8601, record.status.rawValue, record.actionedAt?.iso8601,
                try row.optionalTimestamp(extra + 2)?.iso8601, try row.optionalTimestamp(extra)?.iso8601,
                row.optionalString(extra + 1), nil,
            ], evidence: references))
        }
    }

    /// Streams the cases the filter selects, oldest id first, in one read transaction, each with the
    /// extra columns asked for (read from the row at `Columns.caseRecordWidth` on).
    func forEachCase(
        matching filter: CaseFilter, alsoSelecting extraColumns: [String], _ body: (CaseRecord, Row) throws -> Void
    ) throws {
        try read {
            var conditions = try conditions(for: filter)
            var sql = "SELECT \(Columns.caseFields), \(Columns.account), \(Columns.policy)"
                + extraColumns.map { ", " + $0 }.joined() + " " + Columns.caseJoins + conditions.whereClause + " ORDER BY c.id"
            try conditions.limit(filter.limit, sql: &sql)
            try database.prepare(sql).forEachRow(conditions.values) { row in try body(try row.caseRecord(), row) }
        }
    }
}
