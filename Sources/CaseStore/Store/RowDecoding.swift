import SQLiteDatabase
/// The column lists the store selects, and how each row becomes a model value. Kept together so a
/// SELECT and its decoder cannot drift apart.
enum Columns {
    static let policyColumns = ["id", "code", "name", "description", "dsa_category"]
    static let accountColumns = [
        "id", "platform", "handle", "display_name", "account_type", "follower_count", "unnamed", "created_at", "updated_at",
    ]
    /// The columns of `cases` a record reads besides its content's, which `CaseFields` declares. The
    /// raw value is the column's place in the SELECT, so decoding needs no lookup and a name cannot be mistyped.
    enum CaseColumn: Int, CaseIterable {
        case id, decisions, mostSevere, decisionMask, status, automatedDetection, openedAt, actionedAt, appealCount
        case createdBy, createdAt, updatedAt

        var name: String {
            switch self {
            case .id: "id"
            case .decisions: "decisions"
            case .mostSevere: "most_severe"
            case .decisionMask: "decision_mask"
            case .status: "status"
            case .automatedDetection: "automated_detection"
            case .openedAt: "opened_at"
            case .actionedAt: "actioned_at"
            case .appealCount: "appeal_count"
            case .createdBy: "created_by"
            case .createdAt: "created_at"
            case .updatedAt: "updated_at"
            }
        }
    }
    static let caseColumns = CaseColumn.allCases.map(\.name)
    static let policy = list("p", policyColumns)
    static let account = list("a", accountColumns)
    static let caseFields = list("c", caseColumns + CaseFields.names)
    static let caseJoins = "FROM cases c JOIN accounts a ON a.id = c.account_id JOIN policies p ON p.id = c.policy_id"
    /// A case with its account and policy; decode with `Row.caseRecord()`.
    static let caseSelect = "SELECT \(caseFields), \(account), \(policy) \(caseJoins)"
    /// Columns `caseSelect` reads: columns selected after them start at this index.
    static let caseRecordWidth = caseColumns.count + CaseFields.content.count + accountColumns.count + policyColumns.count
    /// An event's columns, with the hash of the event before it (stored once, in that event's row).
    static let event =
        "e.id, e.case_id, e.seq, e.kind, e.from_status, e.to_status, e.actor, e.reason, e.payload, e.occurred_at, e.recorded_at, "
        + "lower(hex(coalesce((SELECT p.hash FROM case_events p WHERE p.id < e.id ORDER BY p.id DESC LIMIT 1), zeroblob(32)))), "
        + "lower(hex(e.hash)), e.format, e.channel"
    /// The same columns without the chain's hashes (left empty): for replaying cases, which reads
    /// every event and does not check the chain (`audit verify` checks it on its own).
    static let eventWithoutHashes =
        "e.id, e.case_id, e.seq, e.kind, e.from_status, e.to_status, e.actor, e.reason, e.payload, e.occurred_at, e.recorded_at, "
        + "'', '', e.format, e.channel"

    private static func list(_ table: String, _ columns: [String]) -> String {
        columns.map { table + "." + $0 }.joined(separator: ", ")
    }
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

    /// Decodes a row selected with `Columns.caseSelect`: each column found by its place in the lists
    /// the SELECT is built from.
    func caseRecord() throws -> CaseRecord {
        func at(_ column: Columns.CaseColumn) -> Int { column.rawValue }
        let contentStart = Columns.caseColumns.count
        var content = CaseContent.unfilled
        for (offset, field) in CaseFields.content.enumerated() {
            do {
                try field.restore(&content, optionalString(contentStart + offset))
            } catch let CaseStoreError.invalidValue(_, problem) {
                throw CaseStoreError.corruptRow(table: "cases", problem: "\(field.name) \(problem)")
            }
        }
        let accountStart = contentStart + CaseFields.content.count
        return CaseRecord(
            id: try int64(at(.id)), account: try account(at: accountStart),
            policy: try policy(at: accountStart + Columns.accountColumns.count),
            decisions: try decisions(at(.decisions)), status: try decode(CaseStatus.self, at(.status)), content: content,
            automatedDetection: try int64(at(.automatedDetection)) != 0, openedAt: try timestamp(at(.openedAt)),
            actionedAt: try optionalTimestamp(at(.actionedAt)), appealCount: Int(try int64(at(.appealCount))),
            createdBy: try string(at(.createdBy)), createdAt: try timestamp(at(.createdAt)),
            updatedAt: try timestamp(at(.updatedAt)), storedMostSevere: try string(at(.mostSevere)),
            storedDecisionMask: try int64(at(.decisionMask)))
    }

    /// A `decisions` column: a JSON array of decisions in their text form.
    func decisions(_ index: Int) throws -> Decisions {
        let text = try string(index)
        do {
            guard let texts = JSONLineParser.stringArray(of: text) else {
                throw CaseStoreError.invalidValue(field: "decisions", problem: "is not a JSON array of strings")
            }
            return try Decisions(restoring: texts)
        } catch let CaseStoreError.invalidValue(_, problem) {
            throw CaseStoreError.corruptRow(table: "cases", problem: "decisions \(problem)")
        }
    }

    /// Decodes a row selected with `Columns.event`.
    func caseEvent() throws -> CaseEvent {
        CaseEvent(
            id: try int64(0), caseID: try int64(1), sequence: Int(try int64(2)), kind: try decode(EventKind.self, 3),
            fromStatus: try decodeIfPresent(CaseStatus.self, 4), toStatus: try decodeIfPresent(CaseStatus.self, 5),
            actor: try string(6), reason: optionalString(7), payload: optionalString(8),
            occurredAt: try timestamp(9), recordedAt: try timestamp(10), previousHash: try string(11),
            hash: try string(12), format: Int(try int64(13)), channel: try decode(Channel.self, 14))
    }
}
