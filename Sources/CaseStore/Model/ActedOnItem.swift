import SQLiteDatabase

/// What a case acted on: the account itself, or one item of content of one of the types a DSA
/// statement of reasons names (`CONTENT_TYPE_…`). Lookup table `item_types` (migration 0005).
public enum ItemType: String, CaseIterable, Codable, Sendable, DatabaseValueConvertible {
    /// The account as a whole, no particular item.
    case account
    case text
    case image
    case video
    case audio
    case syntheticMedia = "synthetic_media"
    case product
    case app
    case other

    /// The DSA's `content_type` key; the account has none (a statement says `CONTENT_TYPE_OTHER`, "Account").
    public var dsaKey: String? {
        switch self {
        case .account: nil
        case .text: "CONTENT_TYPE_TEXT"
        case .image: "CONTENT_TYPE_IMAGE"
        case .video: "CONTENT_TYPE_VIDEO"
        case .audio: "CONTENT_TYPE_AUDIO"
        case .syntheticMedia: "CONTENT_TYPE_SYNTHETIC_MEDIA"
        case .product: "CONTENT_TYPE_PRODUCT"
        case .app: "CONTENT_TYPE_APP"
        case .other: "CONTENT_TYPE_OTHER"
        }
    }

    public init?(dsaKey: String) {
        guard let match = Self.allCases.first(where: { $0.dsaKey == dsaKey }) else { return nil }
        self = match
    }

    public var summary: String {
        switch self {
        case .account: "the account"
        case .syntheticMedia: "synthetic media"
        default: rawValue
        }
    }
}
