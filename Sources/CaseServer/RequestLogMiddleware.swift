import Hummingbird
import Logging

/// One log line and one metrics sample per request. Only the route's template is logged (never the
/// path with its ids, the query, a body or a header): the log holds no personal data or secrets.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = CaseRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            // The error middleware inside answers every error; this is only in case one escapes it.
            response = Reply.error(JSONErrorMiddleware.apiError(for: error))
        }
        let elapsed = ContinuousClock.now - started
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(method: request.method.rawValue, route: route, status: response.status.code, duration: elapsed)
        context.logger.info("\(request.method.rawValue) \(route) \(response.status.code) \(Self.milliseconds(elapsed)) ms")
        return response
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let tenths = seconds * 10_000 + attoseconds / 100_000_000_000_000
        return "\(tenths / 10).\(tenths % 10)"
    }
}
