import SQLiteDatabase
/// The DSA Transparency Database's field names and enumeration keys, as its API documentation and
/// daily dumps spell them. Current keys are those in force since the July 2025 schema change; the
/// dumps before it use a few older category keys, which `currentCategory` translates.
public enum DSAVocabulary {
    /// The daily dump's columns before July 2025.
    public static let dumpColumns37 = [
        "uuid", "decision_visibility", "decision_visibility_other", "end_date_visibility_restriction",
        "decision_monetary", "decision_monetary_other", "end_date_monetary_restriction", "decision_provision",
        "end_date_service_restriction", "decision_account", "end_date_account_restriction", "account_type",
        "decision_ground", "decision_ground_reference_url", "illegal_content_legal_ground",
        "illegal_content_explanation", "incompatible_content_ground", "incompatible_content_explanation",
        "incompatible_content_illegal", "category", "category_addition", "category_specification",
        "category_specification_other", "content_type", "content_type_other", "content_language", "content_date",
        "territorial_scope", "application_date", "decision_facts", "source_type", "source_identity",
        "automated_detection", "automated_decision", "platform_name", "platform_uid", "created_at",
    ]

    /// The daily dump's columns since July 2025: `content_id_ean` follows `content_date`.
    public static let dumpColumns38: [String] = {
        var columns = dumpColumns37
        columns.insert("content_id_ean", at: columns.firstIndex(of: "content_date")! + 1)
        return columns
    }()

    /// Columns whose cells hold JSON arrays of keys.
    public static let arrayColumns: Set<String> = [
        "decision_visibility", "category_addition", "category_specification", "content_type", "territorial_scope",
    ]

    /// Columns the dump must have for casetool to log a case from a row.
    public static let requiredColumns: Set<String> = [
        "platform_name", "platform_uid", "category", "application_date", "source_type",
    ]

    /// Current category keys and their official labels.
    public static let categories: [(key: String, label: String)] = [
        ("STATEMENT_CATEGORY_ANIMAL_WELFARE", "Animal welfare"),
        ("STATEMENT_CATEGORY_CONSUMER_INFORMATION", "Consumer information infringements"),
        ("STATEMENT_CATEGORY_CYBER_VIOLENCE", "Cyber violence"),
        ("STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN", "Cyber violence against women"),
        ("STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS", "Data protection and privacy violations"),
        ("STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", "Illegal or harmful speech"),
        ("STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS", "Intellectual property infringements"),
        ("STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS", "Negative effects on civic discourse or elections"),
        ("STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE", "Type of alleged illegal content not specified by the notifier"),
        ("STATEMENT_CATEGORY_OTHER_VIOLATION_TC", "Other violation of provider's terms and conditions"),
        ("STATEMENT_CATEGORY_PROTECTION_OF_MINORS", "Protection of minors"),
        ("STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY", "Risk for public security"),
        ("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", "Scams and/or fraud"),
        ("STATEMENT_CATEGORY_SELF_HARM", "Self-harm"),
        ("STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS", "Unsafe, non-compliant or prohibited products"),
        ("STATEMENT_CATEGORY_VIOLENCE", "Violence"),
    ]

    /// Category keys retired in July 2025, and the current key that took over each one.
    public static let legacyCategories = [
        "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE": "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
        "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT": "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
        "STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR": "STATEMENT_CATEGORY_CYBER_VIOLENCE",
        "STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS": "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
    ]

    static let categoryKeys = Set(categories.map(\.key))

    /// The current key for a category key, old or new; nil if it is neither.
    public static func currentCategory(_ key: String) -> String? {
        categoryKeys.contains(key) ? key : legacyCategories[key]
    }

    /// The casetool policy a category is logged under, e.g. `dsa-other-violation-tc`.
    public static func policyCode(forCategory key: String) -> String {
        "dsa-" + key.dropFirst("STATEMENT_CATEGORY_".count).lowercased().replacingOccurrences(of: "_", with: "-")
    }

    static let decisionVisibility: Set = [
        "DECISION_VISIBILITY_CONTENT_REMOVED", "DECISION_VISIBILITY_CONTENT_DISABLED",
        "DECISION_VISIBILITY_CONTENT_DEMOTED", "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
        "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED", "DECISION_VISIBILITY_CONTENT_LABELLED",
        "DECISION_VISIBILITY_OTHER",
    ]
    static let decisionMonetary: Set = [
        "DECISION_MONETARY_SUSPENSION", "DECISION_MONETARY_TERMINATION", "DECISION_MONETARY_OTHER",
    ]
    static let decisionProvision: Set = [
        "DECISION_PROVISION_PARTIAL_SUSPENSION", "DECISION_PROVISION_TOTAL_SUSPENSION",
        "DECISION_PROVISION_PARTIAL_TERMINATION", "DECISION_PROVISION_TOTAL_TERMINATION",
    ]
    static let decisionAccount: Set = ["DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED"]
    static let decisionGrounds: Set = ["DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT"]
    static let accountTypes: Set = ["ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE"]
    static let sourceTypes: Set = [
        "SOURCE_ARTICLE_16", "SOURCE_TRUSTED_FLAGGER", "SOURCE_TYPE_OTHER_NOTIFICATION", "SOURCE_VOLUNTARY",
    ]
    static let automatedDecisions: Set = [
        "AUTOMATED_DECISION_FULLY", "AUTOMATED_DECISION_PARTIALLY", "AUTOMATED_DECISION_NOT_AUTOMATED",
    ]
    static let contentTypes: Set = [
        "CONTENT_TYPE_APP", "CONTENT_TYPE_AUDIO", "CONTENT_TYPE_IMAGE", "CONTENT_TYPE_PRODUCT",
        "CONTENT_TYPE_SYNTHETIC_MEDIA", "CONTENT_TYPE_TEXT", "CONTENT_TYPE_VIDEO", "CONTENT_TYPE_OTHER",
    ]
    static let yesNo: Set = ["Yes", "No"]

    /// The EU and EEA countries a decision can apply in, in the order the database lists them.
    public static let territories = [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
        "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
    ]
    static let territorySet = Set(territories)

    /// The enumeration each key-valued field takes its keys from.
    static let keysByField: [String: Set<String>] = [
        "decision_visibility": decisionVisibility, "decision_monetary": decisionMonetary,
        "decision_provision": decisionProvision, "decision_account": decisionAccount, "account_type": accountTypes,
        "decision_ground": decisionGrounds, "source_type": sourceTypes, "automated_detection": yesNo,
        "automated_decision": automatedDecisions, "incompatible_content_illegal": yesNo, "content_type": contentTypes,
        "territorial_scope": territorySet,
    ]
}
