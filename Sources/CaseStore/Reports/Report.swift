import Foundation

/// What a report can group cases by. Any combination can be used, none included (one total row).
public enum ReportDimension: String, CaseIterable, Sendable, Comparable {
    /// `decision` groups by each case's most severe decision.
    case period, platform, policy, decision, source

    /// Canonical order: rows and columns always follow it, whatever order `--by` gave.
    public static func < (lhs: ReportDimension, rhs: ReportDimension) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// What to report on.
public struct ReportRequest: Sendable, Equatable {
    public var dimensions: Set<ReportDimension>
    public var period: ReportPeriod
    /// Selects the cases; `since`/`until` bound the opening time and the periods listed.
    public var filter: CaseFilter
    /// Leave out rows without cases. Otherwise every period in range, every policy in the catalog and
    /// every action and source are listed (platforms: those with selected cases), zeros included.
    public var omitEmpty: Bool

    public init(
        dimensions: Set<ReportDimension>, period: ReportPeriod = .month, filter: CaseFilter = CaseFilter(),
        omitEmpty: Bool = false
    ) {
        self.dimensions = dimensions
        self.period = period
        self.filter = filter
        self.omitEmpty = omitEmpty
    }

    /// Reports with more rows than this are refused unless empty rows are left out.
    public static let maxRows = 100_000
}

/// Which group a row is: the value of each dimension the report groups by (nil for the others).
public struct ReportGroup: Sendable, Equatable {
    /// `2024-03-14`, `2024-W11`, `2024-03`, `2024-Q1` or `2024`.
    public var period: String?
    public var platform: String?
    public var policy: Policy?
    /// The most severe decision of the row's cases.
    public var decision: DecisionKind?
    public var source: DetectionSource?

    public init(
        period: String? = nil, platform: String? = nil, policy: Policy? = nil, decision: DecisionKind? = nil, source: DetectionSource? = nil
    ) {
        self.period = period
        self.platform = platform
        self.policy = policy
        self.decision = decision
        self.source = source
    }

    public func value(_ dimension: ReportDimension) -> String? {
        switch dimension {
        case .period: period
        case .platform: platform
        case .policy: policy?.code
        case .decision: decision?.rawValue
        case .source: source?.rawValue
        }
    }
}

/// The figures of one group; definitions are on `ReportMetric`.
public struct ReportFigures: Sendable, Equatable {
    public let cases: Int
    public let actioned: Int
    public let actionedAccounts: Int
    public let dismissed: Int
    /// Actioned cases that took each kind of decision (a case with several counts under each).
    public let actionedByDecision: [DecisionKind: Int]
    public let casesBySource: [DetectionSource: Int]
    public let proactiveRate: Double?
    public let automatedDetectionRate: Double?
    public let automatedDecisionRate: Double?
    public let appealed: Int
    public let upheld: Int
    public let reversedAfterAppeal: Int
    public let restoredWithoutAppeal: Int
    public let appealSuccessRate: Double?
    public let secondsToAction: [ReportMetric.Percentile: Int64]
    public let appealToDecisionSeconds: [ReportMetric.Percentile: Int64]
    public let reach: Int64
    public let repeatOffenders: Int
    /// Actioned cases on unnamed accounts (DSA statements name none): counted as cases, left out of
    /// accounts, reach and repeat offenders, which a page must say rather than show as zero.
    public let actionedOnUnnamedAccounts: Int

    /// Figures as a report worked them out (`ReportAccumulator`), or as a client reads them back from a server.
    public init(
        cases: Int, actioned: Int, actionedAccounts: Int, dismissed: Int, actionedByDecision: [DecisionKind: Int],
        casesBySource: [DetectionSource: Int], proactiveRate: Double?, automatedDetectionRate: Double?,
        automatedDecisionRate: Double?, appealed: Int, upheld: Int, reversedAfterAppeal: Int, restoredWithoutAppeal: Int,
        appealSuccessRate: Double?, secondsToAction: [ReportMetric.Percentile: Int64],
        appealToDecisionSeconds: [ReportMetric.Percentile: Int64], reach: Int64, repeatOffenders: Int, actionedOnUnnamedAccounts: Int
    ) {
        self.cases = cases
        self.actioned = actioned
        self.actionedAccounts = actionedAccounts
        self.dismissed = dismissed
        self.actionedByDecision = actionedByDecision
        self.casesBySource = casesBySource
        self.proactiveRate = proactiveRate
        self.automatedDetectionRate = automatedDetectionRate
        self.automatedDecisionRate = automatedDecisionRate
        self.appealed = appealed
        self.upheld = upheld
        self.reversedAfterAppeal = reversedAfterAppeal
        self.restoredWithoutAppeal = restoredWithoutAppeal
        self.appealSuccessRate = appealSuccessRate
        self.secondsToAction = secondsToAction
        self.appealToDecisionSeconds = appealToDecisionSeconds
        self.reach = reach
        self.repeatOffenders = repeatOffenders
        self.actionedOnUnnamedAccounts = actionedOnUnnamedAccounts
    }

    public func value(_ metric: ReportMetric) -> ReportValue {
        switch metric {
        case .cases: .count(Int64(cases))
        case .actioned: .count(Int64(actioned))
        case .actionedAccounts: .count(Int64(actionedAccounts))
        case .dismissed: .count(Int64(dismissed))
        case .actionedBy(let kind): .count(Int64(actionedByDecision[kind] ?? 0))
        case .detectedBy(let source): .count(Int64(casesBySource[source] ?? 0))
        case .proactiveRate: .rate(proactiveRate)
        case .automatedDetectionRate: .rate(automatedDetectionRate)
        case .automatedDecisionRate: .rate(automatedDecisionRate)
        case .appealed: .count(Int64(appealed))
        case .upheld: .count(Int64(upheld))
        case .reversedAfterAppeal: .count(Int64(reversedAfterAppeal))
        case .restoredWithoutAppeal: .count(Int64(restoredWithoutAppeal))
        case .appealSuccessRate: .rate(appealSuccessRate)
        case .timeToAction(let p): .seconds(secondsToAction[p])
        case .appealToDecision(let p): .seconds(appealToDecisionSeconds[p])
        case .reach: .count(reach)
        case .repeatOffenders: .count(Int64(repeatOffenders))
        }
    }
}

public struct ReportRow: Sendable, Equatable {
    public let group: ReportGroup
    public let figures: ReportFigures

    public init(group: ReportGroup, figures: ReportFigures) {
        self.group = group
        self.figures = figures
    }
}

public struct Report: Sendable, Equatable {
    /// The dimensions grouped by, in canonical order.
    public let dimensions: [ReportDimension]
    public let period: ReportPeriod
    public let rows: [ReportRow]
    /// The same figures over every selected case (accounts counted once across rows).
    public let total: ReportFigures

    public init(dimensions: [ReportDimension], period: ReportPeriod, rows: [ReportRow], total: ReportFigures) {
        self.dimensions = dimensions
        self.period = period
        self.rows = rows
        self.total = total
    }
}

extension ReportDimension {
    /// Reads a comma-separated list of dimensions, or `none` for a report of one total row.
    public static func list(_ text: String, field: String) throws -> Set<ReportDimension> {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if names == ["none"] { return [] }
        guard !names.isEmpty else { throw CaseStoreError.invalidValue(field: field, problem: "give at least one dimension, or 'none'") }
        return Set(try names.map { name in
            guard let dimension = ReportDimension(rawValue: name) else {
                throw CaseStoreError.invalidValue(
                    field: field, problem: "'\(name)' is not one of \(allCases.map(\.rawValue).joined(separator: ", ")) (or 'none')")
            }
            return dimension
        })
    }
}
