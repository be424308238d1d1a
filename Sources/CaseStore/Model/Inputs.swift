/// Everything needed to log a new case. Validated by the store, which names the field at fault.
public struct NewCase: Sendable, Equatable {
    public var platform: String
    public var handle: String
    public var displayName: String?
    public var accountType: AccountType?
    public var policyCode: String
    /// One or more; checked and put in order by `Decisions`.
    public var decisions: [Decision]
    /// Source, rationale, the item acted on and the other logged fields (see `CaseFields`).
    public var content: CaseContent
    /// When the case was opened; defaults to now. Set it when logging a case after the fact.
    public var openedAt: Timestamp?
    public var evidence: [String]
    /// The DSA statement of reasons the case comes from, kept whole in its creation event.
    public var statement: StatementOfReasons?
    /// The handle stands for accounts the source did not name (see `Account.unnamed`).
    public var accountUnnamed: Bool

    public init(
        platform: String, handle: String, displayName: String? = nil, accountType: AccountType? = nil,
        policyCode: String, decisions: [Decision], content: CaseContent, openedAt: Timestamp? = nil,
        evidence: [String] = [], statement: StatementOfReasons? = nil, accountUnnamed: Bool = false
    ) {
        self.platform = platform
        self.handle = handle
        self.displayName = displayName
        self.accountType = accountType
        self.policyCode = policyCode
        self.decisions = decisions
        self.content = content
        self.openedAt = openedAt
        self.evidence = evidence
        self.statement = statement
        self.accountUnnamed = accountUnnamed
    }

    /// The account's follower count, stored with the account and, as reach at the time, with the case.
    public var followerCount: Int64? {
        get { content.followerCount }
        set { content.followerCount = newValue }
    }
}

/// A status change requested by a user.
public struct Transition: Sendable, Equatable {
    public var caseID: Int64
    public var to: CaseStatus
    public var reason: String?
    /// When it happened; defaults to now.
    public var at: Timestamp?
    /// When moving to `actioned`, the decisions finally taken if they differ from those logged.
    public var decisions: [Decision]?

    public init(caseID: Int64, to: CaseStatus, reason: String? = nil, at: Timestamp? = nil, decisions: [Decision]? = nil) {
        self.caseID = caseID
        self.to = to
        self.reason = reason
        self.at = at
        self.decisions = decisions
    }
}

/// Which cases to list. Every field narrows the list; nil means no restriction.
public struct CaseFilter: Sendable, Equatable {
    public var policyCode: String?
    public var status: CaseStatus?
    public var platform: String?
    public var handle: String?
    /// Cases that took a decision of this kind (among others or alone).
    public var decision: DecisionKind?
    public var source: DetectionSource?
    /// Opened at or after.
    public var since: Timestamp?
    /// Opened at or before.
    public var until: Timestamp?
    public var limit: Int?

    public init(
        policyCode: String? = nil, status: CaseStatus? = nil, platform: String? = nil, handle: String? = nil,
        decision: DecisionKind? = nil, source: DetectionSource? = nil, since: Timestamp? = nil,
        until: Timestamp? = nil, limit: Int? = nil
    ) {
        self.policyCode = policyCode
        self.status = status
        self.platform = platform
        self.handle = handle
        self.decision = decision
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
