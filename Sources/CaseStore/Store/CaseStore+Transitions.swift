extension CaseStore {
    /// Moves a case to a new status if the workflow allows it, recording a `transition` event.
    /// Refused moves throw and write nothing.
    public func transition(_ request: Transition, actor: String) throws {
        let actor = try Self.validatedActor(actor)
        try write {
            let current = try currentStatus(caseID: request.caseID)
            let reason = try request.checked(from: current)
            let at = try eventTime(request.at, caseID: request.caseID)
            try database.cachedStatement("""
                UPDATE cases
                SET status = ?,
                    actioned_at = CASE WHEN ? = 'actioned' THEN coalesce(actioned_at, ?) ELSE actioned_at END,
                    appeal_count = appeal_count + (? = 'appealed'),
                    action = coalesce(?, action),
                    action_ends_at = CASE WHEN ? IS NULL THEN action_ends_at ELSE ? END,
                    updated_at = ?
                WHERE id = ?
                """).execute([
                    request.to, request.to, at.iso8601, request.to, request.action, request.action,
                    request.actionEndsAt?.iso8601, clock().iso8601, request.caseID,
                ])
            try appendEvent(
                caseID: request.caseID, kind: .transition, from: current, to: request.to, actor: actor, reason: reason,
                payload: request.actionChangePayload, occurredAt: at)
        }
    }

    private func currentStatus(caseID: Int64) throws -> CaseStatus {
        guard let status = try database.cachedStatement("SELECT status FROM cases WHERE id = ?")
            .queryFirst([caseID], { try $0.decode(CaseStatus.self, 0) })
        else {
            throw CaseStoreError.caseNotFound(id: caseID)
        }
        return status
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
