import SQLiteDatabase
/// Where a case stands in the enforcement workflow. The allowed moves are in `Workflow`.
public enum CaseStatus: String, CaseIterable, Codable, Sendable, DatabaseValueConvertible {
    /// Logged, not yet decided.
    case open
    /// Sent to a specialist or senior reviewer before a decision.
    case escalated
    /// The enforcement action was applied.
    case actioned
    /// Reviewed and found not violating; no action.
    case dismissed
    /// The affected user (or someone on their behalf) contested the action.
    case appealed
    /// The appeal was decided and the action stands.
    case upheld
    /// The action was withdrawn, on appeal or on the platform's own review.
    case reversed

    public var summary: String {
        switch self {
        case .open: "logged, not yet decided"
        case .escalated: "sent for specialist or senior review"
        case .actioned: "enforcement action applied"
        case .dismissed: "no violation found, no action"
        case .appealed: "action contested, appeal pending"
        case .upheld: "appeal decided, action stands"
        case .reversed: "action withdrawn"
        }
    }
}
