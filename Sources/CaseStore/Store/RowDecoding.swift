import SQLiteDatabase
/// The column lists the store selects, and how each row becomes a model value. Kept together so a
/// SELECT and its decoder cannot drift apart.
enum Columns {
    static let policy = "p.id, p.code, p.name, p.description, p.dsa_category"
    static let account =
        "a.id, a.platform, a.handle, a.display_name, a.account_type, a.follower_count, a.unnamed, a.created_at, a.updated_at"
    static let caseFields = """
        c.id, c.action, c.action_ends_at, c.status, c.source, c.rationale, c.external_id, c.follower_count, \
        c.occurred_at, c.opened_at, c.actioned_at, c.appeal_count, c.created_by, c.created_at, c.updated_at, \
        c.automated_detection, c.automated_decision
        """
    static let caseJoins = "FROM cases c JOIN accounts a ON a.id = c.account_id JOIN policies p ON p.id = c.policy_id"
    /// A case with its account and policy; decode with `Row.caseRecord()`.
    static let caseSelect = "SELECT \(caseFields), \(account), \(policy) \(caseJoins)"
    /// Columns `caseSelect` reads: columns selected after them start at this index.
    static let caseRecordWidth = 31
    static let event =
        "e.id, e.case_id, e.seq, e.kind, e.from_status, e.to_status, e.actor, e.reason, e.payload, e.occurred_at, e.recorded_at, "
        + "e.prev_hash, e.hash"
}

extension Row {
    func timestamp(_ index: Int) throws -> Timestamp {
        try Timestamp.stored(try string(index), column: columnName(index))
    }

    func optionalTimestamp(_ index: Int) throws -> Timestamp? {
        try optionalString(index).map { try Timestamp.stored($0, column: columnName(index)) }
    }

    func policy(at start: Int = 0) throws -> Policy {
        Policy(
            id: try int64(start), code: try string(start + 1), name: try string(start + 2),
            description: try string(start + 3), dsaCategory: optionalString(start + 4))
    }

    func account(at start: Int = 0) throws -> Account {
        Account(
            id: try int64(start), platform: try string(start + 1), handle: try string(start + 2),
            displayName: optionalString(start + 3), type: try decode(AccountType.self, start + 4),
            followerCount: optionalInt64(start + 5), unnamed: try int64(start + 6) != 0, createdAt: try timestamp(start + 7),
            updatedAt: try timestamp(start + 8))
    }

    /// Decodes a row selected with `Columns.caseSelect`.
    func caseRecord() throws -> CaseRecord {
        CaseRecord(
            id: try int64(0), account: try account(at: 17), policy: try policy(at: 26),
            action: try decode(EnforcementAction.self, 1), actionEndsAt: try optionalTimestamp(2),
            status: try decode(CaseStatus.self, 3), source: try decode(DetectionSource.self, 4),
            automatedDetection: try int64(15) != 0, automatedDecision: try decode(AutomatedDecision.self, 16),
            rationale: try string(5), externalID: optionalString(6), followerCount: optionalInt64(7),
            occurredAt: try optionalTimestamp(8), openedAt: try timestamp(9), actionedAt: try optionalTimestamp(10),
            appealCount: Int(try int64(11)), createdBy: try string(12), createdAt: try timestamp(13),
            updatedAt: try timestamp(14))
    }

    /// Decodes a row selected with `Columns.event`.
    func caseEvent() throws -> CaseEvent {
        CaseEvent(
            id: try int64(0), caseID: try int64(1), sequence: Int(try int64(2)), kind: try decode(EventKind.self, 3),
            fromStatus: try decodeIfPresent(CaseStatus.self, 4), toStatus: try decodeIfPresent(CaseStatus.self, 5),
            actor: try string(6), reason: optionalString(7), payload: optionalString(8),
            occurredAt: try timestamp(9), recordedAt: try timestamp(10), previousHash: try string(11),
            hash: try string(12))
    }
}
