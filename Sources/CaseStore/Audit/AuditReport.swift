/// The outcome of `CaseStore.verifyAudit`.
public struct AuditReport: Sendable, Equatable {
    public let eventCount: Int
    public let caseCount: Int
    /// The hash of the last event: publish it, and a later `verify(expectingHead:)` proves nothing
    /// before it has changed.
    public let headHash: String
    /// What is wrong, first found first; empty when the history is intact.
    public let problems: [AuditProblem]

    public init(eventCount: Int, caseCount: Int, headHash: String, problems: [AuditProblem]) {
        self.eventCount = eventCount
        self.caseCount = caseCount
        self.headHash = headHash
        self.problems = problems
    }

    public var isIntact: Bool { problems.isEmpty }
}

/// One inconsistency found by the audit, naming the event and case where known.
public struct AuditProblem: Sendable, Equatable, CustomStringConvertible {
    public let eventID: Int64?
    public let caseID: Int64?
    public let problem: String

    public init(eventID: Int64?, caseID: Int64?, problem: String) {
        self.eventID = eventID
        self.caseID = caseID
        self.problem = problem
    }

    public var description: String {
        var place: [String] = []
        if let eventID { place.append("event \(eventID)") }
        if let caseID { place.append("case \(caseID)") }
        return place.isEmpty ? problem : place.joined(separator: ", ") + ": " + problem
    }
}

/// The head of the chain: enough to prove later that history up to here is unchanged.
public struct AuditHead: Sendable, Equatable {
    public let eventCount: Int
    public let hash: String

    public init(eventCount: Int, hash: String) {
        self.eventCount = eventCount
        self.hash = hash
    }
}
