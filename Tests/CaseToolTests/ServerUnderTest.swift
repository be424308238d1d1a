import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `casetool serve` started as a team would start it, on a free loopback port, and an HTTP client
/// for it.
final class ServerUnderTest: @unchecked Sendable {
    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    }

    let cli: CLIRunner
    let running: CLIRunner.Running
    let base: URL
    private let session: URLSession

    /// Starts the server on the runner's ./cases.db and waits until it listens.
    init(_ cli: CLIRunner, arguments: [String] = []) throws {
        self.cli = cli
        running = try cli.launch(["serve", "--listen", "127.0.0.1:0"] + arguments)
        let deadline = Date().addingTimeInterval(30)
        var address: String?
        while address == nil {
            let said = running.stderrSoFar()
            if let range = said.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                address = String(said[range])
            } else if !running.process.isRunning || Date() > deadline {
                running.process.terminate()
                throw CLIRunner.Failure("the server did not start: \(said)")
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        base = try URL(string: address ?? "").orThrow("no address")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 32
        configuration.timeoutIntervalForRequest = 60
        session = URLSession(configuration: configuration)
    }

    deinit {
        if running.process.isRunning { running.process.terminate() }
    }

    func request(_ method: String, _ path: String, token: String? = nil, body: String? = nil,
                 headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: try URL(string: base.absoluteString + path).orThrow("bad path \(path)"))
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        let http = try (response as? HTTPURLResponse).orThrow("not HTTP")
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    /// SIGTERM, as a service manager stops it; waits for the exit.
    func stop() throws -> CLIRunner.Result {
        running.process.terminate()
        return try running.wait()
    }

    /// A JSON body from Foundation values.
    static func body(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}

extension Optional {
    func orThrow(_ problem: String) throws -> Wrapped {
        guard let self else { throw CLIRunner.Failure(problem) }
        return self
    }
}
