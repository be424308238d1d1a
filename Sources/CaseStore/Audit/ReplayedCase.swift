import Foundation

/// A case rebuilt from its events alone. The store's case rows are a projection of the events;
/// `audit verify` checks that the two agree, and `show --as-of` uses this to go back in time.
public struct ReplayedCase: Sendable, Equatable {
    public let caseID: Int64
    public private(set) var platform: String
    public private(set) var handle: String
    public private(set) var policyCode: String
    /// Status, decisions and the other fields the workflow changes.
    public private(set) var progress: CaseProgress
    public var status: CaseStatus { progress.status }
    public var decisions: Decisions { progress.decisions }
    public var actionedAt: Timestamp? { progress.actionedAt }
    public var appealCount: Int { progress.appealCount }
    /// What the case was logged with (see `CaseFields`).
    public private(set) var content: CaseContent
    public private(set) var automatedDetection: Bool
    public private(set) var openedAt: Timestamp
    public private(set) var createdBy: String
    public private(set) var evidence: [Evidence] = []
    /// The claim its events leave it with (expired or not): what `case_claims` holds for it.
    public private(set) var claim: Claim?
    public private(set) var events: [CaseEvent] = []

    /// Why a history cannot be replayed: the event and what is wrong with it.
    public struct Failure: Error, Equatable, Sendable {
        public let eventID: Int64
        public let problem: String
    }

    /// Starts from a case's `created` event. `record` is the case row, which a creation event
    /// written since schema v6 commits to by digest instead of copying (see `EventPayload.Created`).
    public init(created event: CaseEvent, loggedAs record: CaseRecord?) throws {
        guard event.kind == .created, event.sequence == 1, event.toStatus == Workflow.initialStatus else {
            throw Failure(eventID: event.id, problem: "the first event of case \(event.caseID) is not its creation")
        }
        guard let payload = event.payload else {
            throw Failure(eventID: event.id, problem: "the creation event has no details")
        }
        let created: EventPayload.Created
        do {
            created = try EventPayload.Created(json: payload, loggedAs: record)
        } catch let error as EventPayload.Unreadable {
            throw Failure(eventID: event.id, problem: error.problem)
        }
        caseID = event.caseID
        platform = created.platform
        handle = created.handle
        policyCode = created.policy
        progress = CaseProgress(decisions: created.decisions)
        content = created.content
        automatedDetection = AutomatedDetection.detected(source: created.content.source, statement: created.statement)
        openedAt = created.openedAt
        createdBy = event.actor
        evidence = created.evidence.map { Evidence(reference: $0, addedBy: event.actor, addedAt: event.occurredAt) }
        events = [event]
    }

    /// Applies the case's next event, checking it follows the workflow and the sequence.
    public mutating func apply(_ event: CaseEvent) throws {
        guard event.caseID == caseID else {
            throw Failure(eventID: event.id, problem: "belongs to case \(event.caseID), not \(caseID)")
        }
        guard event.sequence == events.count + 1 else {
            throw Failure(eventID: event.id, problem: "case \(caseID) has event #\(event.sequence) where #\(events.count + 1) was expected")
        }
        switch event.kind {
        case .created:
            throw Failure(eventID: event.id, problem: "case \(caseID) is created a second time")
        case .transition:
            guard let from = event.fromStatus, let to = event.toStatus, from == status, Workflow.allows(from: from, to: to) else {
                throw Failure(eventID: event.id, problem: "case \(caseID) moves \(event.fromStatus?.rawValue ?? "?") → "
                    + "\(event.toStatus?.rawValue ?? "?") while it is \(status.rawValue)")
            }
            var change: EventPayload.DecisionChange?
            if let payload = event.payload {
                do {
                    change = try EventPayload.DecisionChange(json: payload)
                } catch let error as EventPayload.Unreadable {
                    throw Failure(eventID: event.id, problem: error.problem)
                }
            }
            progress.apply(to: to, at: event.occurredAt, decisions: change?.decisions)
            claim = nil  // a move ends the claim (see `CaseStore.endClaim`)
        case .claimed, .assigned, .released:
            try applyClaim(event)
        case .note:
            break
        case .evidence:
            guard let payload = event.payload,
                  let added = try? JSONDecoder().decode(EventPayload.EvidenceAdded.self, from: Data(payload.utf8))
            else {
                throw Failure(eventID: event.id, problem: "the evidence reference cannot be read")
            }
            evidence.append(Evidence(reference: added.reference, addedBy: event.actor, addedAt: event.occurredAt))
        }
        events.append(event)
    }

    private mutating func applyClaim(_ event: CaseEvent) throws {
        let change: EventPayload.ClaimChange
        do {
            change = try EventPayload.ClaimChange(json: event.payload ?? "")
        } catch let error as EventPayload.Unreadable {
            throw Failure(eventID: event.id, problem: error.problem)
        }
        if event.kind == .released {
            claim = nil
            return
        }
        guard Workflow.queueStatuses.contains(status) else {
            throw Failure(eventID: event.id, problem: "case \(caseID) is \(event.kind.rawValue) while it is \(status.rawValue)")
        }
        guard let until = change.until, until > event.occurredAt, event.kind == .claimed || change.holder != nil else {
            throw Failure(eventID: event.id, problem: "the claim's holder or end time is missing")
        }
        claim = Claim(
            caseID: caseID, holder: event.kind == .assigned ? change.holder ?? event.actor : event.actor,
            claimedAt: event.occurredAt, expiresAt: until, assignedBy: event.kind == .assigned ? event.actor : nil)
    }

    /// Replays a whole history, oldest first.
    public static func replay(_ events: [CaseEvent], loggedAs record: CaseRecord?) throws -> ReplayedCase {
        guard let first = events.first else {
            throw Failure(eventID: 0, problem: "no events")
        }
        var state = try ReplayedCase(created: first, loggedAs: record)
        for event in events.dropFirst() {
            try state.apply(event)
        }
        return state
    }

    /// Differences between this replay and the stored case row, as `field: stored vs replayed`.
    func differences(from record: CaseRecord, evidence storedEvidence: [String], claim storedClaim: Claim?) -> [String] {
        func describe<T>(_ value: T?) -> String { value.map { "'\($0)'" } ?? "none" }
        var differences: [String] = []
        func compare<T: Equatable>(_ field: String, _ stored: T?, _ replayed: T?) {
            if stored != replayed {
                differences.append("\(field) is \(describe(stored)) but its events give \(describe(replayed))")
            }
        }
        compare("status", record.status.rawValue, status.rawValue)
        // The account is the one its platform and handle name as the schema compares them (COLLATE
        // NOCASE: ASCII letters without regard to case). Cases logged before events recorded the stored
        // spelling may give `ALICE` for the account `alice`; that is the same account, not an edit.
        if !record.account.platform.equalsIgnoringASCIICase(platform) { compare("platform", record.account.platform, platform) }
        if !record.account.handle.equalsIgnoringASCIICase(handle) { compare("handle", record.account.handle, handle) }
        compare("policy", record.policy.code, policyCode)
        // Compared as values first: the text forms, which format every time, only to describe a difference.
        if record.decisions != decisions {
            compare("decisions", record.decisions.texts.joined(separator: "; "), decisions.texts.joined(separator: "; "))
        }
        // Derived from the decisions when written; reports read them instead.
        compare("most_severe", record.storedMostSevere, decisions.mostSevere.rawValue)
        compare("decision_mask", record.storedDecisionMask, decisions.mask)
        for difference in record.content == content ? [] : CaseFields.differences(stored: record.content, replayed: content) {
            compare(difference.field, difference.stored, difference.replayed)
        }
        compare("automated_detection", record.automatedDetection, automatedDetection)
        compare("opened_at", record.openedAt.iso8601, openedAt.iso8601)
        compare("actioned_at", record.actionedAt?.iso8601, actionedAt?.iso8601)
        compare("appeal_count", record.appealCount, appealCount)
        compare("created_by", record.createdBy, createdBy)
        compare("evidence", storedEvidence.joined(separator: ", "), evidence.map(\.reference).joined(separator: ", "))
        if storedClaim != claim {
            func described(_ claim: Claim?) -> String? {
                claim.map { "\($0.holder) until \($0.expiresAt)" + ($0.assignedBy.map { " (assigned by \($0))" } ?? "") }
            }
            compare("claim", described(storedClaim), described(claim))
        }
        return differences
    }
}

extension String {
    /// Equal as SQLite's NOCASE collation compares: ASCII letters without regard to case, all else exactly.
    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        utf8.elementsEqual(other.utf8) { $0.nocaseFolded == $1.nocaseFolded }
    }
}

extension UInt8 {
    /// The byte as SQLite's NOCASE collation folds it: ASCII capitals to small letters, all else as is.
    var nocaseFolded: UInt8 {
        (0x41...0x5A).contains(self) ? self | 0x20 : self
    }
}
