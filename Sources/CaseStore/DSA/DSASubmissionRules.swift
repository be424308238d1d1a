/// The submission API's form of a statement, and the rules the API applies to it, checked before
/// anything is written so that a batch is not refused halfway.
public enum DSASubmissionRules {
    /// The API's fields, in the order its documentation lists them.
    public static let fields = DSAVocabulary.dumpColumns37.filter {
        !["uuid", "platform_name", "platform_uid", "created_at"].contains($0)
    } + ["puid"]

    static let dateFields: Set = [
        "end_date_visibility_restriction", "end_date_monetary_restriction", "end_date_service_restriction",
        "end_date_account_restriction", "content_date", "application_date",
    ]

    static let maxLengths = [
        "decision_visibility_other": 500, "decision_monetary_other": 500, "illegal_content_legal_ground": 500,
        "illegal_content_explanation": 2_000, "incompatible_content_ground": 500,
        "incompatible_content_explanation": 2_000, "category_specification_other": 500, "content_type_other": 500,
        "source_identity": 500, "decision_ground_reference_url": 500, "decision_facts": 5_000, "puid": 500,
    ]

    static let requiredFields = [
        "puid", "decision_ground", "category", "content_type", "content_date", "application_date",
        "territorial_scope", "decision_facts", "source_type", "automated_detection", "automated_decision",
    ]

    /// The statement as the API takes it: `platform_uid` becomes `puid`, retired category keys their
    /// current ones, dates `YYYY-MM-DD`; the database's own fields (uuid, platform, created_at) are left out.
    public static func apiStatement(from statement: StatementOfReasons) -> StatementOfReasons {
        var api = StatementOfReasons()
        for field in fields {
            let source = field == "puid" ? "platform_uid" : field
            guard var value = statement[source] else { continue }
            if case .text(let text) = value {
                if field == "category" { value = .text(DSAVocabulary.currentCategory(text) ?? text) }
                if dateFields.contains(field) { value = .text(String(text.prefix(10))) }
            }
            api[field] = value
        }
        return api
    }

    /// Every rule an API-form statement breaks, as `field: problem`; empty when it can be submitted.
    public static func problems(in statement: StatementOfReasons) -> [String] {
        var problems: [String] = []
        func problem(_ field: String, _ text: String) { problems.append("\(field): \(text)") }
        func has(_ field: String) -> Bool {
            switch statement[field] {
            case .text(let text)?: !text.allSatisfy(\.isWhitespace)
            case .list(let keys)?: !keys.isEmpty
            case nil: false
            }
        }

        for field in requiredFields where !has(field) {
            problem(field, "is empty in this statement, and the submission API requires it")
        }
        let decisions = ["decision_visibility", "decision_monetary", "decision_provision", "decision_account"]
        if !decisions.contains(where: has) { problem("decision_visibility", "at least one of \(decisions.joined(separator: ", ")) is required") }

        if let puid = statement.text("puid"), has("puid") {
            if !puid.unicodeScalars.allSatisfy({ isASCIIAlphanumeric($0) || $0 == "-" || $0 == "_" }) {
                problem("puid", "'\(puid.prefix(60))' may hold only letters, digits, '-' and '_' (^[a-zA-Z0-9-_]+$)")
            }
        }
        for (field, limit) in maxLengths.sorted(by: { $0.key < $1.key }) {
            if let text = statement.text(field), text.count > limit { problem(field, "is \(text.count) characters; the limit is \(limit)") }
        }
        for (field, known) in DSAVocabulary.keysByField.sorted(by: { $0.key < $1.key }) {
            for key in statement.keys(field) where !known.contains(key) { problem(field, "'\(key)' is not one of its keys") }
        }
        if let category = statement.text("category"), !DSAVocabulary.categoryKeys.contains(category) {
            problem("category", "'\(category)' is not a current category key")
        }
        for key in statement.keys("category_addition") where !DSAVocabulary.categoryKeys.contains(key) {
            problem("category_addition", "'\(key)' is not a current category key")
        }
        for key in statement.keys("category_specification") where !isKeyword(key) {
            problem("category_specification", "'\(key)' is not a KEYWORD_… key")
        }

        // Fields that one answer makes necessary.
        if statement.keys("decision_visibility").contains("DECISION_VISIBILITY_OTHER") && !has("decision_visibility_other") {
            problem("decision_visibility_other", "is required with DECISION_VISIBILITY_OTHER")
        }
        if statement.text("decision_monetary") == "DECISION_MONETARY_OTHER" && !has("decision_monetary_other") {
            problem("decision_monetary_other", "is required with DECISION_MONETARY_OTHER")
        }
        if statement.keys("content_type").contains("CONTENT_TYPE_OTHER") && !has("content_type_other") {
            problem("content_type_other", "is required with CONTENT_TYPE_OTHER")
        }
        switch statement.text("decision_ground") {
        case "DECISION_GROUND_ILLEGAL_CONTENT"?:
            for field in ["illegal_content_legal_ground", "illegal_content_explanation"] where !has(field) {
                problem(field, "is required with DECISION_GROUND_ILLEGAL_CONTENT")
            }
        case "DECISION_GROUND_INCOMPATIBLE_CONTENT"?:
            for field in ["incompatible_content_ground", "incompatible_content_explanation"] where !has(field) {
                problem(field, "is required with DECISION_GROUND_INCOMPATIBLE_CONTENT")
            }
        default: break
        }
        if let language = statement.text("content_language"),
           !(language.count == 2 && language.unicodeScalars.allSatisfy { $0.value >= 65 && $0.value <= 90 }) {
            problem("content_language", "'\(language)' is not a two-letter ISO 639-1 code in capitals")
        }
        if let url = statement.text("decision_ground_reference_url"), !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            problem("decision_ground_reference_url", "'\(url.prefix(60))' is not an http(s) URL")
        }
        problems += dateProblems(in: statement)
        return problems
    }

    /// Dates are `YYYY-MM-DD`; content from 2000 on, decisions from 2020 on, and no restriction
    /// ending before it applies.
    private static func dateProblems(in statement: StatementOfReasons) -> [String] {
        var problems: [String] = []
        var dates: [String: Timestamp] = [:]
        for field in dateFields.sorted() {
            guard let text = statement.text(field) else { continue }
            guard text.count == 10, let date = try? Timestamp(parsing: text, field: field) else {
                problems.append("\(field): '\(text)' is not a date (YYYY-MM-DD)")
                continue
            }
            dates[field] = date
        }
        if let content = dates["content_date"], content.date < "2000-01-01" {
            problems.append("content_date: \(content.date) is before 2000-01-01")
        }
        if let applied = dates["application_date"] {
            if applied.date < "2020-01-01" { problems.append("application_date: \(applied.date) is before 2020-01-01") }
            for field in dateFields.sorted() where field.hasPrefix("end_date") {
                if let end = dates[field], end < applied {
                    problems.append("\(field): \(end.date) is before application_date (\(applied.date))")
                }
            }
        }
        return problems
    }

    private static func isKeyword(_ key: String) -> Bool {
        key.hasPrefix("KEYWORD_") && key.unicodeScalars.allSatisfy { isASCIIAlphanumeric($0) && !("a"..."z").contains($0) || $0 == "_" }
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
    }
}
