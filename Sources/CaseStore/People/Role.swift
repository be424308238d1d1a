import SQLiteDatabase
/// What a person may do. Roles form a ladder: each holds everything the one below it does.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable, DatabaseValueConvertible {
    /// Reads cases, reports and the audit trail.
    case viewer
    /// Logs cases, adds notes and evidence, and moves cases on (open → escalated, actioned, dismissed).
    case moderator
    /// Handles escalations and appeals on any case, assigns cases, makes bulk changes, edits policies.
    case lead
    /// Manages people and their tokens, and the server's settings.
    case admin

    /// The one table of who may do what; the store consults it before every operation it is asked to
    /// do on someone's behalf.
    public var permissions: Set<Permission> {
        switch self {
        case .viewer: [.readCases, .readReports, .readAudit]
        case .moderator: Role.viewer.permissions.union([.logCases, .annotateCases, .claimCases, .moveOpenCases])
        case .lead: Role.moderator.permissions.union([.moveAnyCase, .decideAppeals, .assignCases, .bulkChanges, .managePolicies])
        case .admin: Role.lead.permissions.union([.managePeople, .manageServer])
        }
    }

    public func allows(_ permission: Permission) -> Bool {
        permissions.contains(permission)
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// One kind of operation, as roles grant them.
public enum Permission: String, CaseIterable, Codable, Sendable {
    case readCases = "read cases"
    case readReports = "read reports"
    case readAudit = "read the audit trail"
    case logCases = "log cases"
    case annotateCases = "add notes and evidence"
    /// Take cases from the queue (and give back one's own).
    case claimCases = "claim cases"
    /// From open to escalated, actioned or dismissed, on a case one holds.
    case moveOpenCases = "move open cases on"
    /// Any move the workflow allows, on any case: reopening, appeals, reversals.
    case moveAnyCase = "move any case"
    case decideAppeals = "decide appeals"
    case assignCases = "assign cases"
    case bulkChanges = "make bulk changes"
    case managePolicies = "edit policies"
    case managePeople = "manage people and tokens"
    case manageServer = "change server settings"

    /// What a move needs: a moderator takes an open case to escalated, actioned or dismissed; an
    /// escalated case, an appeal and every other move are a lead's.
    public static func needed(from: CaseStatus, to: CaseStatus) -> Permission {
        if Workflow.decidesAppeal(from: from, to: to) { return .decideAppeals }
        if from == .open && [.escalated, .actioned, .dismissed].contains(to) { return .moveOpenCases }
        return .moveAnyCase
    }
}
