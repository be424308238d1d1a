/// A new case's state while its planned steps are applied in memory, before anything is written.
/// The same effects as `transition`'s update and `ReplayedCase.apply`; `audit verify` checks they agree.
struct PlannedState {
    private(set) var status = Workflow.initialStatus
    private(set) var action: EnforcementAction
    private(set) var actionEndsAt: Timestamp?
    private(set) var actionedAt: Timestamp?
    private(set) var appealCount = 0
    private(set) var lastEventAt: Timestamp

    init(_ newCase: ValidatedNewCase) {
        action = newCase.action
        actionEndsAt = newCase.actionEndsAt
        lastEventAt = newCase.openedAt
    }

    /// Applies a step already checked with `Transition.checked(from:)`.
    mutating func apply(_ step: Transition, at time: Timestamp) {
        status = step.to
        if step.to == .actioned && actionedAt == nil { actionedAt = time }
        if step.to == .appealed { appealCount += 1 }
        if let newAction = step.action {
            action = newAction
            actionEndsAt = step.actionEndsAt
        }
        lastEventAt = time
    }
}
