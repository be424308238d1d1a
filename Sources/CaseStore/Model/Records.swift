import SQLiteDatabase
/// A policy a case can be found to violate.
public struct Policy: Sendable, Equatable {
    public let id: Int64
    public let code: String
    public let name: String
    public let description: String
    /// The DSA Transparency Database category (`STATEMENT_CATEGORY_…`) the policy falls under, if set.
    public let dsaCategory: String?

    public init(id: Int64, code: String, name: String, description: String, dsaCategory: String?) {
        self.id = id
        self.code = code
        self.name = name
        self.description = description
        self.dsaCategory = dsaCategory
    }
}

/// An account on a platform; unique per platform and handle (handles compare case-insensitively).
public struct Account: Sendable, Equatable {
    public let id: Int64
    public let platform: String
    public let handle: String
    public let displayName: String?
    public let type: AccountType
    public let followerCount: Int64?
    /// True for an account that stands for accounts its source did not name (DSA statements name
    /// none): reports count its cases, never it as an account.
    public let unnamed: Bool
    public let createdAt: Timestamp
    public let updatedAt: Timestamp

    public init(
        id: Int64, platform: String, handle: String, displayName: String?, type: AccountType, followerCount: Int64?, unnamed: Bool,
        createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.platform = platform
        self.handle = handle
        self.displayName = displayName
        self.type = type
        self.followerCount = followerCount
        self.unnamed = unnamed
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One enforcement case as it stands now.
public struct CaseRecord: Sendable, Equatable {
    public let id: Int64
    public let account: Account
    public let policy: Policy
    /// What was decided, most severe first; changed when the case is actioned.
    public let decisions: Decisions
    public let status: CaseStatus
    /// What it was logged with (see `CaseFields`).
    public let content: CaseContent
    /// Whether automation detected the violation (see `AutomatedDetection`).
    public let automatedDetection: Bool
    public let openedAt: Timestamp
    /// When the case first became `actioned`.
    public let actionedAt: Timestamp?
    public let appealCount: Int
    public let createdBy: String
    public let createdAt: Timestamp
    public let updatedAt: Timestamp
    /// `most_severe` and `decision_mask` as stored, which reports read instead of the decisions:
    /// `audit verify` checks them against the decisions.
    let storedMostSevere: String
    let storedDecisionMask: Int64

    public var source: DetectionSource { content.source }
    public var automatedDecision: AutomatedDecision { content.automatedDecision }
    public var rationale: String { content.rationale }
    public var externalID: String? { content.externalID }
    /// The account's follower count when the case was logged.
    public var followerCount: Int64? { content.followerCount }
    public var occurredAt: Timestamp? { content.occurredAt }

    public var allowedNext: [CaseStatus] { Workflow.allowedNext(from: status) }

    init(
        id: Int64, account: Account, policy: Policy, decisions: Decisions, status: CaseStatus, content: CaseContent,
        automatedDetection: Bool, openedAt: Timestamp, actionedAt: Timestamp?, appealCount: Int, createdBy: String,
        createdAt: Timestamp, updatedAt: Timestamp, storedMostSevere: String, storedDecisionMask: Int64
    ) {
        self.id = id
        self.account = account
        self.policy = policy
        self.decisions = decisions
        self.status = status
        self.content = content
        self.automatedDetection = automatedDetection
        self.openedAt = openedAt
        self.actionedAt = actionedAt
        self.appealCount = appealCount
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.storedMostSevere = storedMostSevere
        self.storedDecisionMask = storedDecisionMask
    }

    /// A case as another store (a team server) describes it: what is stored of its decisions is what
    /// they say.
    public init(
        id: Int64, account: Account, policy: Policy, decisions: Decisions, status: CaseStatus, content: CaseContent,
        automatedDetection: Bool, openedAt: Timestamp, actionedAt: Timestamp?, appealCount: Int, createdBy: String,
        createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.init(
            id: id, account: account, policy: policy, decisions: decisions, status: status, content: content,
            automatedDetection: automatedDetection, openedAt: openedAt, actionedAt: actionedAt, appealCount: appealCount,
            createdBy: createdBy, createdAt: createdAt, updatedAt: updatedAt, storedMostSevere: decisions.mostSevere.rawValue,
            storedDecisionMask: decisions.mask)
    }
}

/// A reference supporting a case: a URL, an archive link, a document id.
public struct Evidence: Sendable, Equatable {
    public let reference: String
    public let addedBy: String
    public let addedAt: Timestamp

    public init(reference: String, addedBy: String, addedAt: Timestamp) {
        self.reference = reference
        self.addedBy = addedBy
        self.addedAt = addedAt
    }
}

/// One entry of a case's append-only history.
public struct CaseEvent: Sendable, Equatable {
    public let id: Int64
    public let caseID: Int64
    public let sequence: Int
    public let kind: EventKind
    public let fromStatus: CaseStatus?
    public let toStatus: CaseStatus?
    public let actor: String
    public let reason: String?
    /// Canonical JSON (sorted keys) with the details of the change, if any.
    public let payload: String?
    /// When it happened; may be earlier than `recordedAt` for cases logged after the fact.
    public let occurredAt: Timestamp
    public let recordedAt: Timestamp
    /// The hash of the event before it in the database-wide chain (`EventChain.genesis` for the first).
    public let previousHash: String
    /// SHA-256 over `previousHash` and this event's fields, as hex; see `EventChain`.
    public let hash: String
    /// Which encoding `hash` covers (`EventChain.formats`): 1 before schema v6, 2 before v9, 3 since.
    public let format: Int
    /// Through which channel it was written: the command line, or the team server for a signed-in person.
    public let channel: Channel

    public init(
        id: Int64, caseID: Int64, sequence: Int, kind: EventKind, fromStatus: CaseStatus?, toStatus: CaseStatus?,
        actor: String, reason: String?, payload: String?, occurredAt: Timestamp, recordedAt: Timestamp,
        previousHash: String, hash: String, format: Int = EventChain.currentFormat, channel: Channel = .local
    ) {
        self.id = id
        self.caseID = caseID
        self.sequence = sequence
        self.kind = kind
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.actor = actor
        self.reason = reason
        self.payload = payload
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.previousHash = previousHash
        self.hash = hash
        self.format = format
        self.channel = channel
    }
}

/// A case with everything known about it.
public struct CaseDetail: Sendable, Equatable {
    public let record: CaseRecord
    public let evidence: [Evidence]
    public let events: [CaseEvent]

    public init(record: CaseRecord, evidence: [Evidence], events: [CaseEvent]) {
        self.record = record
        self.evidence = evidence
        self.events = events
    }
}

/// An account and every case against it, newest first.
public struct AccountHistory: Sendable, Equatable {
    public let account: Account
    public let cases: [CaseRecord]

    /// Cases in which an action was applied: the repeat-violation count.
    public var actionedCount: Int { cases.filter { $0.actionedAt != nil }.count }
}
