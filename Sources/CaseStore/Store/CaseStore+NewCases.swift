import SQLiteDatabase
extension CaseStore {
    /// Logs a new case in status `open`, creating or updating its account, and records its
    /// `created` event. Returns the new case's id.
    @discardableResult
    public func logCase(_ input: NewCase, actor: String) throws -> Int64 {
        try log(PlannedCase(newCase: input, steps: []), actor: actor)
    }

    /// Logs a case together with the workflow steps that follow its creation, as one unit: the steps
    /// are checked and applied in memory by the same rules as `transition`, then the case row is written
    /// once in its final state, followed by all its events. Returns the new case's id. Throws
    /// `alreadyLogged`, before writing anything, if the platform's external id is already logged.
    @discardableResult
    public func log(_ planned: PlannedCase, actor: String) throws -> Int64 {
        let actor = try Self.validatedActor(actor)
        // On a session's behalf a case starts open: a plan's steps would reach actioned, upheld or
        // reversed without the role, claim and four-eyes checks that `transition` makes. Importing
        // a history stays the file owner's (the local channel).
        if acting != nil, let first = planned.steps.first {
            throw CaseStoreError.invalidValue(
                field: "status", problem: "a case logged by a signed-in person starts open, not \(first.to.rawValue);"
                    + " move it with transitions, which check roles, claims and four eyes")
        }
        // Restrictions are held to ten years from when they take effect: the actioning step when the
        // plan has one (as `transition` does, so an exported case imports again), else the opening.
        let valid = try ValidatedNewCase(
            planned.newCase, now: clock(), checkingLengthFromOpening: !planned.steps.contains { $0.to == .actioned })
        try refuseFuture(valid.openedAt, field: "opened_at")
        return try write {
            let policy = try policy(code: valid.policyCode)
            if let externalID = valid.externalID, try caseID(platform: valid.platform, externalID: externalID) != nil {
                throw CaseStoreError.alreadyLogged(platform: valid.platform, externalID: externalID)
            }
            // Rowids of a table without AUTOINCREMENT are max + 1: the id the insert below will get,
            // so that errors in the steps can name the case.
            let caseID = try database.cachedStatement("SELECT coalesce(max(id), 0) + 1 FROM cases")
                .queryFirst { try $0.int64(0) } ?? 1
            // Accounts match without regard to case (`Alice` is `alice`): the creation event records the
            // account as stored, so the case's history replays to the case.
            let account = try upsertAccount(valid)
            var progress = CaseProgress(decisions: valid.decisions)
            var lastEventAt = valid.openedAt
            var events = [PendingEvent(
                kind: .created, from: nil, to: Workflow.initialStatus, reason: nil, occurredAt: valid.openedAt,
                payload: EventPayload.Created(
                    platform: account.platform, handle: account.handle, policy: policy.code, decisions: valid.decisions,
                    content: valid.content, openedAt: valid.openedAt, evidence: valid.evidence, statement: valid.statement
                ).canonicalJSON)]
            for var step in planned.steps {
                step.caseID = caseID
                let (reason, decisions) = try step.checked(from: progress.status)
                let at = try eventTime(step.at, after: lastEventAt)
                events.append(PendingEvent(
                    kind: .transition, from: progress.status, to: step.to, reason: reason, occurredAt: at,
                    payload: decisions.map { EventPayload.DecisionChange(decisions: $0).canonicalJSON }))
                progress.apply(to: step.to, at: at, decisions: decisions)
                if step.to == .actioned { try progress.checkInForce(at: at) }
                lastEventAt = at
            }
            let accountID = account.id
            let now = clock().iso8601
            try database.cachedStatement(Self.insertCaseSQL).executeChangingOneRow(
                [caseID, accountID, policy.id, progress.decisions.json, progress.decisions.mostSevere,
                 progress.decisions.mask, progress.status, valid.openedAt.iso8601, progress.actionedAt?.iso8601,
                 progress.appealCount, actor, now, now, valid.automatedDetection]
                    + CaseFields.content.map { $0.databaseValue(valid.content) } + [accountID])
            for reference in valid.evidence {
                try insertEvidence(caseID: caseID, reference: reference, actor: actor, at: valid.openedAt)
            }
            try appendEvents(events, caseID: caseID, actor: actor, afterSequence: 0)
            return caseID
        }
    }

    /// The INSERT of a new case: its fixed columns, then one per `CaseFields` field.
    private static let insertCaseSQL: String = {
        let columns = [
            "id", "account_id", "platform", "policy_id", "decisions", "most_severe", "decision_mask", "status", "opened_at",
            "actioned_at", "appeal_count", "created_by", "created_at", "updated_at", "automated_detection",
        ] + CaseFields.names
        // The platform is the account's as stored (the trigger holds them equal).
        let values = columns.map { $0 == "platform" ? "platform" : "?" }
        return "INSERT INTO cases (\(columns.joined(separator: ", "))) SELECT \(values.joined(separator: ", ")) FROM accounts WHERE id = ?"
    }()

    /// Adds a note to a case's history.
    public func addNote(caseID: Int64, text: String, actor: String, at: Timestamp? = nil) throws {
        let actor = try Self.validatedActor(actor)
        let text = try FieldRules.text(text, field: "note")
        try write {
            let at = try eventTime(at, caseID: caseID)
            try appendEvent(caseID: caseID, kind: .note, actor: actor, reason: text, occurredAt: at)
        }
    }

    /// Attaches a piece of evidence (a URL, archive link or document reference) to a case.
    public func addEvidence(caseID: Int64, reference: String, actor: String, at: Timestamp? = nil) throws {
        let actor = try Self.validatedActor(actor)
        let reference = try FieldRules.text(reference, field: "evidence", maxLength: FieldRules.maxReferenceLength)
        try write {
            let at = try eventTime(at, caseID: caseID)
            try insertEvidence(caseID: caseID, reference: reference, actor: actor, at: at)
            try database.cachedStatement("UPDATE cases SET updated_at = ? WHERE id = ?").executeChangingOneRow([clock().iso8601, caseID])
            try appendEvent(
                caseID: caseID, kind: .evidence, actor: actor,
                payload: EventPayload.EvidenceAdded(reference: reference).canonicalJSON, occurredAt: at)
        }
    }

    /// The id of the case a platform knows by `externalID`, if logged.
    public func caseID(platform: String, externalID: String) throws -> Int64? {
        try database.cachedStatement("SELECT id FROM cases WHERE platform = ? AND external_id = ?")
            .queryFirst([platform, externalID]) { try $0.int64(0) }
    }

    /// When a new event of the case happens: `requested`, or now. It may not precede the case's last
    /// event, so that history reads in order. Throws `caseNotFound` for an unknown case.
    func eventTime(_ requested: Timestamp?, caseID: Int64) throws -> Timestamp {
        guard let last = try database.cachedStatement("SELECT max(occurred_at) FROM case_events WHERE case_id = ?")
            .queryFirst([caseID], { $0.optionalString(0) }) ?? nil
        else {
            throw CaseStoreError.caseNotFound(id: caseID)
        }
        return try eventTime(requested, after: try Timestamp.stored(last, column: "case_events.occurred_at"))
    }

    /// When the next event happens, given the previous one's time: `requested`, or now. Never earlier
    /// than the previous event (history reads in order) and never in the future.
    func eventTime(_ requested: Timestamp?, after lastTime: Timestamp) throws -> Timestamp {
        try refuseFuture(requested, field: "at")
        let time = try (requested ?? max(clock(), lastTime)).plausible(field: "at")
        if time < lastTime {
            throw CaseStoreError.invalidValue(
                field: "at", problem: "\(time) is before the case's latest event (\(lastTime)); history must run forward")
        }
        return time
    }

    private func insertEvidence(caseID: Int64, reference: String, actor: String, at: Timestamp) throws {
        try database.cachedStatement("INSERT INTO case_evidence (case_id, reference, added_by, added_at) VALUES (?, ?, ?, ?)")
            .executeChangingOneRow([caseID, reference, actor, at.iso8601])
    }

    /// Finds the account by platform and handle, creating it or refreshing what the new case says about
    /// it. Returns it with its platform and handle as stored.
    private func upsertAccount(_ input: ValidatedNewCase) throws -> (id: Int64, platform: String, handle: String) {
        let now = clock().iso8601
        if let found = try database.cachedStatement("""
            SELECT id, platform, handle, display_name, account_type, follower_count FROM accounts WHERE platform = ? AND handle = ?
            """).queryFirst([input.platform, input.handle], { row in
                (id: try row.int64(0), platform: try row.string(1), handle: try row.string(2), displayName: row.optionalString(3),
                 accountType: row.optionalString(4), followerCount: row.optionalInt64(5))
            }) {
            // Most cases against a known account say nothing new about it: then nothing is written.
            let refreshes = (input.displayName.map { $0 != found.displayName } ?? false)
                || (input.accountType.map { $0.rawValue != found.accountType } ?? false)
                || (input.followerCount.map { $0 != found.followerCount } ?? false)
            if refreshes {
                try database.cachedStatement("""
                    UPDATE accounts SET display_name = coalesce(?, display_name), account_type = coalesce(?, account_type),
                                        follower_count = coalesce(?, follower_count), updated_at = ?
                    WHERE id = ?
                    """).executeChangingOneRow([input.displayName, input.accountType, input.followerCount, now, found.id])
            }
            return (found.id, found.platform, found.handle)
        }
        try database.cachedStatement("""
            INSERT INTO accounts (platform, handle, display_name, account_type, follower_count, unnamed, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).executeChangingOneRow([
                input.platform, input.handle, input.displayName, input.accountType ?? .unknown, input.followerCount,
                input.accountUnnamed, now, now,
            ])
        return (database.lastInsertedRowID, input.platform, input.handle)
    }
}

/// A `NewCase` whose every field has passed the rules; built before any transaction starts.
struct ValidatedNewCase {
    let platform: String
    let handle: String
    let displayName: String?
    let accountType: AccountType?
    let policyCode: String
    let decisions: Decisions
    let content: CaseContent
    let openedAt: Timestamp
    let evidence: [String]
    let statement: StatementOfReasons?
    let automatedDetection: Bool
    let accountUnnamed: Bool

    var followerCount: Int64? { content.followerCount }
    var externalID: String? { content.externalID }

    init(_ input: NewCase, now: Timestamp, checkingLengthFromOpening: Bool = true) throws {
        platform = try FieldRules.platform(input.platform)
        handle = try FieldRules.handle(input.handle)
        displayName = try input.displayName.map { try FieldRules.name($0, field: "display_name") }
        accountType = input.accountType
        policyCode = try FieldRules.identifier(input.policyCode, field: "policy")
        decisions = try Decisions(input.decisions)
        var content = try CaseFields.validated(input.content)
        content.automatedDecision = AutomatedDecision.effective(declared: content.automatedDecision, statement: input.statement)
        self.content = content
        openedAt = try (input.openedAt ?? now).plausible(field: "opened_at")
        try decisions.checkEnds(startingAt: openedAt, inForce: checkingLengthFromOpening, field: "decisions")
        for (field, time) in [("occurred_at", content.occurredAt), ("item_posted_at", content.itemPostedAt)] {
            if let time, time > openedAt {
                throw CaseStoreError.invalidValue(field: field, problem: "\(time) is after the case was opened (\(openedAt))")
            }
        }
        statement = input.statement
        automatedDetection = AutomatedDetection.detected(source: content.source, statement: input.statement)
        accountUnnamed = input.accountUnnamed
        evidence = try input.evidence.map {
            try FieldRules.text($0, field: "evidence", maxLength: FieldRules.maxReferenceLength)
        }
    }
}
