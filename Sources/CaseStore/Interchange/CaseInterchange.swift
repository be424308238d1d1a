import Foundation

/// casetool's own interchange format: one row per case, carrying its current state. `export` writes
/// these columns and `import` reads them, in CSV (header row) or JSON Lines (one object per line).
public enum CaseInterchange {
    /// Who and what the case is about, and what was decided; `CaseFields` adds its own columns after these.
    static let leadingColumns = ["platform", "handle", "display_name", "account_type", "policy", "decisions"]
    /// When the case was opened and where the workflow has brought it.
    static let trailingColumns = ["opened_at"] + workflowColumns + ["evidence"]
    /// Where the workflow has brought the case: `import` replays the steps to it.
    static let workflowColumns = ["status", "actioned_at", "appealed_at", "status_at", "status_reason"]
    /// The columns `export` writes, in order.
    public static let columns = leadingColumns + CaseFields.content.map(\.interchangeName) + trailingColumns
    /// Files written before decisions (casetool's schema v4 and earlier) have one action instead; read still.
    public static let legacyColumns = ["action", "action_ends_at"]
    public static let requiredColumns: Set<String> = Set(["platform", "handle", "policy", "opened_at"]
        + CaseFields.content.filter(\.isRequired).map(\.interchangeName))

    /// The store's names for fields, mapped to the columns users see in their files.
    static let columnForField: [String: String] = {
        var columns = ["reason": "status_reason", "at": "status_at", "note": "status_reason", "decision": "decisions"]
        for field in CaseFields.content { columns[field.name] = field.interchangeName }
        return columns
    }()

    /// Turns a row into the case to log and the workflow steps that bring it to the row's status.
    /// The steps in between are recorded as such ("… before import"), so the history stays truthful.
    static func plan(_ record: ImportRecord, file: String) throws -> PlannedCase {
        let row = InterchangeRow(record, file: file)
        let newCase = try newCase(row)
        guard let openedAt = newCase.openedAt else { throw row.fail("opened_at", "is required") }
        let steps = try Self.steps(
            to: try row.parsed { try row.text("status").map { try InputParsing.choice(CaseStatus.self, $0, field: "status") } } ?? .open,
            statusAt: try row.time("status_at"), reason: try row.text("status_reason"), actionedAt: try row.time("actioned_at"),
            appealedAt: try row.time("appealed_at"), openedAt: openedAt)
        return PlannedCase(newCase: newCase, steps: steps)
    }

    /// The case a row (or a seed file's case) describes, without its workflow.
    static func newCase(_ row: InterchangeRow) throws -> NewCase {
        let openedAt = try row.time("opened_at") ?? { throw row.fail("opened_at", "is required") }()
        return NewCase(
            platform: try row.required("platform"), handle: try row.required("handle"),
            displayName: try row.text("display_name"),
            accountType: try row.parsed { try row.text("account_type").map { try InputParsing.choice(AccountType.self, $0, field: "account_type") } },
            policyCode: try row.required("policy"), decisions: try row.parsed { try decisions(row) },
            content: try row.parsed { try CaseFields.content(reading: { try row.text($0.interchangeName) }) },
            openedAt: openedAt, evidence: try row.strings("evidence"))
    }

    /// The `decisions` column, or in a file from before decisions its `action` and `action_ends_at`.
    private static func decisions(_ row: InterchangeRow) throws -> [Decision] {
        if row.values["decisions"] != nil {
            if row.values["action"] != nil { throw row.fail("action", "give decisions or action (as older files did), not both") }
            let texts = try row.strings("decisions")
            guard !texts.isEmpty else { throw row.fail("decisions", "is required") }
            return try texts.map { try Decision(parsing: $0, field: "decisions") }
        }
        guard let action = try row.text("action") else {
            throw row.fail("decisions", #"is required, e.g. ["content_removed"] (or, as files before decisions had it, action)"#)
        }
        let end = try row.text("action_ends_at").map { try Timestamp(parsing: $0, field: "action_ends_at") }
        let legacy = try InputParsing.choice(EnforcementAction.self, action, field: "action")
        if end != nil && legacy != .suspend {
            throw row.fail("action_ends_at", "only a suspension has an end date; '\(legacy.rawValue)' has none")
        }
        return [legacy.decision(endsAt: end)]
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
}

/// One row's values by column, and how each is read; every error names the file, line and column.
struct InterchangeRow {
    let values: [String: ImportRecord.Value]
    let file: String
    let line: Int

    init(_ record: ImportRecord, file: String) {
        var values: [String: ImportRecord.Value] = [:]
        for field in record.fields { values[field.name] = field.value }
        self.values = values
        self.file = file
        line = record.line
    }

    func fail(_ column: String, _ problem: String) -> CaseStoreError {
        .invalidImport(file: file, line: line, field: column, problem: problem)
    }

    func text(_ column: String) throws -> String? {
        switch values[column] {
        case .text(let text)?: return text
        case .list?: throw fail(column, "must be text, not a list")
        case .null?, nil: return nil
        }
    }

    func required(_ column: String) throws -> String {
        guard let value = try text(column) else { throw fail(column, "is required") }
        // Given but empty, as the store's own rule for text words it (`casetool new --platform ''`).
        guard !value.isEmpty else { throw fail(column, "must not be empty") }
        return value
    }

    /// Runs a parser: they name the store's field, the user needs the file's column.
    func parsed<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let CaseStoreError.invalidValue(field, problem) {
            throw fail(CaseInterchange.columnForField[field] ?? field, problem)
        }
    }

    func time(_ column: String) throws -> Timestamp? {
        try parsed { try text(column).map { try Timestamp(parsing: $0, field: column) } }
    }

    /// Evidence and decisions are lists in JSON Lines, and in CSV JSON arrays of strings. Anything else
    /// is refused rather than guessed at: a bare reference with a comma in it would otherwise be read
    /// one way today and another the day it is quoted differently.
    func strings(_ column: String) throws -> [String] {
        switch values[column] {
        case .list(let references)?:
            return references
        case .text(let text)?:
            guard let array = JSONLineParser.stringArray(of: text) else {
                let example = column == "evidence" ? #"["https://example.org/archived"]"# : #"["content_removed"]"#
                throw fail(column, "must be a JSON array of strings, e.g. \(example)")
            }
            return array
        case .null?, nil:
            return []
        }
    }
}
