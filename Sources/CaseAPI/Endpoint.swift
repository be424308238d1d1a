import CaseStore

/// The team server's routes, declared once: the server registers exactly these, the OpenAPI document
/// is checked against them, and the tests walk them (an unauthenticated request to each that needs
/// a session must be refused).
public enum Endpoint: String, CaseIterable, Sendable {
    case health
    case openAPI
    case metrics
    case signIn
    case signOut
    case me
    case listCases
    case logCase
    case getCase
    case caseHistory
    case listEvents
    case transitionCase
    case bulkTransition
    case addNote
    case addEvidence
    case claimCase
    case releaseCase
    case assignCase
    case queue
    case claimNext
    case policies
    case addPolicy
    case setPolicyCategory
    case setStrikeRule
    case templates
    case addTemplate
    case removeTemplate
    case account
    case reports
    case exportCases
    case auditHead
    case auditVerify
    case securityLog

    public enum Method: String, Sendable {
        case get = "GET", post = "POST", delete = "DELETE"
    }

    /// Who may call a route. The store decides what each person may do (`Role.permissions`); a route
    /// only says whether it needs someone signed in at all.
    public enum Access: Sendable, Equatable {
        /// Anyone: health, the API's description, and signing in.
        case anyone
        /// A valid token of an enabled person (`Authorization: Bearer …`).
        case signedIn
    }

    public static let prefix = "/api/v1"
    /// What errors in a body sent as a file's line (a case to log) are located in: "request body:1: field: …".
    public static let requestBodyName = "request body"

    public var method: Method {
        switch self {
        case .signIn, .logCase, .transitionCase, .bulkTransition, .addNote, .addEvidence, .claimCase, .assignCase, .claimNext,
             .addPolicy, .setPolicyCategory, .setStrikeRule, .addTemplate:
            .post
        case .releaseCase, .signOut, .removeTemplate:
            .delete
        case .health, .openAPI, .metrics, .me, .listCases, .getCase, .caseHistory, .listEvents, .queue, .policies, .templates, .account, .reports, .exportCases, .auditHead,
             .auditVerify, .securityLog:
            .get
        }
    }

    /// The path, with `{id}` where a case id goes (Hummingbird's and OpenAPI's notation alike).
    public var path: String {
        switch self {
        case .metrics: "/metrics"  // where Prometheus looks by default
        case .health: Self.prefix + "/health"
        case .openAPI: Self.prefix + "/openapi.json"
        case .signIn: Self.prefix + "/sessions"
        case .signOut: Self.prefix + "/sessions/current"
        case .me: Self.prefix + "/me"
        case .listCases, .logCase: Self.prefix + "/cases"
        case .getCase: Self.prefix + "/cases/{id}"
        case .caseHistory: Self.prefix + "/cases/{id}/history"
        case .listEvents: Self.prefix + "/events"
        case .transitionCase: Self.prefix + "/cases/{id}/transitions"
        case .bulkTransition: Self.prefix + "/transitions"
        case .addNote: Self.prefix + "/cases/{id}/notes"
        case .addEvidence: Self.prefix + "/cases/{id}/evidence"
        case .claimCase, .releaseCase: Self.prefix + "/cases/{id}/claim"
        case .assignCase: Self.prefix + "/cases/{id}/assignment"
        case .queue: Self.prefix + "/queue"
        case .claimNext: Self.prefix + "/queue/claims"
        case .policies, .addPolicy: Self.prefix + "/policies"
        case .setPolicyCategory: Self.prefix + "/policies/dsa-category"
        case .setStrikeRule: Self.prefix + "/policies/strikes"
        case .templates, .addTemplate, .removeTemplate: Self.prefix + "/templates"
        case .account: Self.prefix + "/account"
        case .reports: Self.prefix + "/reports"
        case .exportCases: Self.prefix + "/export"
        case .auditHead: Self.prefix + "/audit/head"
        case .auditVerify: Self.prefix + "/audit/verify"
        case .securityLog: Self.prefix + "/audit/security"
        }
    }

    public var access: Access {
        switch self {
        case .health, .openAPI, .signIn: .anyone
        default: .signedIn
        }
    }

    /// The query parameters the route reads; any other is refused (a misspelt `limt` must not
    /// quietly return the default page, nor `?limit=5` be ignored by a route without pages).
    public var queryParameters: [String] {
        switch self {
        case .listCases, .queue: QueryParameters.caseFilterNames + [QueryParameters.countName]
        case .securityLog: QueryParameters.securityLogNames
        case .auditVerify: ["expect_head"]
        case .getCase: ["as_of"]
        case .reports: QueryParameters.reportNames
        case .templates: ["policy"]
        case .removeTemplate: ["name", "policy"]
        case .account: ["platform", "handle", "as_of"]
        case .exportCases: ["format"] + QueryParameters.caseFilterNames
        case .listEvents: QueryParameters.eventFilterNames + [QueryParameters.countName]
        case .health, .openAPI, .metrics, .signIn, .signOut, .me, .logCase, .caseHistory, .transitionCase, .bulkTransition,
             .addNote, .addEvidence, .claimCase, .releaseCase, .assignCase, .claimNext, .policies, .addPolicy, .setPolicyCategory,
             .setStrikeRule, .addTemplate, .auditHead:
            []
        }
    }

    /// The JSON body a route reads, as the OpenAPI document names its schema, with the fields a
    /// strictly read body takes (and those of its nested objects); a case to log is an import row,
    /// checked as one, so it has no list of its own here.
    public var body: (schema: String, fields: [String]?, nested: [String: [String]])? {
        func strict<Body: APIBody>(_ type: Body.Type) -> (String, [String]?, [String: [String]]) {
            (String(describing: type), type.fields, type.nestedFields)
        }
        switch self {
        case .signIn: return strict(SignInRequest.self)
        case .logCase: return ("NewCase", nil, [:])
        case .transitionCase: return strict(TransitionRequest.self)
        case .bulkTransition: return strict(BulkTransitionRequest.self)
        case .addNote: return strict(NoteRequest.self)
        case .addEvidence: return strict(EvidenceRequest.self)
        case .claimCase: return strict(ClaimRequest.self)
        case .assignCase: return strict(AssignRequest.self)
        case .claimNext: return strict(ClaimNextRequest.self)
        case .addPolicy: return strict(PolicyRequest.self)
        case .setPolicyCategory: return strict(PolicyCategoryRequest.self)
        case .setStrikeRule: return strict(StrikeRuleRequest.self)
        case .addTemplate: return strict(TemplateRequest.self)
        case .health, .openAPI, .metrics, .signOut, .me, .listCases, .getCase, .caseHistory, .listEvents, .releaseCase, .queue,
             .policies, .templates, .removeTemplate, .account, .reports, .exportCases, .auditHead, .auditVerify, .securityLog:
            return nil
        }
    }

    /// The path with a case id filled in.
    public func path(caseID: Int64) -> String {
        path.replacingOccurrences(of: "{id}", with: String(caseID))
    }

    /// Whether the route changes anything (and so runs on the server's one writing connection).
    public var writes: Bool {
        method != .get
    }
}

extension Endpoint {
    /// The methods the route table has for a request path (`{id}` matching any one segment): a
    /// path with routes but not for the request's method is a 405 naming them, not a 404.
    public static func methods(forPath requestPath: String) -> [Method] {
        matching(path: requestPath).map(\.method)
    }

    /// The routes whose path template matches a request path, whatever their method.
    public static func matching(path requestPath: String) -> [Endpoint] {
        let segments = requestPath.split(separator: "/", omittingEmptySubsequences: false)
        return allCases.filter { endpoint in
            let template = endpoint.path.split(separator: "/", omittingEmptySubsequences: false)
            return template.count == segments.count
                && zip(template, segments).allSatisfy { $0 == "{id}" ? !$1.isEmpty : $0 == $1 }
        }
    }
}
