extension CaseStore {
    /// Moves a case to a new status if the workflow allows it, recording a `transition` event.
    /// Refused moves throw and write nothing.
    public func transition(_ request: Transition, actor: String) throws {
        let actor = try Self.validatedActor(actor)
        let reason = try FieldRules.optionalText(request.reason, field: "reason")
        if let action = request.action {
            guard request.to == .actioned else {
                throw CaseStoreError.invalidValue(
                    field: "action", problem: "the action can only be changed when the case becomes actioned")
            }
            _ = try ActionEnd.validated(action: action, endsAt: request.actionEndsAt)
        } else if request.actionEndsAt != nil {
            throw CaseStoreError.invalidValue(field: "ends_at", problem: "give it together with --action suspend")
        }
        try write {
            let current = try currentStatus(caseID: request.caseID)
            guard Workflow.allows(from: current, to: request.to) else {
                throw CaseStoreError.illegalTransition(
                    caseID: request.caseID, from: current, to: request.to, allowed: Workflow.allowedNext(from: current))
            }
            if Workflow.reasonRequired.contains(request.to) && reason == nil {
                throw CaseStoreError.reasonRequired(caseID: request.caseID, to: request.to)
            }
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
            let payload = request.action.map {
                EventPayload.ActionChange(action: $0, action_ends_at: request.actionEndsAt?.iso8601).canonicalJSON
            }
            try appendEvent(
                caseID: request.caseID, kind: .transition, from: current, to: request.to, actor: actor, reason: reason,
                payload: payload, occurredAt: at)
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
