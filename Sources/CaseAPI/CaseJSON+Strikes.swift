import CaseStore

/// Strike rules, standings and notices as the server sends them and `--format json` prints them,
/// and read back for the client.
extension CaseJSON {
    public static func json(_ rule: StrikeRule) -> JSONValue {
        .object([
            ("active_days", JSONValue(rule.activeDays.map(Int64.init))),
            ("default_count", .integer(Int64(StrikeRule.defaultWeight))),
            ("counts", .object(rule.orderedWeights.map { ($0.kind.rawValue, .integer(Int64($0.strikes))) })),
            ("thresholds", .array(rule.thresholds.map(json))),
        ])
    }

    /// A policy as the policy list and a rule's change answer it: with its rule, null for none.
    public static func json(_ policy: Policy, strikes rule: StrikeRule?) -> JSONValue {
        json(policy).adding("strikes", rule.map(json) ?? .null)
    }

    public static func json(_ threshold: StrikeThreshold) -> JSONValue {
        .object([
            ("active_strikes", .integer(Int64(threshold.activeStrikes))), ("recommends", .string(threshold.recommends.rawValue)),
            ("for_days", JSONValue(threshold.forDays.map(Int64.init))),
        ])
    }

    public static func json(_ standing: AccountStanding) -> JSONValue {
        .object([
            ("as_of", .string(standing.asOf.iso8601)),
            ("active_strikes", .integer(Int64(standing.activeStrikes))),
            ("policies", .array(standing.policies.map { policy in
                .object([
                    ("policy", .string(policy.policy.code)), ("policy_name", .string(policy.policy.name)),
                    ("active_strikes", .integer(Int64(policy.activeStrikes))),
                    ("reached", policy.reached.map(json) ?? .null), ("next", policy.next.map(json) ?? .null),
                    ("rule", json(policy.rule)),
                    ("strikes", .array(policy.strikes.map { strike in
                        .object([
                            ("case_id", .integer(strike.caseID)), ("strikes", .integer(Int64(strike.strikes))),
                            ("state", .string(strike.state(at: standing.asOf).rawValue)),
                            ("since", .string(strike.since.iso8601)), ("expires_at", JSONValue(strike.expiresAt?.iso8601)),
                            ("reversed_at", JSONValue(strike.reversedAt?.iso8601)),
                        ])
                    })),
                ])
            })),
        ])
    }

    public static func json(_ notice: StrikeNotice) -> JSONValue {
        .object([
            ("case_id", .integer(notice.caseID)), ("platform", .string(notice.platform)), ("handle", .string(notice.handle)),
            ("policy", .string(notice.policyCode)),
            ("given", .bool(notice.given)), ("active_strikes_before", .integer(Int64(notice.before))),
            ("active_strikes_after", .integer(Int64(notice.after))),
            ("crossed", .array(notice.crossed.map(json))), ("next", notice.next.map(json) ?? .null),
        ])
    }

    public static func rule(from json: JSONFields) throws -> StrikeRule {
        let counts = try json.object("counts")
        var weights: [DecisionKind: Int] = [:]
        for name in counts.members.keys {
            weights[try JSONFields.choice(name, field: "counts", as: DecisionKind.self)] = Int(clamping: try counts.integer(name))
        }
        return try readable {
            try StrikeRule(
                activeDays: try json.optionalInteger("active_days").map { Int(clamping: $0) }, weights: weights,
                thresholds: try json.objects("thresholds").map(threshold(from:)))
        }
    }

    public static func threshold(from json: JSONFields) throws -> StrikeThreshold {
        let strikes = try json.integer("active_strikes"), recommends = try json.choice("recommends", as: DecisionKind.self)
        let days = try json.optionalInteger("for_days")
        return try readable { try StrikeThreshold(activeStrikes: Int(clamping: strikes), recommends: recommends, forDays: days.map { Int(clamping: $0) }) }
    }

    /// A standing as `json(_: AccountStanding)` wrote it; its policies are the server's catalog's.
    public static func standing(from json: JSONFields, account: Account, policies: [Policy]) throws -> AccountStanding {
        let asOf = try json.time("as_of")
        return AccountStanding(account: account, asOf: asOf, policies: try json.objects("policies").map { item in
            PolicyStanding(
                policy: try catalogPolicy(try item.string("policy"), in: policies), rule: try rule(from: try item.object("rule")),
                strikes: try item.objects("strikes").map { strike in
                    Strike(
                        caseID: try strike.integer("case_id"), strikes: Int(clamping: try strike.integer("strikes")),
                        since: try strike.time("since"), expiresAt: try strike.optionalTime("expires_at"),
                        reversedAt: try strike.optionalTime("reversed_at"))
                },
                asOf: asOf)
        })
    }

    public static func strikeNotice(from json: JSONFields) throws -> StrikeNotice {
        StrikeNotice(
            caseID: try json.integer("case_id"), platform: try json.string("platform"), handle: try json.string("handle"),
            policyCode: try json.string("policy"),
            given: try json.bool("given"), before: Int(clamping: try json.integer("active_strikes_before")),
            after: Int(clamping: try json.integer("active_strikes_after")), crossed: try json.objects("crossed").map(threshold(from:)),
            next: try json.optionalObject("next").map(threshold(from:)))
    }

    static func catalogPolicy(_ code: String, in policies: [Policy]) throws -> Policy {
        guard let policy = policies.first(where: { $0.code == code }) else {
            throw APIError(.internalError, "the server's answer names a policy its catalog does not have ('\(code)')")
        }
        return policy
    }

    /// A rule the store refuses is not one casetool's server sends.
    private static func readable<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch is CaseStoreError {
            throw APIError(.internalError, "the server's answer holds a strike rule casetool cannot read")
        }
    }
}

/// An account as `casetool account` shows it: its cases, how many were actioned, and its standing,
/// from the file or from a server's answer alike.
public struct AccountSummary: Sendable, Equatable {
    public let account: Account
    public let cases: [CaseLine]
    public let actioned: Int
    public let standing: AccountStanding

    public init(account: Account, cases: [CaseLine], actioned: Int, standing: AccountStanding) {
        self.account = account
        self.cases = cases
        self.actioned = actioned
        self.standing = standing
    }
}
