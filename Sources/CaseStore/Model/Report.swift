/// What a report groups cases by.
public enum ReportDimension: String, CaseIterable, Sendable {
    case policy, platform, action, source, month
}

/// One group of a report. Cases are counted by when they were opened.
public struct ReportRow: Sendable, Equatable {
    /// The group: a policy code, platform, action, source or `YYYY-MM`; `total` for the total row.
    public let key: String
    /// A readable name for the key where it has one (the policy's name).
    public let label: String?
    /// Cases opened.
    public let cases: Int
    /// Cases in which an action was applied (they reached `actioned`, whatever happened after).
    public let actioned: Int
    /// Cases now `dismissed`.
    public let dismissed: Int
    /// Cases appealed at least once.
    public let appealed: Int
    /// Cases now `reversed`: the action was withdrawn, on appeal or otherwise.
    public let reversed: Int
    /// Followers of the distinct accounts with an actioned case, each counted once at the largest
    /// follower count recorded on its actioned cases: the reach of the enforcement.
    public let actionedFollowers: Int64
    /// Median time from a case being opened to its first `actioned`, over actioned cases.
    public let medianSecondsToAction: Int64?

    public init(
        key: String, label: String?, cases: Int, actioned: Int, dismissed: Int, appealed: Int, reversed: Int,
        actionedFollowers: Int64, medianSecondsToAction: Int64?
    ) {
        self.key = key
        self.label = label
        self.cases = cases
        self.actioned = actioned
        self.dismissed = dismissed
        self.appealed = appealed
        self.reversed = reversed
        self.actionedFollowers = actionedFollowers
        self.medianSecondsToAction = medianSecondsToAction
    }

    /// Share of actioned cases that were reversed; nil when nothing was actioned.
    public var reversalRate: Double? {
        actioned > 0 ? Double(reversed) / Double(actioned) : nil
    }
}

public struct Report: Sendable, Equatable {
    public let dimension: ReportDimension
    public let rows: [ReportRow]
    /// The same figures over all cases in the report (reach counts each account once).
    public let total: ReportRow
}
