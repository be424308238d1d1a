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

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
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
        self.init(code, error.description)
    }

    public var status: Int { code.status }

    public var json: JSONValue {
        .object([("error", .object([("code", .string(code.rawValue)), ("message", .string(message))]))])
    }
}
