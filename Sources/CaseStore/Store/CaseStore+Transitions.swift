import SQLiteDatabase
extension CaseStore {
    /// Moves a case to a new status if the workflow allows it, recording a `transition` event.
    /// Refused moves throw and write nothing.
    public func transition(_ request: Transition, actor: String) throws {
        let actor = try Self.validatedActor(actor)
        try write {
            var progress = try currentProgress(caseID: request.caseID)
            let from = progress.status
            let reason = try request.checked(from: from)
            let at = try eventTime(request.at, caseID: request.caseID)
            progress.apply(to: request.to, at: at, action: request.action, actionEndsAt: request.actionEndsAt)
            if request.to == .actioned { try ActionEnd.checkInForce(progress, at: at) }
            try database.cachedStatement("""
                UPDATE cases SET status = ?, action = ?, action_ends_at = ?, actioned_at = ?, appeal_count = ?, updated_at = ?
                WHERE id = ?
                """).executeChangingOneRow([
                    progress.status, progress.action, progress.actionEndsAt?.iso8601, progress.actionedAt?.iso8601,
                    progress.appealCount, clock().iso8601, request.caseID,
                ])
            try appendEvent(
                caseID: request.caseID, kind: .transition, from: from, to: request.to, actor: actor, reason: reason,
                payload: request.actionChangePayload, occurredAt: at)
        }
    }

    private func currentProgress(caseID: Int64) throws -> CaseProgress {
        guard let progress = try database.cachedStatement(
            "SELECT status, action, action_ends_at, actioned_at, appeal_count FROM cases WHERE id = ?"
        ).queryFirst([caseID], { row in
            CaseProgress(
                status: try row.decode(CaseStatus.self, 0), action: try row.decode(EnforcementAction.self, 1),
                actionEndsAt: try row.optionalTimestamp(2), actionedAt: try row.optionalTimestamp(3),
                appealCount: Int(try row.int64(4)))
        }) else {
            throw CaseStoreError.caseNotFound(id: caseID)
        }
        return progress
    }
}

extension Transition {
    /// Checks the move against the workflow and the field rules, which need no database. Returns the
    /// validated reason. Shared by `transition` and by planned cases, so both enforce the same rules.
    func checked(from current: CaseStatus) throws -> String? {
        let reason = try FieldRules.optionalText(self.reason, field: "reason")
        if let action {
            guard to == .actioned else {
                throw CaseStoreError.invalidValue(
                    field: "action", problem: "the action can only be changed when the case becomes actioned")
            }
            _ = try ActionEnd.validated(action: action, endsAt: actionEndsAt)
        } else if actionEndsAt != nil {
            throw CaseStoreError.invalidValue(field: "ends_at", problem: "give it together with --action suspend")
        }
        guard Workflow.allows(from: current, to: to) else {
            throw CaseStoreError.illegalTransition(caseID: caseID, from: current, to: to, allowed: Workflow.allowedNext(from: current))
        }
        if Workflow.reasonRequired.contains(to) && reason == nil {
            throw CaseStoreError.reasonRequired(caseID: caseID, to: to)
        }
        return reason
    }

    var actionChangePayload: String? {
        action.map { EventPayload.ActionChange(action: $0, action_ends_at: actionEndsAt?.iso8601).canonicalJSON }
    }
}
