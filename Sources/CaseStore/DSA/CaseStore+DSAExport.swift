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
/// - decisions: each in its family's column, with the family's end date (decisions of one family
///   must then end together);
/// - content type: the item's types; the account, or an item of unrecorded type, as `CONTENT_TYPE_OTHER`
///   with "Account" or "Content item";
/// - territorial scope: the EU/EEA countries the decisions apply in (all of them for a decision that
///   applies everywhere); decisions with different scopes, or none in the EU/EEA, cannot be exported;
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
        problems += decisionFields(record.decisions, into: &statement, dumpTime: dumpTime)
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
        let itemTypes = record.content.itemTypes
        let contentKeys = itemTypes.compactMap(\.dsaKey)
        statement["content_type"] = .list(contentKeys.isEmpty ? ["CONTENT_TYPE_OTHER"] : contentKeys)
        if contentKeys.isEmpty || contentKeys.contains("CONTENT_TYPE_OTHER") {
            set("content_type_other", itemTypes.contains(.account) || (itemTypes.isEmpty && record.decisions.concernAccountOnly)
                ? "Account" : "Content item")
        }
        set("content_id_ean", record.content.itemID.flatMap { id in id.utf8.count == 13 && id.utf8.allSatisfy { (0x30...0x39).contains($0) } ? id : nil })
        set("content_date", dumpTime(record.content.itemPostedAt ?? record.occurredAt ?? record.openedAt))
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

extension DSAStatementDerivation {
    /// Writes the decisions into their families' columns; returns what stops them being a statement.
    static func decisionFields(
        _ decisions: Decisions, into statement: inout StatementOfReasons, dumpTime: (Timestamp) -> String
    ) -> [String] {
        var problems: [String] = []
        for family in DecisionFamily.allCases {
            let taken = decisions.all.filter { $0.kind.family == family }
            guard !taken.isEmpty else { continue }
            let keys = taken.map(\.kind.dsaKey)
            // Visibility decisions are a list; the other families take one key each.
            statement[family.dsaColumns.decision] = family == .visibility ? .list(keys) : .text(keys[0])
            if taken.count > 1 && family != .visibility {
                problems.append("\(family.dsaColumns.decision): a statement takes one \(family.rawValue) decision, the case has \(taken.count)")
            }
            let ends = Set(taken.filter { !$0.kind.isPermanent }.map(\.endsAt))
            if ends.count > 1 {
                problems.append("\(family.dsaColumns.endDate): the case's \(family.rawValue) decisions end at different times")
            } else if let end = ends.first ?? nil {
                statement[family.dsaColumns.endDate] = .text(dumpTime(end))
            }
        }
        let scopes = Set(decisions.all.map(\.scope))
        switch (scopes.first, scopes.count == 1) {
        case (.everywhere?, true):
            statement["territorial_scope"] = .list(DSAVocabulary.territories)
        case (.territories(let codes)?, true):
            let inUnion = codes.filter(DSAVocabulary.territorySet.contains)
            if inUnion.isEmpty {
                problems.append("territorial_scope: the decisions apply only outside the EU/EEA (\(codes.joined(separator: ",")))")
            } else {
                statement["territorial_scope"] = .list(inUnion)
            }
        case (.unrecorded?, true):
            problems.append("territorial_scope: the case does not record which countries its decisions cover")
        default:
            problems.append("territorial_scope: a statement has one territorial scope; the case's decisions apply in different places")
        }
        return problems
    }
}
