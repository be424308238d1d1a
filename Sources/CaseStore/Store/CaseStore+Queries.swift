import SQLiteDatabase
extension CaseStore {
    /// One case with its evidence and full history.
    public func caseDetail(id: Int64) throws -> CaseDetail {
        try read { try readCaseDetail(id: id) }
    }

    private func readCaseDetail(id: Int64) throws -> CaseDetail {
        guard let record = try database.cachedStatement("\(Columns.caseSelect) WHERE c.id = ?")
            .queryFirst([id], { try $0.caseRecord() })
        else {
            throw CaseStoreError.caseNotFound(id: id)
        }
        let evidence = try database.cachedStatement(
            "SELECT reference, added_by, added_at FROM case_evidence WHERE case_id = ? ORDER BY id"
        ).query([id]) { row in
            Evidence(reference: try row.string(0), addedBy: try row.string(1), addedAt: try row.timestamp(2))
        }
        return CaseDetail(record: record, evidence: evidence, events: try events(matching: EventFilter(caseID: id)))
    }

    /// Cases matching the filter, most recently opened first.
    public func cases(matching filter: CaseFilter) throws -> [CaseRecord] {
        var conditions = try conditions(for: filter)
        var sql = Columns.caseSelect + conditions.whereClause + " ORDER BY c.opened_at DESC, c.id DESC"
        try conditions.limit(filter.limit, sql: &sql)
        return try database.cachedStatement(sql).query(conditions.values) { try $0.caseRecord() }
    }

    /// How many cases match the filter (its limit aside): the "50 of 200,007" of a page.
    public func caseCount(matching filter: CaseFilter) throws -> Int {
        let conditions = try conditions(for: filter)
        let join = filter.handle == nil ? "" : " JOIN accounts a ON a.id = c.account_id"
        let count = try database.cachedStatement("SELECT count(*) FROM cases c" + join + conditions.whereClause)
            .queryFirst(conditions.values) { try $0.int64(0) }
        return Int(count ?? 0)
    }

    /// An account and every case against it: the repeat-violation view.
    /// The account and every case against it, newest first; with `asOf`, the cases opened by then,
    /// each as it stood then (rebuilt from its events, as `caseAsOf`).
    public func accountHistory(platform: String, handle: String, asOf: Timestamp? = nil) throws -> AccountHistory {
        let handle = try FieldRules.handle(handle)
        let platform = try FieldRules.platform(platform)
        return try read {
            let now = try readAccountHistory(platform: platform, handle: handle)
            guard let asOf else { return now }
            return AccountHistory(
                account: now.account, cases: try now.cases.filter { $0.openedAt <= asOf }.map { try caseAsOf(id: $0.id, time: asOf).record })
        }
    }

    private func readAccountHistory(platform: String, handle: String) throws -> AccountHistory {
        guard let account = try database.cachedStatement(
            "SELECT \(Columns.account) FROM accounts a WHERE a.platform = ? AND a.handle = ?"
        ).queryFirst([platform, handle], { try $0.account() })
        else {
            throw CaseStoreError.accountNotFound(platform: platform, handle: handle)
        }
        let cases = try database.cachedStatement("\(Columns.caseSelect) WHERE c.account_id = ? ORDER BY c.opened_at DESC, c.id DESC")
            .query([account.id]) { try $0.caseRecord() }
        return AccountHistory(account: account, cases: cases)
    }

    /// History entries across cases, oldest first: the audit view. For one case, in sequence order.
    /// With a limit, the most recent that many, still oldest first.
    public func events(matching filter: EventFilter) throws -> [CaseEvent] {
        if let caseID = filter.caseID,
           try database.cachedStatement("SELECT 1 FROM cases WHERE id = ?").queryFirst([caseID], { _ in true }) == nil {
            throw CaseStoreError.caseNotFound(id: caseID)
        }
        var conditions = eventConditions(for: filter)
        let newestFirst = filter.caseID != nil ? " ORDER BY e.seq DESC" : " ORDER BY e.occurred_at DESC, e.id DESC"
        var sql = "SELECT \(Columns.event) FROM case_events e" + conditions.whereClause + newestFirst
        try conditions.limit(filter.limit, sql: &sql)
        return try database.cachedStatement(sql).query(conditions.values) { try $0.caseEvent() }.reversed()
    }

    /// How many events match the filter (its limit aside).
    public func eventCount(matching filter: EventFilter) throws -> Int {
        let conditions = eventConditions(for: filter)
        let count = try database.cachedStatement("SELECT count(*) FROM case_events e" + conditions.whereClause)
            .queryFirst(conditions.values) { try $0.int64(0) }
        return Int(count ?? 0)
    }

    private func eventConditions(for filter: EventFilter) -> SQLConditions {
        var conditions = SQLConditions()
        conditions.add("e.case_id = ?", filter.caseID)
        conditions.add("e.actor = ?", filter.actor)
        conditions.add("e.occurred_at >= ?", filter.since?.iso8601)
        conditions.add("e.occurred_at <= ?", filter.until?.iso8601)
        return conditions
    }
}
