/// One strike: what one actioned case under a policy with a rule counts against its account.
public struct Strike: Sendable, Equatable {
    public let caseID: Int64
    /// What the case counts (its heaviest decision's weight; never 0, as a case counting 0 gives no strike).
    public let strikes: Int
    /// When the case was actioned: the strike starts then.
    public let since: Timestamp
    /// When it stops being active; nil: never.
    public let expiresAt: Timestamp?
    /// When its case was reversed, which takes the strike away.
    public let reversedAt: Timestamp?

    public enum State: String, Sendable {
        case active, expired, reversed
    }

    public init(caseID: Int64, strikes: Int, since: Timestamp, expiresAt: Timestamp?, reversedAt: Timestamp?) {
        self.caseID = caseID
        self.strikes = strikes
        self.since = since
        self.expiresAt = expiresAt
        self.reversedAt = reversedAt
    }

    /// The strike as it stood at `time`, which is no earlier than `since`.
    public func state(at time: Timestamp) -> State {
        if let reversedAt, reversedAt <= time { return .reversed }
        if let expiresAt, expiresAt <= time { return .expired }
        return .active
    }

    /// The strike a case gives, from its record as it stood at one time and when it was reversed
    /// by then; nil when it gives none (never actioned, or its decisions count 0).
    static func given(by record: CaseRecord, rule: StrikeRule, reversedAt: Timestamp?) -> Strike? {
        guard let actionedAt = record.actionedAt else { return nil }
        let strikes = rule.strikes(for: record.decisions)
        guard strikes > 0 else { return nil }
        return Strike(
            caseID: record.id, strikes: strikes, since: actionedAt, expiresAt: rule.expiry(ofStrikeAt: actionedAt),
            reversedAt: reversedAt)
    }
}

/// An account's strikes under one policy, as they stood at one time.
public struct PolicyStanding: Sendable, Equatable {
    public let policy: Policy
    public let rule: StrikeRule
    /// Every strike the account was given under the policy up to `asOf`, newest first.
    public let strikes: [Strike]
    public let asOf: Timestamp

    public init(policy: Policy, rule: StrikeRule, strikes: [Strike], asOf: Timestamp) {
        self.policy = policy
        self.rule = rule
        self.strikes = strikes
        self.asOf = asOf
    }

    public var active: [Strike] { strikes.filter { $0.state(at: asOf) == .active } }
    /// The sum of the active strikes' counts: what the thresholds are compared with.
    public var activeStrikes: Int { active.reduce(0) { $0.saturatingAdding($1.strikes) } }
    public var reached: StrikeThreshold? { rule.thresholds(around: activeStrikes).reached }
    public var next: StrikeThreshold? { rule.thresholds(around: activeStrikes).next }
}

/// An account's standing: its strikes under every policy it was actioned under, at one time.
public struct AccountStanding: Sendable, Equatable {
    public let account: Account
    public let asOf: Timestamp
    /// By policy code; only policies with a rule under which the account was given a strike.
    public let policies: [PolicyStanding]

    public init(account: Account, asOf: Timestamp, policies: [PolicyStanding]) {
        self.account = account
        self.asOf = asOf
        self.policies = policies
    }

    public var activeStrikes: Int { policies.reduce(0) { $0.saturatingAdding($1.activeStrikes) } }
}

/// What actioning one case does, or would do, to its account's standing under its policy: said
/// when a case is logged (if it is actioned) and when it is actioned. A recommendation for the
/// reviewer; casetool never takes the recommended decision itself.
public struct StrikeNotice: Sendable, Equatable {
    public let caseID: Int64
    public let platform: String
    public let handle: String
    public let policyCode: String
    /// Whether the case is already actioned (the strike is given) or not yet (it would be).
    public let given: Bool
    public let before: Int
    public let after: Int
    /// The thresholds going from `before` to `after` reaches, lowest first.
    public let crossed: [StrikeThreshold]
    /// The next threshold above `after`, if any.
    public let next: StrikeThreshold?

    public init(
        caseID: Int64, platform: String, handle: String, policyCode: String, given: Bool, before: Int, after: Int,
        crossed: [StrikeThreshold], next: StrikeThreshold?
    ) {
        self.caseID = caseID
        self.platform = platform
        self.handle = handle
        self.policyCode = policyCode
        self.given = given
        self.before = before
        self.after = after
        self.crossed = crossed
        self.next = next
    }
}
