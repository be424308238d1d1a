import SQLiteDatabase
/// What was (or is to be) done to the content or account.
public enum EnforcementAction: String, CaseIterable, Codable, Sendable, DatabaseValueConvertible {
    case removeContent = "remove_content"
    case restrictVisibility = "restrict_visibility"
    case label
    case geoblock
    case suspend
    case disableAccount = "disable_account"

    public var summary: String {
        switch self {
        case .removeContent: "content removed"
        case .restrictVisibility: "visibility restricted or reach reduced"
        case .label: "label or warning screen added"
        case .geoblock: "withheld in one or more countries"
        case .suspend: "account suspended for a time"
        case .disableAccount: "account disabled permanently"
        }
    }

    /// Only a suspension has an end date; every other action has none.
    public var requiresEndDate: Bool { self == .suspend }
}
