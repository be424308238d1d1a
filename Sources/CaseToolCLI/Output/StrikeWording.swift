import Foundation
import CaseStore

/// What casetool tells a reviewer about strikes: an account's standing, and what actioning a case
/// does to it. Recommendations are worded as such: casetool never takes the decision itself.
enum StrikeWording {
    /// One line for a logged or actioned case; nil when there is nothing to say (logging a case that
    /// would cross no threshold).
    static func notice(_ notice: StrikeNotice) -> String? {
        let who = "@\(notice.handle) on \(notice.platform)"
        let reaching = notice.crossed.isEmpty ? nil
            : "reaches " + notice.crossed.map { "\($0.activeStrikes), which recommends \($0.recommendation)" }.joined(separator: ", and ")
            + " (casetool decides nothing itself)"
        if notice.given {
            let next = notice.next.map { "; next threshold at \($0.activeStrikes): \($0.recommendation)" } ?? ""
            return "case \(notice.caseID): \(who) now has \(strikes(notice.after)) under \(notice.policyCode) (was \(notice.before))"
                + (reaching.map { "; " + $0 } ?? next)
        }
        guard let reaching else { return nil }
        return "case \(notice.caseID): if actioned, \(who) would have \(strikes(notice.after)) under \(notice.policyCode) "
            + "(now \(notice.before)) and \(reaching.replacingOccurrences(of: "reaches", with: "reach", options: .anchored))"
    }

    static func strikes(_ count: Int) -> String {
        Formatting.counted(count, "active strike")
    }

    /// "dangerous-organizations: 1 active strike (strikes permanent); reached 1: account_suspended for 30 days; next at 2: …"
    static func summary(_ standing: PolicyStanding) -> String {
        let duration = durationText(standing.rule)
        var parts = ["\(standing.policy.code): \(strikes(standing.activeStrikes)) (\(duration))"]
        if let reached = standing.reached { parts.append("reached \(reached.activeStrikes), which recommends \(reached.recommendation)") }
        if let next = standing.next { parts.append("next at \(next.activeStrikes): \(next.recommendation)") }
        return parts.joined(separator: "; ")
    }

    /// Every strike given by then, newest first, with its state at the standing's time.
    static func strikeTable(_ standing: AccountStanding) -> Tabular {
        var table = Tabular(columns: [
            .init(key: "case_id", title: "CASE", style: .identifier),
            .init(key: "policy", title: "POLICY", fit: .wrapAtHyphens),
            .init(key: "strikes", title: "STRIKES", style: .count),
            .init(key: "since", title: "SINCE"),
            .init(key: "expires_at", title: "EXPIRES"),
            .init(key: "state", title: "STATE"),
        ])
        for policy in standing.policies {
            for strike in policy.strikes {
                let state = strike.state(at: standing.asOf)
                table.append([
                    .integer(strike.caseID), .text(policy.policy.code), .integer(Int64(strike.strikes)), .text(strike.since.date),
                    .text(strike.expiresAt?.date ?? "never"),
                    .text(state.rawValue),
                ])
            }
        }
        return table
    }

    /// "strikes last 90 days", "strikes last 1 day", "strikes never expire".
    static func durationText(_ rule: StrikeRule) -> String {
        rule.activeDays.map { "strikes last " + Formatting.counted($0, "day") } ?? "strikes never expire"
    }

    /// A rule in the text forms `policies strikes` takes.
    static func ruleLine(_ rule: StrikeRule) -> (active: String, counts: String, thresholds: String) {
        (rule.activeText,
         rule.orderedWeights.map { "\($0.kind.rawValue)=\($0.strikes)" }.joined(separator: ", "),
         rule.thresholds.map(\.text).joined(separator: ", "))
    }
}
