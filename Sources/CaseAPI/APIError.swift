import CaseStore

/// An error as the API sends it: `{"error": {"code": …, "message": …}}` with an HTTP status. The
/// codes mean what the command line's exit codes mean, so a client can map one onto the other.
public struct APIError: Error, Sendable, Equatable {
    public enum Code: String, Sendable, CaseIterable {
        case invalidInput = "invalid_input"
        case notFound = "not_found"
        case workflowRefused = "workflow_refused"
        case unauthenticated
        case forbidden
        case busy
        case readOnly = "read_only"
        case incompatibleDatabase = "incompatible_database"
        case damaged
        case storage
        /// The request itself is malformed: not JSON, a field of the wrong type, no such route.
        case badRequest = "bad_request"
        /// The route exists, but not for this method.
        case methodNotAllowed = "method_not_allowed"
        case tooLarge = "too_large"
        case internalError = "internal"

        public var status: Int {
            switch self {
            case .invalidInput: 422
            case .badRequest: 400
            case .notFound: 404
            case .workflowRefused: 409
            case .unauthenticated: 401
            case .forbidden: 403
            case .methodNotAllowed: 405
            case .tooLarge: 413
            case .busy, .readOnly: 503
            case .incompatibleDatabase, .damaged, .storage, .internalError: 500
            }
        }
    }

    public let code: Code
    public let message: String
    /// The input a refusal is about, as a program needs it (a client names its own option for it,
    /// and offers the suggestions); nil when the refusal is not about one field.
    public let field: String?
    /// What is wrong with `field`, without the field's name.
    public let problem: String?
    /// The value refused as unknown (a policy code), and the closest known ones.
    public let unknown: String?
    public let suggestions: [String]

    public init(
        _ code: Code, _ message: String, field: String? = nil, problem: String? = nil, unknown: String? = nil, suggestions: [String] = []
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.problem = problem
        self.unknown = unknown
        self.suggestions = suggestions
    }

    /// The store's error in the API's terms; the message is the store's own line.
    public init(_ error: CaseStoreError) {
        let code: Code = switch error.category {
        case .invalidInput: .invalidInput
        case .notFound: .notFound
        case .workflowRefused: .workflowRefused
        case .unauthenticated: .unauthenticated
        case .forbidden: .forbidden
        case .busy: .busy
        case .readOnly: .readOnly
        case .incompatibleDatabase: .incompatibleDatabase
        case .damaged: .damaged
        case .storage: .storage
        }
        if case .unknownPolicy(let policy, let suggestions) = error {
            // Worded as every other field's refusal: "policy: unknown policy 'x'; did you mean …?"
            self.init(code, "policy: " + error.description, field: "policy", problem: error.description, unknown: policy, suggestions: suggestions)
        } else if let refused = error.refusedValue {
            self.init(code, error.description, field: refused.field, problem: refused.problem)
        } else {
            self.init(code, error.description)
        }
    }

    public var status: Int { code.status }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("code", .string(code.rawValue)), ("message", .string(message))]
        if let field { members.append(("field", .string(field))) }
        if let problem { members.append(("problem", .string(problem))) }
        if let unknown { members.append(("unknown", .string(unknown))) }
        if !suggestions.isEmpty { members.append(("suggestions", .array(suggestions.map { .string($0) }))) }
        return .object([("error", .object(members))])
    }
}
