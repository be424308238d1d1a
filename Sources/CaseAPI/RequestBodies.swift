import CaseStore

/// The JSON bodies clients send, decoded strictly (see `APIBody`).

public struct SignInRequest: APIBody {
    public static let fields = ["name", "password", "one_time_code"]
    public let name: String
    public let password: String
    /// For people who have turned on one-time codes: the six digits their app shows.
    public let oneTimeCode: String?

    enum CodingKeys: String, CodingKey {
        case name, password
        case oneTimeCode = "one_time_code"
    }
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
    /// The filter's fields are the queue's query parameters (but for `limit`: one case is claimed).
    public static let filterFields = QueryParameters.caseFilterNames.filter { $0 != "limit" }
    public static let fields = ["for"] + filterFields
    public let duration: String?
    public let policy: String?
    public let status: String?
    public let platform: String?
    public let handle: String?
    public let decision: String?
    public let source: String?
    public let since: String?
    public let until: String?

    enum CodingKeys: String, CodingKey {
        case duration = "for"
        case policy, status, platform, handle, decision, source, since, until
    }

    /// Which cases of the queue, read as the queue reads its query.
    public func filter() throws -> CaseFilter {
        let given: [(String, String?)] = [
            ("policy", policy), ("status", status), ("platform", platform), ("handle", handle), ("decision", decision),
            ("source", source), ("since", since), ("until", until),
        ]
        var filter = try QueryParameters(given.compactMap { name, value in value.map { (name, $0) } }, known: Self.filterFields)
            .caseFilter()
        filter.limit = nil
        return filter
    }
}

public struct PolicyRequest: APIBody {
    public static let fields = ["code", "name", "description", "dsa_category"]
    public let code: String
    public let name: String
    public let description: String?
    public let dsaCategory: String?

    enum CodingKeys: String, CodingKey {
        case code, name, description
        case dsaCategory = "dsa_category"
    }
}

public struct PolicyCategoryRequest: APIBody {
    public static let fields = ["policy", "dsa_category"]
    public let policy: String
    /// Null clears it.
    public let dsaCategory: String?

    enum CodingKeys: String, CodingKey {
        case policy
        case dsaCategory = "dsa_category"
    }
}

/// A policy's strike rule in the shape the server lists it (`CaseJSON.json(_: StrikeRule)`), or null
/// for none: what is read can be sent back changed.
public struct StrikeRuleRequest: APIBody {
    public static let fields = ["policy", "strikes"]
    public static let nestedFields = [
        "strikes": ["active_days", "default_count", "counts", "thresholds"],
        "strikes.thresholds": ["active_strikes", "recommends", "for_days"],
    ]
    public let policy: String
    public let strikes: Rule?

    public struct Rule: Decodable, Sendable {
        /// Null: strikes never expire. Required, as are the others but `default_count`: the whole rule
        /// is replaced, so a forgotten field must not quietly make strikes permanent or drop thresholds.
        public let activeDays: Int?
        /// What the server lists; only the default casetool counts by is accepted.
        public let defaultCount: Int?
        public let counts: [String: Int]
        public let thresholds: [Threshold]

        enum CodingKeys: String, CodingKey {
            case activeDays = "active_days", defaultCount = "default_count", counts, thresholds
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard container.contains(.activeDays) else {
                throw DecodingError.keyNotFound(CodingKeys.activeDays, .init(codingPath: container.codingPath, debugDescription: ""))
            }
            activeDays = try container.decodeIfPresent(Int.self, forKey: .activeDays)
            defaultCount = try container.decodeIfPresent(Int.self, forKey: .defaultCount)
            counts = try container.decode([String: Int].self, forKey: .counts)
            thresholds = try container.decode([Threshold].self, forKey: .thresholds)
        }
    }

    public struct Threshold: Decodable, Sendable {
        public let activeStrikes: Int
        public let recommends: String
        public let forDays: Int?

        enum CodingKeys: String, CodingKey {
            case activeStrikes = "active_strikes", recommends, forDays = "for_days"
        }
    }

    /// The rule the store is given: its values checked by the store's own rules, each naming its field.
    public func rule() throws -> StrikeRule? {
        guard let strikes else { return nil }
        if let count = strikes.defaultCount, count != StrikeRule.defaultWeight {
            throw CaseStoreError.invalidValue(
                field: "strikes.default_count", problem: "is \(StrikeRule.defaultWeight) for every rule; give other counts in 'counts'")
        }
        var weights: [DecisionKind: Int] = [:]
        for (name, count) in strikes.counts {
            weights[try QueryParameters.choice(name, field: "strikes.counts", as: DecisionKind.self)] = count
        }
        return try StrikeRule(
            activeDays: strikes.activeDays, weights: weights,
            thresholds: try strikes.thresholds.enumerated().map { index, step in
                try StrikeThreshold(
                    activeStrikes: step.activeStrikes,
                    recommends: try QueryParameters.choice(step.recommends, field: "strikes.thresholds[\(index)].recommends", as: DecisionKind.self),
                    forDays: step.forDays)
            })
    }
}

public struct TemplateRequest: APIBody {
    public static let fields = ["name", "policy", "text"]
    public let name: String
    /// Null for a template usable on every policy's cases.
    public let policy: String?
    public let text: String
}
