import Foundation

/// The forms `exportStatements` writes.
public enum DSAExportForm: Sendable {
    /// The daily dump's rows: imported statements exactly as they came.
    case dump
    /// The submission API's statements, checked against its rules.
    case submission
}

/// One case as a statement of reasons, or why it cannot be one.
public struct ExportedStatement: Sendable {
    public let caseID: Int64
    /// Nil when `problems` is not empty.
    public let statement: StatementOfReasons?
    /// What stops the case being exported, as `field: problem`.
    public let problems: [String]
}

extension CaseStore {
    /// Streams the cases the filter selects, oldest id first, as DSA statements of reasons.
    ///
    /// A case imported from a statement gives that statement back: verbatim in `.dump` form, or in
    /// the API's form in `.submission`. Any other case is described from its record (see
    /// `DSAStatementDerivation`); a case without a decision, or whose policy has no DSA category, is
    /// returned with its problems instead. Submission statements that break an API rule are too.
    public func exportStatements(
        matching filter: CaseFilter, as form: DSAExportForm, _ body: (ExportedStatement) throws -> Void
    ) throws {
        let decoder = JSONDecoder()
        try forEachCase(
            matching: filter,
            alsoSelecting: ["(SELECT json_extract(e.payload, '$.statement') FROM case_events e WHERE e.case_id = c.id AND e.seq = 1)"]
        ) { record, row in
            var statement: StatementOfReasons
            var problems: [String] = []
            let derived: Bool
            if let stored = row.optionalString(Columns.caseRecordWidth) {
                do {
                    statement = try decoder.decode(StatementOfReasons.self, from: Data(stored.utf8))
                } catch {
                    throw CaseStoreError.corruptRow(table: "case_events", problem: "case \(record.id): its statement of reasons is not readable")
                }
                derived = false
            } else {
                (statement, problems) = DSAStatementDerivation.statement(for: record)
                derived = true
            }
            if problems.isEmpty && (form == .submission || derived) {
                let api = DSASubmissionRules.apiStatement(from: statement)
                problems = DSASubmissionRules.problems(in: api)
                if form == .submission { statement = api }
            }
            try body(ExportedStatement(caseID: record.id, statement: problems.isEmpty ? statement : nil, problems: problems))
        }
    }
}

/// How a case logged in casetool (not imported from a statement) is described as a statement of
/// reasons. casetool records less than a statement holds, so some fields follow fixed rules:
///
/// - ground: incompatible with the terms (the policy's name and description);
/// - content type: `CONTENT_TYPE_OTHER`, "Account" for account actions and "Content item" otherwise;
/// - territorial scope: every EU/EEA country (casetool's actions are global; a geoblock cannot be exported);
/// - automated detection and decision: as recorded on the case.
enum DSAStatementDerivation {
    static func statement(for record: CaseRecord) -> (StatementOfReasons, [String]) {
        var problems: [String] = []
        var statement = StatementOfReasons()
        func set(_ field: String, _ text: String?) {
            if let text { statement[field] = .text(text) }
        }
        func dumpTime(_ time: Timestamp) -> String { time.date + " " + time.iso8601.dropFirst(11).prefix(8) }

        guard let actionedAt = record.actionedAt else {
            return (statement, ["application_date: the case is \(record.status.rawValue), and a statement of reasons follows a decision to act"])
        }
        set("platform_name", record.account.platform)
        set("platform_uid", record.externalID ?? "casetool-\(record.id)")
        switch record.action {
        case .removeContent: statement["decision_visibility"] = .list(["DECISION_VISIBILITY_CONTENT_REMOVED"])
        case .restrictVisibility: statement["decision_visibility"] = .list(["DECISION_VISIBILITY_CONTENT_DEMOTED"])
        case .label: statement["decision_visibility"] = .list(["DECISION_VISIBILITY_CONTENT_LABELLED"])
        case .geoblock:
            statement["decision_visibility"] = .list(["DECISION_VISIBILITY_CONTENT_DISABLED"])
            problems.append("territorial_scope: casetool does not record which countries a geoblock covers")
        case .suspend:
            set("decision_account", "DECISION_ACCOUNT_SUSPENDED")
            set("end_date_account_restriction", record.actionEndsAt.map(dumpTime))
        case .disableAccount: set("decision_account", "DECISION_ACCOUNT_TERMINATED")
        }
        switch record.account.type {
        case .business: set("account_type", "ACCOUNT_TYPE_BUSINESS")
        case .individual: set("account_type", "ACCOUNT_TYPE_PRIVATE")
        default: break
        }
        set("decision_ground", "DECISION_GROUND_INCOMPATIBLE_CONTENT")
        set("incompatible_content_ground", record.policy.name)
        set("incompatible_content_explanation", record.policy.description.isEmpty ? record.policy.name : record.policy.description)
        if let category = record.policy.dsaCategory {
            set("category", category)
        } else {
            problems.append(
                "category: policy '\(record.policy.code)' has no DSA category (casetool policies dsa-category \(record.policy.code) STATEMENT_CATEGORY_…)")
        }
        let accountAction = record.action == .suspend || record.action == .disableAccount
        statement["content_type"] = .list(["CONTENT_TYPE_OTHER"])
        set("content_type_other", accountAction ? "Account" : "Content item")
        set("content_date", dumpTime(record.occurredAt ?? record.openedAt))
        statement["territorial_scope"] = .list(DSAVocabulary.territories)
        set("application_date", dumpTime(actionedAt))
        set("decision_facts", record.rationale)
        switch record.source {
        case .userReport: set("source_type", "SOURCE_ARTICLE_16")
        case .trustedFlagger: set("source_type", "SOURCE_TRUSTED_FLAGGER")
        case .proactiveHuman, .automated: set("source_type", "SOURCE_VOLUNTARY")
        case .legalOrder: set("source_type", "SOURCE_TYPE_OTHER_NOTIFICATION")
        case .undisclosed: problems.append("source_type: the case's source is undisclosed")
        }
        set("automated_detection", record.automatedDetection ? "Yes" : "No")
        set("automated_decision", record.automatedDecision.dsaKey)
        return (statement, problems)
    }
}
