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
            // "No strikes" is kept as a choice, so seeding never gives the policy its rule back.
            try database.cachedStatement("INSERT INTO strike_rules (policy_id, gives_strikes, active_days) VALUES (?, ?, ?)")
                .executeChangingOneRow([policyID, Int64(rule == nil ? 0 : 1), rule?.activeDays.map(Int64.init)])
            guard let rule else { return }
            let weight = try database.cachedStatement("INSERT INTO strike_weights (policy_id, decision, strikes) VALUES (?, ?, ?)")
            for (kind, strikes) in rule.orderedWeights {
                try weight.executeChangingOneRow([policyID, kind.rawValue, Int64(strikes)])
            }
            let threshold = try database.cachedStatement(
                "INSERT INTO strike_thresholds (policy_id, active_strikes, recommends, for_days) VALUES (?, ?, ?, ?)")
            for step in rule.thresholds {
                try threshold.executeChangingOneRow([policyID, Int64(step.activeStrikes), step.recommends.rawValue, step.forDays.map(Int64.init)])
            }
        }
    }

    /// One statement for the whole rule (it is read for every case logged or moved through the
    /// server): its counts and thresholds come back in their text forms and are read as the command
    /// line's are.
    func readStrikeRule(policyID: Int64) throws -> StrikeRule? {
        guard let row = try database.cachedStatement("""
            SELECT r.active_days,
                   (SELECT group_concat(w.decision || '=' || w.strikes, ',') FROM strike_weights w WHERE w.policy_id = r.policy_id),
                   (SELECT group_concat(t.active_strikes || ' ' || t.recommends || coalesce(' for ' || t.for_days || 'd', ''), ',')
                      FROM strike_thresholds t WHERE t.policy_id = r.policy_id)
            FROM strike_rules r WHERE r.policy_id = ? AND r.gives_strikes = 1
            """).queryFirst([policyID], { row in (row.optionalInt64(0), row.optionalString(1), row.optionalString(2)) })
        else { return nil }
        do {
            var weights: [DecisionKind: Int] = [:]
            for text in (row.1 ?? "").split(separator: ",") {
                let (kind, strikes) = try StrikeRule.weight(parsing: String(text))
                weights[kind] = strikes
            }
            return try StrikeRule(
                activeDays: row.0.map { Int(clamping: $0) }, weights: weights,
                thresholds: try (row.2 ?? "").split(separator: ",").map { try StrikeThreshold(parsing: String($0)) })
        } catch let CaseStoreError.invalidValue(_, problem) {
            throw CaseStoreError.corruptRow(table: "strike_rules", problem: "policy \(policyID): \(problem)")
        }
    }

    /// Whether the policy's team set a rule, or chose none: either way, seeding leaves it as it is.
    func strikeRuleChosen(policy code: String) throws -> Bool {
        try database.cachedStatement("SELECT 1 FROM strike_rules WHERE policy_id = ?").queryFirst([try policy(code: code).id]) { _ in true } ?? false
    }

    /// The account's standing now, or as it stood at `asOf`: from each of its cases as it stood then.
    public func accountStanding(platform: String, handle: String, asOf: Timestamp? = nil) throws -> AccountStanding {
        let handle = try FieldRules.handle(handle)
        let platform = try FieldRules.platform(platform)
        return try read {
            guard let account = try database.cachedStatement(
                "SELECT \(Columns.account) FROM accounts a WHERE a.platform = ? AND a.handle = ?"
            ).queryFirst([platform, handle], { try $0.account() })
            else {
                throw CaseStoreError.accountNotFound(platform: platform, handle: handle)
            }
            let time = asOf ?? clock()
            return AccountStanding(account: account, asOf: time, policies: try policyStandings(accountID: account.id, asOf: asOf, at: time))
        }
    }

    /// What actioning this case does (or, while it is open or escalated, would do) to its account's
    /// standing under its policy; nil when its policy has no rule, the case counts no strikes, or it
    /// was dismissed or reversed.
    public func strikeNotice(caseID: Int64) throws -> StrikeNotice? {
        try read { try strikeNotice(for: try caseDetail(id: caseID).record) }
    }

    /// As `strikeNotice(caseID:)`, for a case just read (a server answering a write has it already).
    public func strikeNotice(for record: CaseRecord) throws -> StrikeNotice? {
        let caseID = record.id
        if record.status == .dismissed || record.status == .reversed { return nil }
        return try read {
            guard let rule = try readStrikeRule(policyID: record.policy.id) else { return nil }
            let weight = rule.strikes(for: record.decisions)
            guard weight > 0 else { return nil }
            let standing = try policyStandings(accountID: record.account.id, policyID: record.policy.id, asOf: nil, at: clock()).first
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
                caseID: caseID, platform: record.account.platform, handle: record.account.handle, policyCode: record.policy.code, given: given, before: before, after: after,
                crossed: rule.crossed(from: before, to: after), next: rule.thresholds(around: after).next)
        }
    }

    /// The notices of cases actioned together (give only those), as if actioned one after another in
    /// the order given: each says what its own move added (the account had 0, then 1, then 2), not
    /// what the whole batch did. Each account's standing is read once per batch, not once per case:
    /// a spam wave is a thousand cases against one account.
    public func strikeNotices(caseIDs: [Int64]) throws -> [StrikeNotice] {
        try read {
            let now = clock()
            let records = try caseIDs.map { id in
                try database.cachedStatement("\(Columns.caseSelect) WHERE c.id = ?").queryFirst([id]) { try $0.caseRecord() }
                    ?? { throw CaseStoreError.caseNotFound(id: id) }()
            }
            var rules: [Int64: StrikeRule?] = [:]
            var standings: [String: PolicyStanding?] = [:]
            var notices: [(record: CaseRecord, rule: StrikeRule, weight: Int, active: Int)] = []
            for record in records where record.status == .actioned || record.status == .appealed || record.status == .upheld {
                let policyID = record.policy.id
                if rules[policyID] == nil { rules[policyID] = .some(try readStrikeRule(policyID: policyID)) }
                guard let rule = rules[policyID] ?? nil else { continue }
                let weight = rule.strikes(for: record.decisions)
                guard weight > 0 else { continue }
                let group = "\(record.account.id) \(policyID)"
                if standings[group] == nil {
                    standings[group] = .some(try policyStandings(accountID: record.account.id, policyID: policyID, asOf: nil, at: now).first)
                }
                let standing = standings[group] ?? nil
                guard standing?.active.contains(where: { $0.caseID == record.id }) == true else { continue }
                notices.append((record, rule, weight, standing?.activeStrikes ?? 0))
            }
            // From the last case back: each earlier case's count leaves out what the later ones added.
            var later: [String: Int] = [:]
            var result: [StrikeNotice] = []
            for notice in notices.reversed() {
                let group = "\(notice.record.account.id) \(notice.record.policy.id)"
                let after = notice.active.saturatingSubtracting(later[group] ?? 0)
                let before = after.saturatingSubtracting(notice.weight)
                later[group] = (later[group] ?? 0).saturatingAdding(notice.weight)
                result.append(StrikeNotice(
                    caseID: notice.record.id, platform: notice.record.account.platform, handle: notice.record.account.handle,
                    policyCode: notice.record.policy.code, given: true, before: before, after: after,
                    crossed: notice.rule.crossed(from: before, to: after), next: notice.rule.thresholds(around: after).next))
            }
            return result.reversed()
        }
    }

    /// Standing under each policy (or the one given) with a rule under which the account's cases
    /// gave a strike, now or at `asOf`. Only actioned cases are read (an index holds just those), so
    /// an account with thousands of open reports costs nothing here.
    /// `time` is `asOf`, or now as the caller read it once (so a strike's state and the count agree).
    private func policyStandings(accountID: Int64, policyID: Int64? = nil, asOf: Timestamp?, at time: Timestamp) throws -> [PolicyStanding] {
        let actioned = try database.cachedStatement(
            "\(Columns.caseSelect) WHERE c.account_id = ?1 AND c.actioned_at IS NOT NULL AND (?2 IS NULL OR c.policy_id = ?2)"
        ).query([accountID, policyID]) { try $0.caseRecord() }
        var rules: [Int64: StrikeRule?] = [:]
        var byPolicy: [Int64: (policy: Policy, rule: StrikeRule, strikes: [Strike])] = [:]
        // Now, every actioned case counts, even one stamped a few minutes ahead of this clock (the
        // skew a client's clock is allowed); as of a time, only those opened by then.
        for current in actioned where asOf == nil || current.openedAt <= time {
            let rule: StrikeRule?
            if let known = rules[current.policy.id] {
                rule = known
            } else {
                rule = try readStrikeRule(policyID: current.policy.id)
                rules[current.policy.id] = rule
            }
            guard let rule, let strike = try strike(givenBy: current, rule: rule, asOf: asOf), asOf == nil || strike.since <= time else { continue }
            byPolicy[current.policy.id, default: (current.policy, rule, [])].strikes.append(strike)
        }
        return byPolicy.values
            .map { PolicyStanding(policy: $0.policy, rule: $0.rule, strikes: $0.strikes.sorted { ($0.since, $0.caseID) > ($1.since, $1.caseID) }, asOf: time) }
            .sorted { $0.policy.code < $1.policy.code }
    }

    /// The strike an actioned case gives: from its row now (only a reversal's time is read from its
    /// events), or from its events replayed up to `asOf`.
    private func strike(givenBy current: CaseRecord, rule: StrikeRule, asOf: Timestamp?) throws -> Strike? {
        if let asOf {
            let then = try caseAsOf(id: current.id, time: asOf)
            return Strike.given(by: then.record, rule: rule, reversedAt: then.events.last { $0.toStatus == .reversed }?.occurredAt)
        }
        let reversedAt = current.status == .reversed
            ? try database.cachedStatement(
                "SELECT occurred_at FROM case_events WHERE case_id = ? AND to_status = 'reversed' ORDER BY seq DESC LIMIT 1"
            ).queryFirst([current.id]) { try $0.timestamp(0) }
            : nil
        return Strike.given(by: current, rule: rule, reversedAt: reversedAt)
    }
}
