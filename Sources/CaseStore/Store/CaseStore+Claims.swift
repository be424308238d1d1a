import SQLiteDatabase

/// Someone working on a case from the queue, so that two people never work on it at once.
public struct Claim: Sendable, Equatable {
    public let caseID: Int64
    public let holder: String
    public let claimedAt: Timestamp
    public let expiresAt: Timestamp
    /// The lead who assigned the case, when it was assigned rather than claimed.
    public let assignedBy: String?

    public init(caseID: Int64, holder: String, claimedAt: Timestamp, expiresAt: Timestamp, assignedBy: String?) {
        self.caseID = caseID
        self.holder = holder
        self.claimedAt = claimedAt
        self.expiresAt = expiresAt
        self.assignedBy = assignedBy
    }

    /// A claim holds until it expires; after that anyone may claim the case.
    public func isLive(at time: Timestamp) -> Bool { time < expiresAt }
}

/// How long a claim holds: `30m`, `2h`; from a minute to a day, so that a case someone walked away
/// from goes back to the queue by itself.
public struct ClaimLifetime: Sendable, Equatable {
    public let seconds: Int64
    public static let allowed: ClosedRange<Int64> = 60...86_400
    public static let standard = ClaimLifetime(checkedSeconds: 3_600)

    private init(checkedSeconds: Int64) { seconds = checkedSeconds }

    public init(parsing text: String, field: String = "for") throws {
        guard let seconds = DurationText.seconds(parsing: text, allowed: Self.allowed) else {
            throw CaseStoreError.invalidValue(
                field: field, problem: "'\(text)' is not a claim time from 1m to 24h (a number and m or h: 30m, 2h)")
        }
        self.seconds = seconds
    }
}

extension CaseStore {
    /// Claims a case for `actor` until the lifetime ends. Claiming a case one already holds renews
    /// the claim. Refused if someone else holds it or it is not waiting in the queue.
    @discardableResult
    public func claim(caseID: Int64, actor: String, lifetime: ClaimLifetime = .standard) throws -> Claim {
        let actor = try Self.validatedActor(actor)
        return try write { try claim(caseID: caseID, holder: actor, actor: actor, lifetime: lifetime, assignedBy: nil) }
    }

    /// Claims the case at the head of the queue (as `queue` orders it) that nobody holds and that the
    /// actor could move on: not an appeal against their own decision (four eyes). Nil when there is none.
    /// The choice and the claim are one transaction, so two people asking at once get different cases.
    public func claimNext(matching filter: CaseFilter = CaseFilter(), actor: String, lifetime: ClaimLifetime = .standard) throws -> Claim? {
        let actor = try Self.validatedActor(actor)
        return try write { try claimNext(filter, actor: actor, role: nil, lifetime: lifetime) }
    }

    /// Gives up a claim. The holder may release their own; the local command line any.
    public func release(caseID: Int64, actor: String) throws {
        let actor = try Self.validatedActor(actor)
        try write { try release(caseID: caseID, actor: actor, role: nil) }
    }

    /// Gives a case to a person (who must exist, be enabled and be able to move cases), replacing any
    /// claim on it.
    @discardableResult
    public func assign(caseID: Int64, to person: String, actor: String, lifetime: ClaimLifetime = .standard) throws -> Claim {
        let actor = try Self.validatedActor(actor)
        return try write { try assignClaim(caseID: caseID, to: person, actor: actor, lifetime: lifetime) }
    }

    // MARK: On a session's behalf

    /// Claims a case for the signed-in person; moderators and above may.
    @discardableResult
    public func claim(caseID: Int64, by session: Session, lifetime: ClaimLifetime = .standard) throws -> Claim {
        try perform(.claimCases, by: session) { person in
            try write { try claim(caseID: caseID, holder: person.name, actor: person.name, lifetime: lifetime, assignedBy: nil) }
        }
    }

    /// Claims the next case the person's role lets them move (a moderator: open cases).
    public func claimNext(matching filter: CaseFilter = CaseFilter(), by session: Session, lifetime: ClaimLifetime = .standard) throws -> Claim? {
        try perform(.claimCases, by: session) { person in
            try write { try claimNext(filter, actor: person.name, role: person.role, lifetime: lifetime) }
        }
    }

    /// Releases a claim: one's own, or (a lead) anyone's.
    public func release(caseID: Int64, by session: Session) throws {
        try perform(.claimCases, by: session) { person in
            try write { try release(caseID: caseID, actor: person.name, role: person.role) }
        }
    }

    /// Assigns a case; a lead's.
    @discardableResult
    public func assign(caseID: Int64, to name: String, by session: Session, lifetime: ClaimLifetime = .standard) throws -> Claim {
        try perform(.assignCases, by: session) { person in
            try write { try assignClaim(caseID: caseID, to: name, actor: person.name, lifetime: lifetime) }
        }
    }

    // MARK: Reading

    /// The live claim on a case, if any.
    public func claim(onCase caseID: Int64) throws -> Claim? {
        try read {
            try storedClaim(caseID: caseID).flatMap { $0.isLive(at: clock()) ? $0 : nil }
        }
    }

    /// Everyone's live claims, soonest to expire first; `holder` narrows them to one person's.
    public func claims(holder: String? = nil) throws -> [Claim] {
        try read {
            var sql = "SELECT \(Self.claimColumns) FROM case_claims WHERE expires_at > ?"
            var values: [DatabaseValueConvertible?] = [clock().iso8601]
            if let holder {
                sql += " AND holder = ? COLLATE NOCASE"
                values.append(holder)
            }
            return try database.cachedStatement(sql + " ORDER BY expires_at, case_id").query(values) { try $0.claim() }
        }
    }

    // MARK: Inside a write

    static let claimColumns = "case_id, holder, claimed_at, expires_at, assigned_by"

    func storedClaim(caseID: Int64) throws -> Claim? {
        try database.cachedStatement("SELECT \(Self.claimColumns) FROM case_claims WHERE case_id = ?")
            .queryFirst([caseID]) { try $0.claim() }
    }

    /// What a move requires of claims, on a session's behalf: a live claim by someone else stops
    /// anyone who may not move any case, and a moderator moves only cases they hold. The local
    /// command line (no role) acts as the file's owner.
    func checkClaim(caseID: Int64, actor: String, role: Role?) throws {
        guard let role, !role.allows(.moveAnyCase) else { return }
        let claim = try storedClaim(caseID: caseID).flatMap { $0.isLive(at: clock()) ? $0 : nil }
        if let claim, !claim.holder.equalsIgnoringASCIICase(actor) {
            throw CaseStoreError.caseClaimed(caseID: caseID, holder: claim.holder, until: claim.expiresAt)
        }
        if claim == nil { throw CaseStoreError.claimNotHeld(caseID: caseID, person: actor) }
    }

    /// A move ends whatever claim the case had: the work it was claimed for is done, and in its
    /// new status it waits for someone else (a lead for an escalation, another reviewer for an appeal).
    func endClaim(caseID: Int64) throws {
        try database.cachedStatement("DELETE FROM case_claims WHERE case_id = ?").execute([caseID])
    }

    private func claim(caseID: Int64, holder: String, actor: String, lifetime: ClaimLifetime, assignedBy: String?) throws -> Claim {
        let status = try caseStatus(caseID)
        guard Workflow.queueStatuses.contains(status) else { throw CaseStoreError.notClaimable(caseID: caseID, status: status) }
        let at = try eventTime(nil, caseID: caseID)
        if assignedBy == nil, let current = try storedClaim(caseID: caseID), current.isLive(at: at),
           !current.holder.equalsIgnoringASCIICase(holder) {
            throw CaseStoreError.caseClaimed(caseID: caseID, holder: current.holder, until: current.expiresAt)
        }
        let claim = Claim(caseID: caseID, holder: holder, claimedAt: at, expiresAt: at.adding(seconds: lifetime.seconds), assignedBy: assignedBy)
        try database.cachedStatement("""
            INSERT INTO case_claims (case_id, holder, claimed_at, expires_at, assigned_by) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (case_id) DO UPDATE SET holder = excluded.holder, claimed_at = excluded.claimed_at,
                expires_at = excluded.expires_at, assigned_by = excluded.assigned_by
            """).executeChangingOneRow([caseID, holder, claim.claimedAt.iso8601, claim.expiresAt.iso8601, assignedBy])
        let change = EventPayload.ClaimChange(holder: assignedBy == nil ? nil : holder, until: claim.expiresAt)
        try appendEvent(
            caseID: caseID, kind: assignedBy == nil ? .claimed : .assigned, actor: actor,
            payload: change.canonicalJSON, occurredAt: at)
        return claim
    }

    private func claimNext(_ filter: CaseFilter, actor: String, role: Role?, lifetime: ClaimLifetime) throws -> Claim? {
        // The statuses from which the role may make some move: a moderator's queue is open cases.
        let workable = Workflow.queueStatuses.filter { status in
            role.map { role in Workflow.allowedNext(from: status).contains { role.allows(Permission.needed(from: status, to: $0)) } } ?? true
        }
        guard let caseID = try unclaimedQueue(filter, statuses: workable, notDecidedBy: actor) else { return nil }
        return try claim(caseID: caseID, holder: actor, actor: actor, lifetime: lifetime, assignedBy: nil)
    }

    private func release(caseID: Int64, actor: String, role: Role?) throws {
        _ = try caseStatus(caseID)
        guard let current = try storedClaim(caseID: caseID), current.isLive(at: clock()) else {
            throw CaseStoreError.notClaimed(caseID: caseID)
        }
        let mayReleaseOthers = role.map { $0.allows(.assignCases) } ?? true
        guard current.holder.equalsIgnoringASCIICase(actor) || mayReleaseOthers else {
            throw CaseStoreError.caseClaimed(caseID: caseID, holder: current.holder, until: current.expiresAt)
        }
        try endClaim(caseID: caseID)
        try appendEvent(
            caseID: caseID, kind: .released, actor: actor,
            payload: EventPayload.ClaimChange(holder: current.holder, until: nil).canonicalJSON,
            occurredAt: try eventTime(nil, caseID: caseID))
    }

    private func assignClaim(caseID: Int64, to name: String, actor: String, lifetime: ClaimLifetime) throws -> Claim {
        let person = try existingUser(named: name)
        guard !person.isDisabled else { throw CaseStoreError.userNotFound(name: person.name) }
        // The assignee's role is a fact about the request, not a refusal of what they did: a bad
        // value for the lead to correct, with nothing logged against the assignee.
        guard person.role.allows(.claimCases) else {
            let holders = Role.allCases.filter { $0.allows(.claimCases) }.map(\.rawValue)
            throw CaseStoreError.invalidValue(
                field: "person", problem: "\(person.name) is a \(person.role.rawValue), who may not hold cases;"
                    + " assign the case to a \(holders.dropLast().joined(separator: ", ")) or \(holders.last ?? "")")
        }
        return try claim(caseID: caseID, holder: person.name, actor: actor, lifetime: lifetime, assignedBy: actor)
    }

    /// The first case in queue order, among `statuses`, that nobody holds and that is not an appeal
    /// against `actor`'s own decision (four eyes: theirs is not to take).
    private func unclaimedQueue(_ filter: CaseFilter, statuses: [CaseStatus], notDecidedBy actor: String) throws -> Int64? {
        var narrowed = filter
        narrowed.limit = nil
        let (conditions, whereClause) = try queueConditions(narrowed, statuses: statuses)
        let sql = "SELECT c.id, \(Self.waitingSince) AS waiting_since " + Columns.caseJoins + whereClause + """
             AND NOT EXISTS (SELECT 1 FROM case_claims k WHERE k.case_id = c.id AND k.expires_at > ?) \
            AND NOT (c.status = 'appealed' AND coalesce((\(Self.lastActionerSQL)), '') = ? COLLATE NOCASE) \
            ORDER BY waiting_since, c.id LIMIT 1
            """
        return try database.cachedStatement(sql).queryFirst(conditions.values + [clock().iso8601, actor]) { try $0.int64(0) }
    }

    private func caseStatus(_ caseID: Int64) throws -> CaseStatus {
        guard let status = try database.cachedStatement("SELECT status FROM cases WHERE id = ?")
            .queryFirst([caseID], { try $0.decode(CaseStatus.self, 0) })
        else { throw CaseStoreError.caseNotFound(id: caseID) }
        return status
    }
}

extension Row {
    /// A row selected with `CaseStore.claimColumns`.
    func claim() throws -> Claim {
        Claim(caseID: try int64(0), holder: try string(1), claimedAt: try timestamp(2), expiresAt: try timestamp(3),
              assignedBy: optionalString(4))
    }
}
