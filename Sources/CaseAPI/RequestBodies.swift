import CaseStore

/// The JSON bodies clients send, decoded strictly (see `APIBody`).

public struct SignInRequest: APIBody {
    public static let fields = ["name", "password"]
    public let name: String
    public let password: String
}

public struct TransitionRequest: APIBody {
    public static let fields = ["to", "reason", "reason_template"]
    public let to: String
    public let reason: String?
    /// A saved reason (`casetool templates`) instead of `reason`.
    public let reasonTemplate: String?

    enum CodingKeys: String, CodingKey {
        case to, reason
        case reasonTemplate = "reason_template"
    }
}

public struct BulkTransitionRequest: APIBody {
    public static let fields = ["transitions"]
    public static let nestedFields = ["transitions": ["case_id", "to", "reason"]]
    public struct Move: Decodable, Sendable {
        public let caseID: Int64
        public let to: String
        public let reason: String?

        enum CodingKeys: String, CodingKey {
            case caseID = "case_id"
            case to, reason
        }
    }

    public let transitions: [Move]
}

public struct NoteRequest: APIBody {
    public static let fields = ["text"]
    public let text: String
}

public struct EvidenceRequest: APIBody {
    public static let fields = ["reference"]
    public let reference: String
}

public struct ClaimRequest: APIBody {
    public static let fields = ["for"]
    /// How long the claim holds (`30m`, `2h`); the store's default when absent.
    public let duration: String?

    enum CodingKeys: String, CodingKey {
        case duration = "for"
    }
}

public struct AssignRequest: APIBody {
    public static let fields = ["person", "for"]
    public let person: String
    public let duration: String?

    enum CodingKeys: String, CodingKey {
        case person
        case duration = "for"
    }
}

public struct ClaimNextRequest: APIBody {
    public static let fields = ["for", "policy", "platform", "status"]
    public let duration: String?
    public let policy: String?
    public let platform: String?
    public let status: String?

    enum CodingKeys: String, CodingKey {
        case duration = "for"
        case policy, platform, status
    }
}
