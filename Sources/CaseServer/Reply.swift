import CaseAPI
import Hummingbird

/// Responses as the API sends them: JSON on one line, with its media type.
enum Reply {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        json(encoded: EncodedJSON(value), status: status, headers: extra)
    }

    static func json(encoded: EncodedJSON, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: status, headers: withStandardHeaders(headers), body: ResponseBody(byteBuffer: ByteBuffer(bytes: encoded.bytes)))
    }

    static func text(_ text: String, contentType: String) -> Response {
        Response(
            status: .ok, headers: withStandardHeaders([.contentType: contentType]),
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func noContent() -> Response {
        Response(status: .noContent, headers: withStandardHeaders([:]))
    }

    /// What every response says: bodies are about people and cases, so no cache, shared or private,
    /// keeps them; and a browser must not guess another type than the one sent (case text holds markup).
    private static func withStandardHeaders(_ headers: HTTPFields) -> HTTPFields {
        var headers = headers
        headers[.cacheControl] = "no-store"
        headers[.xContentTypeOptions] = "nosniff"
        return headers
    }

    static func error(_ error: APIError, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        if error.code == .unauthenticated { headers[.wwwAuthenticate] = "Bearer realm=\"casetool\"" }
        if error.code == .busy { headers[.retryAfter] = "1" }
        return json(error.json, status: HTTPResponse.Status(code: error.status), headers: headers)
    }
}

/// A response body already written as bytes, on the thread that built its document. A large
/// document (a page of cases) is thousands of small allocations; freeing them on another thread
/// than the one that made them costs glibc's allocator a lock each, which the filtered list measured.
struct EncodedJSON: Sendable {
    let bytes: [UInt8]

    init(_ value: JSONValue) {
        var writer = CompactJSONWriter(reservingCapacity: 4096)
        writer.value(value)
        self.init(written: writer)
    }

    /// A document written as it was walked, with no tree in between (a page of cases).
    init(written writer: CompactJSONWriter) {
        var bytes = writer.bytes
        bytes.append(UInt8(ascii: "\n"))
        self.bytes = bytes
    }
}
