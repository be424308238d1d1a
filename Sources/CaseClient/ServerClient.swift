import AsyncHTTPClient
import CaseAPI
import CaseStore
import Foundation
import NIOCore
import NIOHTTP1

/// A team server's client: sends one request of the route table and gives back the JSON object it
/// answers, or throws the API's error as the server sent it (its code says which exit code).
public struct ServerClient: Sendable {
    public let server: ServerAddress
    private let token: String?
    /// How long a server may keep silent before the request is given up: long enough for a large
    /// report or export by default; a sign-in or sign-out has no reason to wait as long.
    private let patience: Int64

    public init(server: ServerAddress, token: String?, patienceSeconds: Int64 = 120) {
        self.server = server
        self.token = token
        self.patience = patienceSeconds
    }

    /// The most a client reads of an answer: a list of 1,000 cases is well under it.
    static let maximumAnswerBytes = 64 << 20

    /// Sends `endpoint` (with the case id in its path, a query and a JSON body, as it takes) and
    /// returns the answer's JSON object; an empty answer (204) is an empty object.
    public func send(
        _ endpoint: Endpoint, caseID: Int64? = nil, query: [(String, String)] = [], body: JSONValue? = nil
    ) async throws -> JSONFields {
        try await send(endpoint, caseID: caseID, query: query, bodyText: body?.compact())
    }

    /// As `send(_:caseID:query:body:)`, with a body already written as JSON (a line of a file).
    public func send(
        _ endpoint: Endpoint, caseID: Int64? = nil, query: [(String, String)] = [], bodyText: String?
    ) async throws -> JSONFields {
        let request = request(endpoint, caseID: caseID, query: query, bodyText: bodyText, accept: "application/json")
        return try await exchange(request) { status, response in
            var body = try await response.body.collect(upTo: Self.maximumAnswerBytes)
            let bytes = body.readBytes(length: body.readableBytes) ?? []
            if status == 204 { return JSONFields([:]) }
            let answer = try JSONFields(parsing: bytes, what: "the answer of \(server.shown) (HTTP \(status))")
            guard (200..<300).contains(status) else { throw Self.refusal(answer, status: status) }
            return answer
        }
    }

    /// Sends a request whose answer is a file (an export): its bytes are handed to `write` as they
    /// arrive, however large it is. A refusal is thrown as `send` throws it, before anything is written.
    public func stream(
        _ endpoint: Endpoint, query: [(String, String)], accept: String, into write: @escaping @Sendable ([UInt8]) throws -> Void
    ) async throws {
        let request = request(endpoint, caseID: nil, query: query, bodyText: nil, accept: accept)
        try await exchange(request) { status, response in
            guard (200..<300).contains(status) else {
                var body = try await response.body.collect(upTo: 1 << 20)
                let answer = try JSONFields(parsing: body.readBytes(length: body.readableBytes) ?? [], what: "the answer of \(server.shown) (HTTP \(status))")
                throw Self.refusal(answer, status: status)
            }
            for try await chunk in response.body {
                try write(Array(chunk.readableBytesView))
            }
        }
    }

    private func request(_ endpoint: Endpoint, caseID: Int64?, query: [(String, String)], bodyText: String?, accept: String) -> HTTPClientRequest {
        var path = caseID.map { endpoint.path(caseID: $0) } ?? endpoint.path
        if !query.isEmpty {
            var components = URLComponents()
            components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
            // `+` would read as a space on the server: encode it too.
            path += "?" + (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        }
        var request = HTTPClientRequest(url: server.base + path)
        request.method = HTTPMethod(rawValue: endpoint.method.rawValue)
        request.headers.add(name: "Accept", value: accept)
        request.headers.add(name: "User-Agent", value: "casetool")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let bodyText {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: bodyText))
        }
        return request
    }

    /// The API's error an answer holds (`{"error": {"code", "message", "field", …}}`).
    private static func refusal(_ answer: JSONFields, status: UInt) -> CaseClientError {
        let error = answer.members["error"] as? [String: Any]
        let code = (error?["code"] as? String).flatMap(APIError.Code.init(rawValue:)) ?? .internalError
        return CaseClientError.refused(APIError(
            code, error?["message"] as? String ?? "HTTP \(status)", field: error?["field"] as? String, problem: error?["problem"] as? String,
            unknown: error?["unknown"] as? String, suggestions: error?["suggestions"] as? [String] ?? []))
    }

    /// One request and its answer, read by `handle`, on a client of its own: a command sends one or
    /// two, and redirects are not followed (a token must not travel to wherever a redirect points).
    /// Failing to reach the server, or losing it midway, is `unreachable`; the server's refusals and
    /// what `handle` throws pass as they are.
    private func exchange<T: Sendable>(
        _ request: HTTPClientRequest, _ handle: @Sendable (UInt, HTTPClientResponse) async throws -> T
    ) async throws -> T {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(patience))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let response = try await client.execute(request, timeout: .seconds(patience + 60))
            let result = try await handle(response.status.code, response)
            try await client.shutdown()
            return result
        } catch let error as CaseClientError {
            try? await client.shutdown()
            throw error
        } catch let error as APIError {
            try? await client.shutdown()
            throw error
        } catch let error as CaseStoreError {
            try? await client.shutdown()
            throw error
        } catch {
            try? await client.shutdown()
            throw CaseClientError.unreachable(server: server.shown, problem: Self.describe(error))
        }
    }

    /// A transport failure in a few words, without NIO's type names.
    static func describe(_ error: any Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "no answer within 10 s"
            case .readTimeout, .deadlineExceeded: return "no answer in time"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: return "\(error)"
            }
        }
        if error is NIOTooManyBytesError { return "the answer is larger than \(maximumAnswerBytes >> 20) MiB" }
        // TLS errors print the source paths of the library they come from: say what failed instead.
        if String(reflecting: type(of: error)).contains("SSL") {
            return "the TLS handshake failed (is it https, with a certificate this machine trusts?)"
        }
        let text = "\(error)"
        if text.localizedCaseInsensitiveContains("refused") { return "connection refused" }
        return text
    }
}

/// A server as `--server` and `casetool login` name it: its origin (scheme, host, port), to which
/// the route table's paths are appended.
public struct ServerAddress: Sendable, Hashable {
    /// `https://cases.example.org` or `http://127.0.0.1:8080`, without a trailing slash.
    public let base: String

    /// Accepts the origin with or without a trailing `/` or `/api/v1`, and writes it one way
    /// (lowercase scheme and host, the port as a plain number and only when not the scheme's own),
    /// so that `HTTPS://Cases.Example.org:0443/` and `https://cases.example.org` share one saved
    /// token. Plain `http` only to this machine: elsewhere tokens and passwords would cross the
    /// network in clear text.
    public init(parsing text: String) throws {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        if trimmed.hasSuffix(Endpoint.prefix) { trimmed.removeLast(Endpoint.prefix.count) }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), let rawHost = components.host?.lowercased(), !rawHost.isEmpty,
              components.path.isEmpty, components.query == nil, components.fragment == nil, components.user == nil,
              // The HTTP client traps on a port it cannot hold: refuse it here, in words.
              components.port.map({ (1...65_535).contains($0) }) ?? true
        else {
            throw CaseClientError.badAddress(text, problem: "give the server as https://host[:port] (or http:// to this machine)")
        }
        // IPv6 literals keep their brackets in a URL, whichever way Foundation hands them back.
        let host = rawHost.contains(":") && !rawHost.hasPrefix("[") ? "[\(rawHost)]" : rawHost
        if scheme == "http" && !["127.0.0.1", "[::1]", "localhost"].contains(host) {
            throw CaseClientError.badAddress(
                text, problem: "plain http is only for this machine (127.0.0.1, localhost): use https, through the TLS proxy in front of the server")
        }
        let defaultPort = scheme == "https" ? 443 : 80
        base = scheme + "://" + host + (components.port.flatMap { $0 == defaultPort ? nil : ":\($0)" } ?? "")
    }

    /// For messages: the origin as it is written for the saved tokens.
    public var shown: String { base }
}

/// What can go wrong talking to a server: its own refusal (an API error, whose code is the exit
/// code's meaning), not reaching it, or a server address that is not one.
public enum CaseClientError: Error, Equatable, CustomStringConvertible {
    case refused(APIError)
    case unreachable(server: String, problem: String)
    case badAddress(String, problem: String)

    public var description: String {
        switch self {
        case .refused(let error): error.message
        case .unreachable(let server, let problem): "cannot reach \(server): \(problem)"
        case .badAddress(let text, let problem): "'\(text)' is not a server address: \(problem)"
        }
    }
}
