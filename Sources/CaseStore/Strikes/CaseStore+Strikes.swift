import SQLiteDatabase

extension CaseStore {
    /// The policy's strike rule; nil when it gives no strikes.
    public func strikeRule(policy code: String) throws -> StrikeRule? {
        try read { try readStrikeRule(policyID: try policy(code: code).id) }
    }

    /// Every policy's strike rule, by policy code; policies without one are left out.
    public func strikeRules() throws -> [String: StrikeRule] {
        try read {
            var rules: [String: StrikeRule] = [:]
            for policy in try policies() {
                rules[policy.code] = try readStrikeRule(policyID: policy.id)
            }
            return rules
        }
    }

    /// Sets the policy's strike rule, replacing the one it had; nil: the policy gives no strikes.
    /// Standing is derived from the cases, so a new rule applies to their whole history at once.
    public func setStrikeRule(_ rule: StrikeRule?, policy code: String) throws {
        try write {
            let policyID = try policy(code: code).id
            for table in ["strike_thresholds", "strike_weights", "strike_rules"] {
                try database.cachedStatement("DELETE FROM \(table) WHERE policy_id = ?").execute([policyID])
            }
            guard let rule else { return }
            try database.cachedStatement("INSERT INTO strike_rules (policy_id, active_days) VALUES (?, ?)")
                .executeChangingOneRow([policyID, rule.activeDays.map(Int64.init)])
            let weight = try database.cachedStatement("INSERT INTO strike_weights (policy_id, decision, strikes) VALUES (?, ?, ?)")
            for (kind, strikes) in rule.weights.sorted(by: { $0.key.bit < $1.key.bit }) {
                try weight.executeChangingOneRow([policyID, kind.rawValue, Int64(strikes)])
            }
            let threshold = try database.cachedStatement(
                "INSERT INTO strike_thresholds (policy_id, active_strikes, recommends, for_days) VALUES (?, ?, ?, ?)")
            for step in rule.thresholds {
                try threshold.executeChangingOneRow([policyID, Int64(step.activeStrikes), step.recommends.rawValue, step.forDays.map(Int64.init)])
            }
        }
    }

    func readStrikeRule(policyID: Int64) throws -> StrikeRule? {
        guard let activeDays = try database.cachedStatement("SELECT active_days FROM strike_rules WHERE policy_id = ?")
            .queryFirst([policyID], { $0.optionalInt64(0) })
        else { return nil }
        let weights = try database.cachedStatement("SELECT decision, strikes FROM strike_weights WHERE policy_id = ?")
            .query([policyID]) { (try $0.decode(DecisionKind.self, 0), Int(clamping: try $0.int64(1))) }
        let thresholds = try database.cachedStatement(
            "SELECT active_strikes, recommends, for_days FROM strike_thresholds WHERE policy_id = ? ORDER BY active_strikes"
        ).query([policyID]) { row in
            try StrikeThreshold(
                activeStrikes: Int(clamping: try row.int64(0)), recommends: try row.decode(DecisionKind.self, 1),
                forDays: row.optionalInt64(2).map { Int(clamping: $0) })
        }
        return try StrikeRule(
            activeDays: activeDays.map { Int(clamping: $0) }, weights: Dictionary(weights, uniquingKeysWith: { first, _ in first }),
            thresholds: thresholds)
    }

    /// The account's standing now, or as it stood at `asOf`: from each of its cases as it stood then.
    public func accountStanding(platform: String, handle: String, asOf: Timestamp? = nil) throws -> AccountStanding {
        try read {
            let history = try accountHistory(platform: platform, handle: handle)
            return AccountStanding(
                account: history.account, asOf: asOf ?? clock(), policies: try policyStandings(of: history.cases, asOf: asOf))
        }
    }

    /// What actioning this case does (or, while it is open or escalated, would do) to its account's
    /// standing under its policy; nil when its policy has no rule, the case counts no strikes, or it
    /// was dismissed or reversed.
    public func strikeNotice(caseID: Int64) throws -> StrikeNotice? {
        try read {
            let record = try caseDetail(id: caseID).record
            guard let rule = try readStrikeRule(policyID: record.policy.id) else { return nil }
            let weight = rule.strikes(for: record.decisions)
            guard weight > 0 else { return nil }
            let history = try accountHistory(platform: record.account.platform, handle: record.account.handle)
            let standing = try policyStandings(of: history.cases.filter { $0.policy.id == record.policy.id }, asOf: nil).first
            let active = standing?.activeStrikes ?? 0
            let (before, after): (Int, Int)
            let given: Bool
            switch record.status {
            case .open, .escalated:
                (before, after, given) = (active, active.saturatingAdding(weight), false)
            case .actioned, .appealed, .upheld:
                let counted = standing?.active.contains { $0.caseID == caseID } ?? false
                guard counted else { return nil }  // actioned long enough ago to have expired
                (before, after, given) = (active.saturatingSubtracting(weight), active, true)
            case .dismissed, .reversed:
                return nil
            }
            return StrikeNotice(
                caseID: caseID, account: record.account, policy: record.policy, given: given, before: before, after: after,
                crossed: rule.crossed(from: before, to: after), next: rule.thresholds(around: after).next)
        }
    }

    /// Standing under each policy the cases fall under that has a rule and gave a strike, now or at `asOf`.
    private func policyStandings(of cases: [CaseRecord], asOf: Timestamp?) throws -> [PolicyStanding] {
        let time = asOf ?? clock()
        var byPolicy: [Int64: (policy: Policy, rule: StrikeRule, strikes: [Strike])] = [:]
        var rules: [Int64: StrikeRule?] = [:]
        for current in cases where current.openedAt <= time {
            let rule: StrikeRule?
            if let known = rules[current.policy.id] {
                rule = known
            } else {
                rule = try readStrikeRule(policyID: current.policy.id)
                rules[current.policy.id] = rule
            }
            guard let rule else { continue }
            // Only an actioned case gives a strike; one never actioned needs no replay.
            guard current.actionedAt != nil else { continue }
            let detail = try asOf.map { try caseAsOf(id: current.id, time: $0) } ?? caseDetail(id: current.id)
            guard let strike = Strike.given(by: detail.record, events: detail.events, rule: rule), strike.since <= time else { continue }
            byPolicy[current.policy.id, default: (current.policy, rule, [])].strikes.append(strike)
        }
        return byPolicy.values
            .map { PolicyStanding(policy: $0.policy, rule: $0.rule, strikes: $0.strikes.sorted { ($0.since, $0.caseID) > ($1.since, $1.caseID) }, asOf: time) }
            .sorted { $0.policy.code < $1.policy.code }
    }
}
