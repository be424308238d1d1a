/// The part of a case that workflow steps change, and the one definition of how a step changes it.
/// Used when a step is written (`transition`), when a new case's planned steps are applied, and when
/// history is replayed (`ReplayedCase`), so the three cannot disagree.
public struct CaseProgress: Sendable, Equatable {
    public private(set) var status = Workflow.initialStatus
    public private(set) var action: EnforcementAction
    public private(set) var actionEndsAt: Timestamp?
    /// When the case first became `actioned`.
    public private(set) var actionedAt: Timestamp?
    public private(set) var appealCount = 0

    /// A new case: open, with the action it was logged with.
    init(action: EnforcementAction, actionEndsAt: Timestamp?) {
        self.action = action
        self.actionEndsAt = actionEndsAt
    }

    /// A stored case's progress.
    init(status: CaseStatus, action: EnforcementAction, actionEndsAt: Timestamp?, actionedAt: Timestamp?, appealCount: Int) {
        self.status = status
        self.action = action
        self.actionEndsAt = actionEndsAt
        self.actionedAt = actionedAt
        self.appealCount = appealCount
    }

    /// Applies a step the workflow allows (check it first with `Transition.checked(from:)`).
    mutating func apply(to newStatus: CaseStatus, at time: Timestamp, action newAction: EnforcementAction?, actionEndsAt newEnd: Timestamp?) {
        status = newStatus
        if newStatus == .actioned && actionedAt == nil { actionedAt = time }
        if newStatus == .appealed { appealCount += 1 }
        if let newAction {
            action = newAction
            actionEndsAt = newEnd
        }
    }
}
