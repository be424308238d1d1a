import Foundation

/// Every figure a report gives, with its stable machine key and its definition. The definitions here
/// are the only ones: `casetool report --help` and the README print them from this list.
public enum ReportMetric: Hashable, Sendable {
    case cases
    case actioned
    case actionedAccounts
    case dismissed
    case actionedBy(DecisionKind)
    case detectedBy(DetectionSource)
    case proactiveRate
    case automatedDetectionRate
    case automatedDecisionRate
    case appealed
    case upheld
    case reversedAfterAppeal
    case restoredWithoutAppeal
    case appealSuccessRate
    case timeToAction(Percentile)
    case appealToDecision(Percentile)
    case reach
    case repeatOffenders

    public enum Percentile: Int, CaseIterable, Sendable {
        case p50 = 50, p90 = 90
    }

    public enum Kind: Sendable {
        /// A whole number of cases, accounts or followers.
        case count
        /// A share between 0 and 1; none when its denominator is 0.
        case rate
        /// A duration in seconds; none when there is nothing to measure.
        case seconds
    }

    /// All metrics, in the order reports give them.
    public static let all: [ReportMetric] =
        [.cases, .actioned, .actionedAccounts, .dismissed]
        + DecisionKind.allCases.map(ReportMetric.actionedBy)
        + DetectionSource.allCases.map(ReportMetric.detectedBy)
        + [.proactiveRate, .automatedDetectionRate, .automatedDecisionRate,
           .appealed, .upheld, .reversedAfterAppeal, .restoredWithoutAppeal, .appealSuccessRate]
        + Percentile.allCases.map(ReportMetric.timeToAction) + Percentile.allCases.map(ReportMetric.appealToDecision)
        + [.reach, .repeatOffenders]

    public static func named(_ key: String) -> ReportMetric? {
        all.first { $0.key == key }
    }

    public var key: String {
        switch self {
        case .cases: "cases"
        case .actioned: "actioned"
        case .actionedAccounts: "actioned_accounts"
        case .dismissed: "dismissed"
        case .actionedBy(let action): "actioned_\(action.rawValue)"
        case .detectedBy(let source): "source_\(source.rawValue)"
        case .proactiveRate: "proactive_rate"
        case .automatedDetectionRate: "automated_detection_rate"
        case .automatedDecisionRate: "automated_decision_rate"
        case .appealed: "appealed"
        case .upheld: "upheld"
        case .reversedAfterAppeal: "reversed_after_appeal"
        case .restoredWithoutAppeal: "restored_without_appeal"
        case .appealSuccessRate: "appeal_success_rate"
        case .timeToAction(let p): "time_to_action_p\(p.rawValue)_seconds"
        case .appealToDecision(let p): "appeal_to_decision_p\(p.rawValue)_seconds"
        case .reach: "reach"
        case .repeatOffenders: "repeat_offenders"
        }
    }

    public var kind: Kind {
        switch self {
        case .proactiveRate, .automatedDetectionRate, .automatedDecisionRate, .appealSuccessRate: .rate
        case .timeToAction, .appealToDecision: .seconds
        default: .count
        }
    }

    public var definition: String {
        switch self {
        case .cases: "cases opened in the period"
        case .actioned: "content items actioned: cases in which the action was applied (they reached 'actioned', whatever happened after)"
        case .actionedAccounts: "distinct named accounts with an actioned case"
        case .dismissed: "cases now 'dismissed': no violation found"
        case .actionedBy(let kind): "actioned cases that took the decision \(kind.rawValue) (\(kind.summary)), alone or with others"
        case .detectedBy(let source): "cases whose source of detection is \(source.rawValue) (\(source.summary))"
        case .proactiveRate:
            "share of actioned cases the platform found before anyone reported them (source proactive_human or automated)"
        case .automatedDetectionRate: "share of actioned cases detected by automated means"
        case .automatedDecisionRate: "share of actioned cases whose action automation decided, fully or partially"
        case .appealed: "cases appealed at least once"
        case .upheld: "appealed cases whose latest decided appeal kept the action"
        case .reversedAfterAppeal: "cases whose action was reversed on appeal"
        case .restoredWithoutAppeal: "cases whose action was reversed with no appeal before it (the platform's own review)"
        case .appealSuccessRate: "reversed_after_appeal / (upheld + reversed_after_appeal): share of decided appeals that won"
        case .timeToAction(let p):
            "\(p.ordinal) percentile of the time from opening a case to its first 'actioned', over actioned cases"
        case .appealToDecision(let p):
            "\(p.ordinal) percentile of the time from an appeal to its decision (upheld or reversed), over decided appeals"
        case .reach:
            "followers of the distinct named accounts with an actioned case, each counted once at the largest follower count recorded on its actioned cases"
        case .repeatOffenders: "named accounts with two or more actioned cases in the row"
        }
    }
}

extension ReportMetric.Percentile {
    var ordinal: String { "\(rawValue)th" }
}

/// A metric's value in one row.
public enum ReportValue: Equatable, Sendable {
    case count(Int64)
    case rate(Double?)
    case seconds(Int64?)
}

extension ReportMetric {
    /// Reads a comma-separated list of metric keys, or `all`.
    public static func list(_ text: String, field: String) throws -> [ReportMetric] {
        let keys = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if keys == ["all"] { return all }
        guard !keys.isEmpty else { throw CaseStoreError.invalidValue(field: field, problem: "give at least one metric key, or 'all'") }
        return try keys.map { key in
            guard let metric = named(key) else {
                throw CaseStoreError.unknownMetric(
                    field: field, key: key, suggestions: Suggestions.closest(to: key, among: all.map { ($0.key, $0.key) }))
            }
            return metric
        }
    }
}
