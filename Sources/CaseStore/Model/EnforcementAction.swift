/// The one action a case had before schema v5 recorded decisions. Kept to read what was written
/// then: creation and transition events of that time, and interchange files with an `action`
/// column. Migration 0005 maps stored cases exactly as `decision(endsAt:)` does.
public enum EnforcementAction: String, CaseIterable, Codable, Sendable {
    case removeContent = "remove_content"
    case restrictVisibility = "restrict_visibility"
    case label
    case geoblock
    case suspend
    case disableAccount = "disable_account"

    /// The decision the action stands for: a geoblock disabled the content in countries it never named.
    public func decision(endsAt: Timestamp?) -> Decision {
        switch self {
        case .removeContent: Decision(.contentRemoved)
        case .restrictVisibility: Decision(.contentDemoted)
        case .label: Decision(.contentLabelled)
        case .geoblock: Decision(.contentDisabled, scope: .unrecorded)
        case .suspend: Decision(.accountSuspended, endsAt: endsAt)
        case .disableAccount: Decision(.accountTerminated)
        }
    }
}
