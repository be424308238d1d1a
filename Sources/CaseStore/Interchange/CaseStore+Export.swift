import SQLiteDatabase
/// One exported case: its values in `CaseInterchange.columns` order, as an import reads them (lists
/// for decisions and evidence), so export and import meet in one type.
public struct ExportRecord: Sendable, Equatable {
    public let values: [ImportRecord.Value]

    /// A record from values by column name; a column not given is null.
    init(_ values: [String: ImportRecord.Value]) {
        self.values = CaseInterchange.columns.map { values[$0] ?? .null }
    }

    /// A case to log, as `import` and `POST /api/v1/cases` read it: what a client sends a server.
    public init(newCase: NewCase) {
        var value: [String: ImportRecord.Value] = [:]
        let texts: [String: String?] = [
            "platform": newCase.platform, "handle": newCase.handle, "display_name": newCase.displayName,
            "account_type": newCase.accountType?.rawValue, "policy": newCase.policyCode, "opened_at": newCase.openedAt?.iso8601,
        ]
        for (column, text) in texts { value[column] = text.map(ImportRecord.Value.text) ?? .null }
        for field in CaseFields.content { value[field.interchangeName] = field.text(newCase.content).map(ImportRecord.Value.text) ?? .null }
        value["decisions"] = .list(newCase.decisions.map(\.text))
        value["evidence"] = .list(newCase.evidence)
        self.init(value)
    }

    /// The record as `import` would read it from a file.
    public func importRecord(line: Int) -> ImportRecord {
        ImportRecord(line: line, fields: zip(CaseInterchange.columns, values).map { (name: $0, value: $1) })
    }
}

extension CaseStore {
    /// Streams the cases the filter selects, oldest id first, in the interchange columns, so that
    /// importing the output into an empty database and exporting again gives the same bytes.
    public func exportCases(matching filter: CaseFilter, _ body: (ExportRecord) throws -> Void) throws {
        let evidence = try database.cachedStatement("SELECT reference FROM case_evidence WHERE case_id = ? ORDER BY id")
        let workflowTimes = [
            "(SELECT e.occurred_at FROM case_events e WHERE e.case_id = c.id AND e.kind = 'transition' ORDER BY e.seq DESC LIMIT 1)",
            "(SELECT e.reason FROM case_events e WHERE e.case_id = c.id AND e.kind = 'transition' ORDER BY e.seq DESC LIMIT 1)",
            "(SELECT e.occurred_at FROM case_events e WHERE e.case_id = c.id AND e.to_status = 'appealed' ORDER BY e.seq DESC LIMIT 1)",
        ]
        let extra = Columns.caseRecordWidth
        try forEachCase(matching: filter, alsoSelecting: workflowTimes) { record, row in
            var value: [String: ImportRecord.Value] = [:]
            let texts: [String: String?] = [
                "platform": record.account.platform, "handle": record.account.handle,
                "display_name": record.account.displayName, "account_type": record.account.type.rawValue,
                "policy": record.policy.code, "opened_at": record.openedAt.iso8601, "status": record.status.rawValue,
                "actioned_at": record.actionedAt?.iso8601, "status_at": try row.optionalTimestamp(extra)?.iso8601,
                "status_reason": row.optionalString(extra + 1), "appealed_at": try row.optionalTimestamp(extra + 2)?.iso8601,
            ]
            for (column, text) in texts { value[column] = text.map(ImportRecord.Value.text) ?? .null }
            for field in CaseFields.content { value[field.interchangeName] = field.text(record.content).map(ImportRecord.Value.text) ?? .null }
            value["decisions"] = .list(record.decisions.texts)
            value["evidence"] = .list(try evidence.query([record.id]) { try $0.string(0) })
            try body(ExportRecord(value))
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
