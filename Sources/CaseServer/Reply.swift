import CaseAPI
import Hummingbird

/// Responses as the API sends them: JSON on one line, with its media type.
enum Reply {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        // Bodies are about people and cases: no cache, shared or private, keeps them.
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: value.compact() + "\n")))
    }

    static func text(_ text: String, contentType: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: contentType, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func noContent() -> Response {
        Response(status: .noContent, headers: [.cacheControl: "no-store"])
    }

    static func error(_ error: APIError, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        if error.code == .unauthenticated { headers[.wwwAuthenticate] = "Bearer realm=\"casetool\"" }
        if error.code == .busy { headers[.retryAfter] = "1" }
        return json(error.json, status: HTTPResponse.Status(code: error.status), headers: headers)
    }
}
