/// Everything needed to log a new case. Validated by the store, which names the field at fault.
public struct NewCase: Sendable, Equatable {
    public var platform: String
    public var handle: String
    public var displayName: String?
    public var accountType: AccountType?
    public var followerCount: Int64?
    public var policyCode: String
    public var action: EnforcementAction
    public var actionEndsAt: Timestamp?
    public var source: DetectionSource
    public var rationale: String
    public var occurredAt: Timestamp?
    /// When the case was opened; defaults to now. Set it when logging a case after the fact.
    public var openedAt: Timestamp?
    /// The platform's own id for the case or content, unique per platform.
    public var externalID: String?
    public var evidence: [String]
    /// The DSA statement of reasons the case comes from, kept whole in its creation event.
    public var statement: StatementOfReasons?
    public var automatedDecision: AutomatedDecision
    /// The handle stands for accounts the source did not name (see `Account.unnamed`).
    public var accountUnnamed: Bool

    public init(
        platform: String, handle: String, displayName: String? = nil, accountType: AccountType? = nil,
        followerCount: Int64? = nil, policyCode: String, action: EnforcementAction, actionEndsAt: Timestamp? = nil,
        source: DetectionSource, rationale: String, occurredAt: Timestamp? = nil, openedAt: Timestamp? = nil,
        externalID: String? = nil, evidence: [String] = [], statement: StatementOfReasons? = nil,
        automatedDecision: AutomatedDecision = .notAutomated, accountUnnamed: Bool = false
    ) {
        self.platform = platform
        self.handle = handle
        self.displayName = displayName
        self.accountType = accountType
        self.followerCount = followerCount
        self.policyCode = policyCode
        self.action = action
        self.actionEndsAt = actionEndsAt
        self.source = source
        self.rationale = rationale
        self.occurredAt = occurredAt
        self.openedAt = openedAt
        self.externalID = externalID
        self.evidence = evidence
        self.statement = statement
        self.automatedDecision = automatedDecision
        self.accountUnnamed = accountUnnamed
    }
}

/// A status change requested by a user.
public struct Transition: Sendable, Equatable {
    public var caseID: Int64
    public var to: CaseStatus
    public var reason: String?
    /// When it happened; defaults to now.
    public var at: Timestamp?
    /// When moving to `actioned`, the action finally applied if it differs from the one logged.
    public var action: EnforcementAction?
    public var actionEndsAt: Timestamp?

    public init(
        caseID: Int64, to: CaseStatus, reason: String? = nil, at: Timestamp? = nil,
        action: EnforcementAction? = nil, actionEndsAt: Timestamp? = nil
    ) {
        self.caseID = caseID
        self.to = to
        self.reason = reason
        self.at = at
        self.action = action
        self.actionEndsAt = actionEndsAt
    }
}

/// Which cases to list. Every field narrows the list; nil means no restriction.
public struct CaseFilter: Sendable, Equatable {
    public var policyCode: String?
    public var status: CaseStatus?
    public var platform: String?
    public var handle: String?
    public var action: EnforcementAction?
    public var source: DetectionSource?
    /// Opened at or after.
    public var since: Timestamp?
    /// Opened at or before.
    public var until: Timestamp?
    public var limit: Int?

    public init(
        policyCode: String? = nil, status: CaseStatus? = nil, platform: String? = nil, handle: String? = nil,
        action: EnforcementAction? = nil, source: DetectionSource? = nil, since: Timestamp? = nil,
        until: Timestamp? = nil, limit: Int? = nil
    ) {
        self.policyCode = policyCode
        self.status = status
        self.platform = platform
        self.handle = handle
        self.action = action
        self.source = source
        self.since = since
        self.until = until
        self.limit = limit
    }
}

/// Which history entries to list, across cases: the audit view.
public struct EventFilter: Sendable, Equatable {
    public var caseID: Int64?
    public var actor: String?
    public var since: Timestamp?
    public var until: Timestamp?
    public var limit: Int?

    public init(caseID: Int64? = nil, actor: String? = nil, since: Timestamp? = nil, until: Timestamp? = nil, limit: Int? = nil) {
        self.caseID = caseID
        self.actor = actor
        self.since = since
        self.until = until
        self.limit = limit
    }
}
