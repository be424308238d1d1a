/// The part of a case that workflow steps change, and the one definition of how a step changes it.
/// Used when a step is written (`transition`), when a new case's planned steps are applied, and when
/// history is replayed (`ReplayedCase`), so the three cannot disagree.
public struct CaseProgress: Sendable, Equatable {
    public private(set) var status = Workflow.initialStatus
    public private(set) var decisions: Decisions
    /// When the case first became `actioned`.
    public private(set) var actionedAt: Timestamp?
    public private(set) var appealCount = 0

    /// A new case: open, with the decisions it was logged with.
    init(decisions: Decisions) {
        self.decisions = decisions
    }

    /// A stored case's progress.
    init(status: CaseStatus, decisions: Decisions, actionedAt: Timestamp?, appealCount: Int) {
        self.status = status
        self.decisions = decisions
        self.actionedAt = actionedAt
        self.appealCount = appealCount
    }

    /// Applies a step the workflow allows (check it first with `Transition.checked(from:)`).
    mutating func apply(to newStatus: CaseStatus, at time: Timestamp, decisions newDecisions: Decisions?) {
        status = newStatus
        if newStatus == .actioned && actionedAt == nil { actionedAt = time }
        if newStatus == .appealed { appealCount += 1 }
        if let newDecisions { decisions = newDecisions }
    }

    /// Restrictions put in force by becoming actioned at `time` must end after it, within ten years.
    func checkInForce(at time: Timestamp) throws {
        guard status == .actioned else { return }
        try decisions.checkEnds(startingAt: time, field: "decisions")
    }
}
