import SQLiteDatabase
extension CaseStore {
    /// Moves a case to a new status if the workflow allows it, recording a `transition` event.
    /// Refused moves throw and write nothing.
    public func transition(_ request: Transition, actor: String) throws {
        try transition(request, actor: actor, role: nil)
    }

    /// Moves a case on a signed-in person's behalf: as `transition`, if their role allows the move
    /// from the status the case has when the move is made (see `Permission.needed`).
    public func transition(_ request: Transition, by session: Session) throws {
        try onBehalf(of: session) { person in try transition(request, actor: person.name, role: person.role) }
    }

    /// `role` is nil for the local command line, where whoever can write the file may make any move.
    fileprivate func transition(_ request: Transition, actor: String, role: Role?) throws {
        let actor = try Self.validatedActor(actor)
        try write {
            var progress = try currentProgress(caseID: request.caseID)
            let from = progress.status
            if let role {
                let needed = Permission.needed(from: from, to: request.to)
                if !role.allows(needed) { throw CaseStoreError.notPermitted(person: actor, role: role, permission: needed) }
            }
            try checkClaim(caseID: request.caseID, actor: actor, role: role)
            let (reason, decisions) = try request.checked(from: from)
            if Workflow.decidesAppeal(from: from, to: request.to), let actioner = try lastActioner(caseID: request.caseID),
               actioner.equalsIgnoringASCIICase(actor) {
                throw CaseStoreError.sameReviewer(caseID: request.caseID, person: actioner, to: request.to)
            }
            let at = try eventTime(request.at, caseID: request.caseID)
            progress.apply(to: request.to, at: at, decisions: decisions)
            if request.to == .actioned { try progress.checkInForce(at: at) }
            try database.cachedStatement("""
                UPDATE cases SET status = ?, decisions = ?, most_severe = ?, decision_mask = ?, actioned_at = ?,
                                 appeal_count = ?, updated_at = ?
                WHERE id = ?
                """).executeChangingOneRow([
                    progress.status, progress.decisions.json, progress.decisions.mostSevere, progress.decisions.mask,
                    progress.actionedAt?.iso8601, progress.appealCount, clock().iso8601, request.caseID,
                ])
            try endClaim(caseID: request.caseID)
            try appendEvent(
                caseID: request.caseID, kind: .transition, from: from, to: request.to, actor: actor, reason: reason,
                payload: decisions.map { EventPayload.DecisionChange(decisions: $0).canonicalJSON }, occurredAt: at)
        }
    }

    /// Who last moved the case `c` to actioned: the decision an appeal is against.
    static let lastActionerSQL = """
        SELECT a.actor FROM case_events a WHERE a.case_id = c.id AND a.kind = 'transition' AND a.to_status = 'actioned' \
        ORDER BY a.seq DESC LIMIT 1
        """

    func lastActioner(caseID: Int64) throws -> String? {
        try database.cachedStatement("SELECT (\(Self.lastActionerSQL)) FROM cases c WHERE c.id = ?")
            .queryFirst([caseID]) { $0.optionalString(0) } ?? nil
    }

    private func currentProgress(caseID: Int64) throws -> CaseProgress {
        guard let progress = try database.cachedStatement(
            "SELECT status, decisions, actioned_at, appeal_count FROM cases WHERE id = ?"
        ).queryFirst([caseID], { row in
            CaseProgress(
                status: try row.decode(CaseStatus.self, 0), decisions: try row.decisions(1),
                actionedAt: try row.optionalTimestamp(2), appealCount: Int(try row.int64(3)))
        }) else {
            throw CaseStoreError.caseNotFound(id: caseID)
        }
        return progress
    }
}

extension Transition {
    /// Checks the move against the workflow and the field rules, which need no database. Returns the
    /// validated reason and decisions. Shared by `transition` and by planned cases, so both enforce
    /// the same rules.
    func checked(from current: CaseStatus) throws -> (reason: String?, decisions: Decisions?) {
        let reason = try FieldRules.optionalText(self.reason, field: "reason")
        var checkedDecisions: Decisions?
        if let decisions {
            guard to == .actioned else {
                throw CaseStoreError.invalidValue(
                    field: "decisions", problem: "decisions can only be changed when the case becomes actioned")
            }
            checkedDecisions = try Decisions(decisions)
        }
        guard Workflow.allows(from: current, to: to) else {
            throw CaseStoreError.illegalTransition(caseID: caseID, from: current, to: to, allowed: Workflow.allowedNext(from: current))
        }
        if Workflow.reasonRequired.contains(to) && reason == nil {
            throw CaseStoreError.reasonRequired(caseID: caseID, to: to)
        }
        return (reason, checkedDecisions)
    }
}

extension CaseStore {
    /// At most this many cases move in one bulk change: enough for a wave of false positives, small
    /// enough for one transaction to hold the write lock briefly.
    public static let bulkLimit = 1_000

    /// Moves several cases in one all-or-nothing change (e.g. after a false-positive wave): one event
    /// per case, each move checked as `transition` checks it. If any is refused, nothing is written
    /// and the error names that case.
    public func transition(_ requests: [Transition], actor: String) throws {
        try checkBulk(requests)
        try write {
            for request in requests { try transition(request, actor: actor, role: nil) }
        }
    }

    /// A bulk move on a signed-in person's behalf: it needs `bulkChanges`, and each move the role's
    /// permission for it.
    public func transition(_ requests: [Transition], by session: Session) throws {
        try checkBulk(requests)
        try authorize(session, .bulkChanges)
        try onBehalf(of: session) { person in
            try write {
                for request in requests { try transition(request, actor: person.name, role: person.role) }
            }
        }
    }

    private func checkBulk(_ requests: [Transition]) throws {
        guard requests.count <= Self.bulkLimit else {
            throw CaseStoreError.invalidValue(
                field: "cases", problem: "\(requests.count) cases in one change; at most \(Self.bulkLimit)")
        }
        var seen = Set<Int64>()
        if let repeated = requests.first(where: { !seen.insert($0.caseID).inserted }) {
            throw CaseStoreError.invalidValue(field: "cases", problem: "case \(repeated.caseID) is listed twice")
        }
    }
}
