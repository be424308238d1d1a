import CaseStore
import Foundation

/// A report as the server sends it: every figure of every row, so that a client lays it out as the
/// command line does for a file (which metrics, which layout, which format are the client's choice).
extension CaseJSON {
    public static func json(_ report: Report) -> JSONValue {
        .object([
            ("by", .array(report.dimensions.map { .string($0.rawValue) })),
            ("period", .string(report.period.rawValue)),
            ("rows", .array(report.rows.map { row in .object([("group", json(row.group)), ("figures", json(row.figures))]) })),
            ("total", json(report.total)),
        ])
    }

    static func json(_ group: ReportGroup) -> JSONValue {
        .object([
            ("period", JSONValue(group.period)), ("platform", JSONValue(group.platform)),
            ("policy", group.policy.map { json($0) } ?? .null), ("decision", JSONValue(group.decision?.rawValue)),
            ("source", JSONValue(group.source?.rawValue)),
        ])
    }

    static func json(_ figures: ReportFigures) -> JSONValue {
        func rate(_ value: Double?) -> JSONValue { value.map { .exactReal($0) } ?? .null }
        func percentiles(_ values: [ReportMetric.Percentile: Int64]) -> JSONValue {
            .object(ReportMetric.Percentile.allCases.map { ("p\($0.rawValue)", JSONValue(values[$0])) })
        }
        return .object([
            ("cases", .integer(Int64(figures.cases))), ("actioned", .integer(Int64(figures.actioned))),
            ("actioned_accounts", .integer(Int64(figures.actionedAccounts))), ("dismissed", .integer(Int64(figures.dismissed))),
            ("actioned_by_decision", .object(DecisionKind.allCases.map { ($0.rawValue, .integer(Int64(figures.actionedByDecision[$0] ?? 0))) })),
            ("cases_by_source", .object(DetectionSource.allCases.map { ($0.rawValue, .integer(Int64(figures.casesBySource[$0] ?? 0))) })),
            ("proactive_rate", rate(figures.proactiveRate)), ("automated_detection_rate", rate(figures.automatedDetectionRate)),
            ("automated_decision_rate", rate(figures.automatedDecisionRate)), ("appealed", .integer(Int64(figures.appealed))),
            ("upheld", .integer(Int64(figures.upheld))), ("reversed_after_appeal", .integer(Int64(figures.reversedAfterAppeal))),
            ("restored_without_appeal", .integer(Int64(figures.restoredWithoutAppeal))),
            ("appeal_success_rate", rate(figures.appealSuccessRate)),
            ("seconds_to_action", percentiles(figures.secondsToAction)),
            ("appeal_to_decision_seconds", percentiles(figures.appealToDecisionSeconds)),
            ("reach", .integer(figures.reach)), ("repeat_offenders", .integer(Int64(figures.repeatOffenders))),
            ("actioned_on_unnamed_accounts", .integer(Int64(figures.actionedOnUnnamedAccounts))),
        ])
    }

    public static func report(from json: JSONFields) throws -> Report {
        let dimensions = try json.strings("by").map { try JSONFields.choice($0, field: "by", as: ReportDimension.self) }
        let rows = try json.objects("rows").map { row in
            ReportRow(group: try group(from: try row.object("group")), figures: try figures(from: try row.object("figures")))
        }
        return Report(
            dimensions: dimensions, period: try json.choice("period", as: ReportPeriod.self), rows: rows,
            total: try figures(from: try json.object("total")))
    }

    static func group(from json: JSONFields) throws -> ReportGroup {
        ReportGroup(
            period: try json.optionalString("period"), platform: try json.optionalString("platform"),
            policy: try json.members["policy"] is [String: Any] ? policy(from: try json.object("policy")) : nil,
            decision: try json.optionalString("decision").map { try JSONFields.choice($0, field: "decision", as: DecisionKind.self) },
            source: try json.optionalString("source").map { try JSONFields.choice($0, field: "source", as: DetectionSource.self) })
    }

    static func figures(from json: JSONFields) throws -> ReportFigures {
        func count(_ name: String) throws -> Int { try json.count(name) }
        func counts<Key: RawRepresentable & CaseIterable & Hashable>(_ name: String, _ type: Key.Type) throws -> [Key: Int]
        where Key.RawValue == String {
            let object = try json.object(name)
            return Dictionary(uniqueKeysWithValues: try Key.allCases.map { ($0, try object.count($0.rawValue)) })
        }
        func percentiles(_ name: String) throws -> [ReportMetric.Percentile: Int64] {
            let object = try json.object(name)
            var values: [ReportMetric.Percentile: Int64] = [:]
            for percentile in ReportMetric.Percentile.allCases {
                values[percentile] = try object.optionalInteger("p\(percentile.rawValue)")
            }
            return values
        }
        return ReportFigures(
            cases: try count("cases"), actioned: try count("actioned"), actionedAccounts: try count("actioned_accounts"),
            dismissed: try count("dismissed"), actionedByDecision: try counts("actioned_by_decision", DecisionKind.self),
            casesBySource: try counts("cases_by_source", DetectionSource.self), proactiveRate: try json.optionalNumber("proactive_rate"),
            automatedDetectionRate: try json.optionalNumber("automated_detection_rate"),
            automatedDecisionRate: try json.optionalNumber("automated_decision_rate"), appealed: try count("appealed"),
            upheld: try count("upheld"), reversedAfterAppeal: try count("reversed_after_appeal"),
            restoredWithoutAppeal: try count("restored_without_appeal"), appealSuccessRate: try json.optionalNumber("appeal_success_rate"),
            secondsToAction: try percentiles("seconds_to_action"), appealToDecisionSeconds: try percentiles("appeal_to_decision_seconds"),
            reach: try json.integer("reach"), repeatOffenders: try count("repeat_offenders"),
            actionedOnUnnamedAccounts: try count("actioned_on_unnamed_accounts"))
    }
}

extension JSONFields {
    /// A whole number that fits an `Int` and is not negative: a count.
    func count(_ name: String) throws -> Int {
        let value = try integer(name)
        guard value >= 0, let count = Int(exactly: value) else { throw APIError(.internalError, "\(name) is not a count") }
        return count
    }

    /// A number, or null.
    func optionalNumber(_ name: String) throws -> Double? {
        if members[name] == nil || members[name] is NSNull { return nil }
        guard let number = members[name] as? NSNumber else { throw APIError(.internalError, "\(name) is not a number") }
        return number.doubleValue
    }
}
