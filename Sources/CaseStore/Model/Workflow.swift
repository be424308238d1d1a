/// The enforcement workflow: the one place that says which status may follow which.
/// The store enforces it on every transition.
public enum Workflow {
    /// Allowed next statuses, in the order they are offered to users.
    public static let transitions: [CaseStatus: [CaseStatus]] = [
        .open: [.escalated, .actioned, .dismissed],
        .escalated: [.actioned, .dismissed],
        .actioned: [.appealed, .reversed],
        .appealed: [.upheld, .reversed],
        // A decided appeal can be appealed again, e.g. to an external body such as an oversight board.
        .upheld: [.appealed],
        // A dismissed case is reopened when new evidence arrives.
        .dismissed: [.open],
        .reversed: [],
    ]

    /// Moves into these statuses change what happens to a user's account or content, so the
    /// record must say why.
    public static let reasonRequired: Set<CaseStatus> = [.actioned, .dismissed, .reversed]

    /// Moves that decide an appeal. Four eyes: they are refused to whoever last actioned the case, so
    /// that an appeal is reviewed "by a person or panel of persons that was not involved in the initial
    /// decision" (Santa Clara Principles 2.0, Appeal), as DSA Article 20 has internal complaints handled
    /// under the supervision of qualified staff rather than by the decision's author.
    public static func decidesAppeal(from: CaseStatus, to: CaseStatus) -> Bool {
        from == .appealed && (to == .upheld || to == .reversed)
    }

    /// The status every new case starts in.
    public static let initialStatus = CaseStatus.open

    public static func allowedNext(from status: CaseStatus) -> [CaseStatus] {
        transitions[status] ?? []
    }

    public static func allows(from: CaseStatus, to: CaseStatus) -> Bool {
        allowedNext(from: from).contains(to)
    }
}
