import SQLiteDatabase
/// How the violation came to the platform's attention.
public enum DetectionSource: String, CaseIterable, Codable, Sendable, DatabaseValueConvertible {
    case userReport = "user_report"
    case trustedFlagger = "trusted_flagger"
    case proactiveHuman = "proactive_human"
    case automated
    case legalOrder = "legal_order"
    /// For cases logged from public reporting where the platform did not say.
    case undisclosed

    public var summary: String {
        switch self {
        case .userReport: "reported by a user"
        case .trustedFlagger: "reported by a trusted flagger"
        case .proactiveHuman: "found by the platform's own reviewers"
        case .automated: "found by automated detection"
        case .legalOrder: "ordered by a court or authority"
        case .undisclosed: "not disclosed"
        }
    }
}
