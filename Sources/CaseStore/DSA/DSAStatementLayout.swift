import SQLiteDatabase
/// Rows of the DSA Transparency Database's daily dump (both the 37- and 38-column layouts, mapped by
/// header name). Each statement of reasons becomes an actioned case, keeping the whole statement:
///
/// - `platform_name` → platform, `platform_uid` → external id (re-importing skips known statements);
/// - `category` → the `dsa-…` policy for the current key (retired keys are translated);
/// - `decision_*` with their `end_date_*` and `territorial_scope` → the case's decisions, one per key
///   (see `DSADecisionMapping`);
/// - `content_type` → the item's types, `content_id_ean` → its id, `content_date` → when it was posted;
/// - `source_type` and `automated_detection` → source; `decision_facts` (or, when a statement has
///   none, the explanation of its ground) → rationale;
/// - `content_date` → when it occurred; `application_date` → when the case was opened and actioned.
///
/// Statements name no account, so each platform gets one account per `account_type`
/// (`dsa-sor:business`, `dsa-sor:private`, `dsa-sor:unspecified`).
public struct DSAStatementLayout: CaseFileLayout {
    public init() {}

    public var columns: [String] { DSAVocabulary.dumpColumns38 }
    public var requiredColumns: Set<String> { DSAVocabulary.requiredColumns }

    public var policies: [PolicyDefinition] {
        DSAVocabulary.categories.map {
            PolicyDefinition(
                code: DSAVocabulary.policyCode(forCategory: $0.key), name: $0.label,
                description: "Statements of reasons the DSA Transparency Database files under \"\($0.label)\" (\($0.key)).",
                dsaCategory: $0.key)
        }
    }

    static let columnForField = [
        "platform": "platform_name", "external_id": "platform_uid", "rationale": "decision_facts",
        "occurred_at": "content_date", "opened_at": "application_date", "at": "application_date",
        "decisions": "decision_visibility", "policy": "category", "item_type": "content_type",
        "item_id": "content_id_ean", "item_posted_at": "content_date",
    ]

    public func column(forField field: String) -> String {
        Self.columnForField[field] ?? field
    }

    public func plan(_ record: ImportRecord, file: String) throws -> PlannedCase {
        func fail(_ column: String, _ problem: String) -> CaseStoreError {
            .invalidImport(file: file, line: record.line, field: column, problem: problem)
        }
        let statement = try Self.statement(from: record, fail: fail)
        func required(_ column: String) throws -> String {
            guard let value = statement.text(column), !value.isEmpty else { throw fail(column, "is required") }
            return value
        }
        func time(_ column: String) throws -> Timestamp? {
            guard let text = statement.text(column) else { return nil }
            do {
                return try Timestamp(parsing: text, field: column)
            } catch let CaseStoreError.invalidValue(_, problem) {
                throw fail(column, problem)
            }
        }

        let categoryKey = try required("category")
        guard let category = DSAVocabulary.currentCategory(categoryKey) else {
            throw fail("category", "'\(categoryKey)' is not a DSA category key")
        }
        let applied = try time("application_date") ?? { throw fail("application_date", "is required") }()
        let decisions = try DSADecisionMapping.decisions(for: statement, appliedAt: applied, fail: fail, time: time)
        let source = try DSADecisionMapping.source(for: statement, fail: fail)
        let account: (handle: String, type: AccountType) = switch statement.text("account_type") {
        case "ACCOUNT_TYPE_BUSINESS"?: ("dsa-sor:business", .business)
        case "ACCOUNT_TYPE_PRIVATE"?: ("dsa-sor:private", .individual)
        default: ("dsa-sor:unspecified", .unknown)
        }
        let newCase = NewCase(
            platform: try required("platform_name"), handle: account.handle,
            displayName: "accounts DSA statements of reasons do not name", accountType: account.type,
            policyCode: DSAVocabulary.policyCode(forCategory: category), decisions: decisions,
            content: CaseContent(
                source: source, rationale: Self.rationale(of: statement), externalID: try required("platform_uid"),
                occurredAt: try time("content_date"),
                itemTypes: DSADecisionMapping.itemTypes(for: statement, accountOnly: decisions.allSatisfy { $0.kind.family == .account }),
                itemID: statement.text("content_id_ean"), itemPostedAt: try time("content_date")),
            openedAt: applied, statement: statement, accountUnnamed: true)
        let reference = statement.text("uuid").map { "statement of reasons \($0)" } ?? "statement of reasons"
        return PlannedCase(newCase: newCase, steps: [Transition(caseID: 0, to: .actioned, reason: reference, at: applied)])
    }

    /// The facts relied on; some published statements leave them out, and then the explanation of the
    /// ground stands in (the statement itself keeps the field empty).
    static func rationale(of statement: StatementOfReasons) -> String {
        for field in ["decision_facts", "incompatible_content_explanation", "illegal_content_explanation"] {
            if let text = statement.text(field), !text.allSatisfy(\.isWhitespace) { return text }
        }
        return "The statement of reasons gives no facts or explanation."
    }

    /// The row's non-empty cells, array cells parsed, each key checked against its enumeration.
    static func statement(
        from record: ImportRecord, fail: (String, String) -> CaseStoreError
    ) throws -> StatementOfReasons {
        var statement = StatementOfReasons()
        for (name, value) in record.fields {
            let text: String
            switch value {
            case .null: continue
            case .list(let keys): text = JSONText.stringArray(keys)
            case .text(let cell): text = cell
            }
            if DSAVocabulary.arrayColumns.contains(name) {
                guard let keys = JSONLineParser.stringArray(of: text) else { throw fail(name, "is not a JSON array of strings") }
                statement[name] = .list(keys)
            } else {
                statement[name] = .text(text)
            }
            if let known = DSAVocabulary.keysByField[name] {
                for key in statement.keys(name) where !known.contains(key) {
                    throw fail(name, "'\(key)' is not one of its keys (\(known.sorted().joined(separator: ", ")))")
                }
            }
        }
        return statement
    }
}

/// How a statement's decisions, item and source map onto casetool's.
enum DSADecisionMapping {
    /// One decision per key the statement gives, each family's with that family's end date, all in the
    /// statement's territorial scope (every EU/EEA country when it names none).
    static func decisions(
        for statement: StatementOfReasons, appliedAt applied: Timestamp, fail: (String, String) -> CaseStoreError,
        time: (String) throws -> Timestamp?
    ) throws -> [Decision] {
        let territories = statement.keys("territorial_scope")
        let scope: TerritorialScope = territories.isEmpty ? .everywhere : .territories(Array(Set(territories)).sorted())
        var decisions: [Decision] = []
        for family in DecisionFamily.allCases {
            let end = try time(family.dsaColumns.endDate)
            // Checked here, where the column is known; the day of application itself is a valid end
            // (dates are by the day, and restrictions of minutes are reported).
            if let end, !statement.keys(family.dsaColumns.decision).isEmpty {
                if end < applied {
                    throw fail(family.dsaColumns.endDate, "\(end) is before the decision was applied (\(applied))")
                }
                if end > applied.adding(seconds: Decisions.longestRestrictionSeconds) {
                    throw fail(family.dsaColumns.endDate, "\(end) is more than 10 years after the decision was applied (\(applied)); so long a restriction is permanent")
                }
            }
            for key in statement.keys(family.dsaColumns.decision) {
                guard let kind = DecisionKind(dsaKey: key) else {
                    throw fail(family.dsaColumns.decision, "'\(key)' is not one of its keys")
                }
                // A final decision has no end, whatever the family's date says (it may be set for another of its kinds).
                decisions.append(Decision(kind, endsAt: kind.isPermanent ? nil : end, scope: scope))
            }
        }
        guard !decisions.isEmpty else {
            throw fail(
                "decision_visibility",
                "a statement needs at least one decision (decision_visibility, decision_monetary, decision_provision or decision_account)")
        }
        return decisions
    }

    /// The content's types as the statement gives them; for a statement that only restricts the
    /// account and says its content is "other", the account itself.
    static func itemTypes(for statement: StatementOfReasons, accountOnly: Bool) -> [ItemType] {
        let types = statement.keys("content_type").compactMap(ItemType.init(dsaKey:))
        if accountOnly && (types.isEmpty || types == [.other]) { return [.account] }
        return ItemType.allCases.filter(types.contains)
    }

    static func source(for statement: StatementOfReasons, fail: (String, String) -> CaseStoreError) throws -> DetectionSource {
        switch statement.text("source_type") {
        case "SOURCE_ARTICLE_16"?: return .userReport
        case "SOURCE_TRUSTED_FLAGGER"?: return .trustedFlagger
        case "SOURCE_TYPE_OTHER_NOTIFICATION"?: return .legalOrder
        case "SOURCE_VOLUNTARY"?: return statement.text("automated_detection") == "Yes" ? .automated : .proactiveHuman
        default: throw fail("source_type", "is required")
        }
    }
}
