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
        let valid = try ValidatedNewCase(planned.newCase, now: clock())
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
            var progress = CaseProgress(action: valid.action, actionEndsAt: valid.actionEndsAt)
            var lastEventAt = valid.openedAt
            var events = [PendingEvent(
                kind: .created, from: nil, to: Workflow.initialStatus, reason: nil, occurredAt: valid.openedAt,
                payload: EventPayload.Created(
                    platform: account.platform, handle: account.handle, policy: policy.code, action: valid.action,
                    action_ends_at: valid.actionEndsAt?.iso8601, source: valid.source, rationale: valid.rationale,
                    follower_count: valid.followerCount, occurred_at: valid.occurredAt?.iso8601,
                    opened_at: valid.openedAt.iso8601, external_id: valid.externalID,
                    evidence: valid.evidence.isEmpty ? nil : valid.evidence, statement: valid.statement,
                    automated_decision: valid.statement == nil && valid.automatedDecision != .notAutomated
                        ? valid.automatedDecision : nil
                ).canonicalJSON)]
            for var step in planned.steps {
                step.caseID = caseID
                let reason = try step.checked(from: progress.status)
                let at = try eventTime(step.at, after: lastEventAt)
                events.append(PendingEvent(
                    kind: .transition, from: progress.status, to: step.to, reason: reason, occurredAt: at,
                    payload: step.actionChangePayload))
                progress.apply(to: step.to, at: at, action: step.action, actionEndsAt: step.actionEndsAt)
                if step.to == .actioned { try ActionEnd.checkInForce(progress, at: at) }
                lastEventAt = at
            }
            let accountID = account.id
            let now = clock().iso8601
            try database.cachedStatement("""
                INSERT INTO cases (id, account_id, platform, policy_id, action, action_ends_at, status, source, rationale,
                                   external_id, follower_count, occurred_at, opened_at, actioned_at, appeal_count,
                                   created_by, created_at, updated_at, automated_detection, automated_decision)
                SELECT ?, ?, platform, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM accounts WHERE id = ?
                """).executeChangingOneRow([
                    caseID, accountID, policy.id, progress.action, progress.actionEndsAt?.iso8601, progress.status,
                    valid.source, valid.rationale, valid.externalID, valid.followerCount, valid.occurredAt?.iso8601,
                    valid.openedAt.iso8601, progress.actionedAt?.iso8601, progress.appealCount, actor, now, now,
                    valid.automatedDetection, valid.automatedDecision, accountID,
                ])
            for reference in valid.evidence {
                try insertEvidence(caseID: caseID, reference: reference, actor: actor, at: valid.openedAt)
            }
            try appendEvents(events, caseID: caseID, actor: actor)
            return caseID
        }
    }

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
        if let (id, platform, handle) = try database.cachedStatement("SELECT id, platform, handle FROM accounts WHERE platform = ? AND handle = ?")
            .queryFirst([input.platform, input.handle], { (try $0.int64(0), try $0.string(1), try $0.string(2)) }) {
            try database.cachedStatement("""
                UPDATE accounts SET display_name = coalesce(?, display_name), account_type = coalesce(?, account_type),
                                    follower_count = coalesce(?, follower_count), updated_at = ?
                WHERE id = ?
                """).executeChangingOneRow([input.displayName, input.accountType, input.followerCount, now, id])
            return (id, platform, handle)
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
    let followerCount: Int64?
    let policyCode: String
    let action: EnforcementAction
    let actionEndsAt: Timestamp?
    let source: DetectionSource
    let rationale: String
    let occurredAt: Timestamp?
    let openedAt: Timestamp
    let externalID: String?
    let evidence: [String]
    let statement: StatementOfReasons?
    let automatedDetection: Bool
    let automatedDecision: AutomatedDecision
    let accountUnnamed: Bool

    init(_ input: NewCase, now: Timestamp) throws {
        platform = try FieldRules.platform(input.platform)
        handle = try FieldRules.handle(input.handle)
        displayName = try input.displayName.map { try FieldRules.name($0, field: "display_name") }
        accountType = input.accountType
        followerCount = try FieldRules.followerCount(input.followerCount)
        policyCode = try FieldRules.identifier(input.policyCode, field: "policy")
        action = input.action
        actionEndsAt = try ActionEnd.validated(action: input.action, endsAt: input.actionEndsAt)
        source = input.source
        rationale = try FieldRules.text(input.rationale, field: "rationale")
        occurredAt = try input.occurredAt?.plausible(field: "occurred_at")
        openedAt = try (input.openedAt ?? now).plausible(field: "opened_at")
        try ActionEnd.checkEnd(actionEndsAt, startingAt: openedAt)
        if let occurredAt, occurredAt > openedAt {
            throw CaseStoreError.invalidValue(
                field: "occurred_at", problem: "\(occurredAt) is after the case was opened (\(openedAt))")
        }
        externalID = try input.externalID.map {
            try FieldRules.identifier($0, field: "external_id", maxLength: FieldRules.maxExternalIDLength)
        }
        statement = input.statement
        automatedDetection = AutomatedDetection.detected(source: input.source, statement: input.statement)
        automatedDecision = AutomatedDecision.effective(declared: input.automatedDecision, statement: input.statement)
        accountUnnamed = input.accountUnnamed
        evidence = try input.evidence.map {
            try FieldRules.text($0, field: "evidence", maxLength: FieldRules.maxReferenceLength)
        }
    }
}

enum ActionEnd {
    /// A suspension needs an end date; no other action may have one.
    static func validated(action: EnforcementAction, endsAt: Timestamp?) throws -> Timestamp? {
        if action.requiresEndDate && endsAt == nil {
            throw CaseStoreError.invalidValue(field: "ends_at", problem: "a suspension needs an end date (--ends-at)")
        }
        if !action.requiresEndDate && endsAt != nil {
            throw CaseStoreError.invalidValue(
                field: "ends_at", problem: "only a suspension has an end date; '\(action.rawValue)' has none")
        }
        return try endsAt?.plausible(field: "ends_at")
    }

    /// The longest suspension: ten years. A longer one is a permanent disable in all but name.
    static let longestSuspensionSeconds: Int64 = 3_653 * 86_400

    /// A suspension in force from `start` must end after it, and within the longest suspension.
    static func checkEnd(_ end: Timestamp?, startingAt start: Timestamp) throws {
        guard let end else { return }
        if end <= start {
            throw CaseStoreError.invalidValue(
                field: "ends_at", problem: "\(end) is not after the suspension starts (\(start)); a suspension ends after it begins")
        }
        if end > start.adding(seconds: longestSuspensionSeconds) {
            throw CaseStoreError.invalidValue(
                field: "ends_at",
                problem: "\(end) is more than 10 years after the suspension starts (\(start)); so long a suspension is a permanent disable: use disable_account")
        }
    }

    /// Checks the suspension a step puts in force: becoming actioned starts it.
    static func checkInForce(_ progress: CaseProgress, at time: Timestamp) throws {
        guard progress.status == .actioned, progress.action.requiresEndDate else { return }
        try checkEnd(progress.actionEndsAt, startingAt: time)
    }
}
