import CaseAPI
import CaseStore
import Hummingbird
import Logging
import NIOCore

/// Turns every failure into the API's error body, so that a client always gets
/// `{"error": {"code": …, "message": …}}` and a status with the command line's meaning.
struct JSONErrorMiddleware: RouterMiddleware {
    typealias Context = CaseRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let routes = Endpoint.matching(path: request.uri.path)
            // The route label of the request's log line and metrics: the template the path has, if any.
            context.coreContext.endpointPath.value = routes.first?.path ?? "unmatched"
            guard !routes.isEmpty else { return Reply.error(APIError(.notFound, "no such route")) }
            let names = routes.map(\.method.rawValue).joined(separator: ", ")
            return Reply.error(APIError(.methodNotAllowed, "the route takes only \(names)"), headers: [.allow: names])
        } catch {
            let apiError = Self.apiError(for: error)
            if apiError.code == .internalError {
                // The cause is for the operator; the client learns only that it was not its fault.
                context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            }
            return Reply.error(apiError)
        }
    }

    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as CaseStoreError:
            return APIError(error)
        case is NIOTooManyBytesError:
            return APIError(.tooLarge, "the request body is larger than \(CaseServer.maximumBodyBytes) bytes")
        case let error as HTTPError:
            switch error.status {
            case .notFound: return APIError(.notFound, "no such route")
            case .methodNotAllowed: return APIError(.methodNotAllowed, "the route does not take this method")
            case .contentTooLarge: return APIError(.tooLarge, "the request body is larger than \(CaseServer.maximumBodyBytes) bytes")
            default:
                return HTTPResponse.Status(code: error.status.code).kind == .clientError
                    ? APIError(.badRequest, error.body ?? error.status.reasonPhrase) : APIError(.internalError, "internal error")
            }
        default:
            return APIError(.internalError, "internal error: the server's log has the details")
        }
    }
}
