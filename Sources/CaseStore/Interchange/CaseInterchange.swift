import Foundation

/// casetool's own interchange format: one row per case, carrying its current state. `export` writes
/// these columns and `import` reads them, in CSV (header row) or JSON Lines (one object per line).
public enum CaseInterchange {
    public static let columns = [
        "external_id", "platform", "handle", "display_name", "account_type", "followers", "policy", "action",
        "action_ends_at", "source", "automated_decision", "rationale", "occurred_at", "opened_at", "status", "actioned_at", "appealed_at",
        "status_at", "status_reason", "evidence",
    ]
    public static let requiredColumns: Set<String> = ["platform", "handle", "policy", "action", "source", "rationale", "opened_at"]

    /// The store's names for fields, mapped to the columns users see in their files.
    static let columnForField = [
        "reason": "status_reason", "at": "status_at", "ends_at": "action_ends_at", "display_name": "display_name",
        "note": "status_reason",
    ]

    /// Turns a row into the case to log and the workflow steps that bring it to the row's status.
    /// The steps in between are recorded as such ("… before import"), so the history stays truthful.
    static func plan(_ record: ImportRecord, file: String) throws -> PlannedCase {
        var values: [String: ImportRecord.Value] = [:]
        for field in record.fields { values[field.name] = field.value }
        func fail(_ column: String, _ problem: String) -> CaseStoreError {
            .invalidImport(file: file, line: record.line, field: column, problem: problem)
        }
        func text(_ column: String) throws -> String? {
            switch values[column] {
            case .text(let text)?: return text
            case .list?: throw fail(column, "must be text, not a list")
            case .null?, nil: return nil
            }
        }
        func required(_ column: String) throws -> String {
            guard let value = try text(column), !value.isEmpty else { throw fail(column, "is required") }
            return value
        }
        func parsed<T>(_ column: String, _ parse: (String) throws -> T) throws -> T? {
            guard let value = try text(column) else { return nil }
            do {
                return try parse(value)
            } catch let CaseStoreError.invalidValue(_, problem) {
                throw fail(column, problem)
            }
        }
        func time(_ column: String) throws -> Timestamp? {
            try parsed(column) { try Timestamp(parsing: $0, field: column) }
        }
        func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ column: String) throws -> T? where T.RawValue == String {
            try parsed(column) { try InputParsing.choice(type, $0, field: column) }
        }

        let openedAt = try time("opened_at")
        guard let openedAt else { throw fail("opened_at", "is required") }
        let newCase = NewCase(
            platform: try required("platform"), handle: try required("handle"), displayName: try text("display_name"),
            accountType: try choice(AccountType.self, "account_type"),
            followerCount: try parsed("followers") { try InputParsing.followerCount($0, field: "followers") },
            policyCode: try required("policy"),
            action: try choice(EnforcementAction.self, "action") ?? { throw fail("action", "is required") }(),
            actionEndsAt: try time("action_ends_at"),
            source: try choice(DetectionSource.self, "source") ?? { throw fail("source", "is required") }(),
            rationale: try required("rationale"), occurredAt: try time("occurred_at"), openedAt: openedAt,
            externalID: try text("external_id"), evidence: try evidence(values["evidence"], fail: fail),
            automatedDecision: try choice(AutomatedDecision.self, "automated_decision") ?? .notAutomated)
        let steps = try Self.steps(
            to: try choice(CaseStatus.self, "status") ?? .open, statusAt: try time("status_at"),
            reason: try text("status_reason"), actionedAt: try time("actioned_at"), appealedAt: try time("appealed_at"),
            openedAt: openedAt)
        return PlannedCase(newCase: newCase, steps: steps)
    }

    /// The shortest truthful path through the workflow to `status`, using the row's times.
    static func steps(
        to status: CaseStatus, statusAt: Timestamp?, reason: String?, actionedAt: Timestamp?, appealedAt: Timestamp?,
        openedAt: Timestamp
    ) throws -> [Transition] {
        let decided = statusAt ?? openedAt
        func step(_ to: CaseStatus, _ at: Timestamp?, _ why: String?) -> Transition {
            Transition(caseID: 0, to: to, reason: why, at: at ?? decided)
        }
        let actioned = step(.actioned, actionedAt, "actioned before import")
        let appealed = step(.appealed, appealedAt, nil)
        switch status {
        case .open:
            // A reopened case: it was dismissed and reopened at status_at.
            return statusAt == nil ? [] : [step(.dismissed, statusAt, "dismissed before import"), step(.open, statusAt, reason)]
        case .escalated, .dismissed:
            return [step(status, statusAt, reason)]
        case .actioned:
            return [step(.actioned, actionedAt ?? statusAt, reason)]
        case .appealed:
            return [actioned, step(.appealed, appealedAt ?? statusAt, reason)]
        case .upheld:
            return [actioned, appealed, step(.upheld, statusAt, reason)]
        case .reversed:
            return appealedAt == nil ? [actioned, step(.reversed, statusAt, reason)] : [actioned, appealed, step(.reversed, statusAt, reason)]
        }
    }

    /// Evidence is a list in JSON Lines, and in CSV a JSON array of strings. Anything else is refused
    /// rather than guessed at: a bare reference with a comma in it would otherwise be read one way
    /// today and another the day it is quoted differently.
    private static func evidence(
        _ value: ImportRecord.Value?, fail: (String, String) -> CaseStoreError
    ) throws -> [String] {
        switch value {
        case .list(let references)?:
            return references
        case .text(let text)?:
            guard let array = JSONLineParser.stringArray(of: text) else {
                throw fail("evidence", #"must be a JSON array of strings, e.g. ["https://example.org/archived"]"#)
            }
            return array
        case .null?, nil:
            return []
        }
    }
}
