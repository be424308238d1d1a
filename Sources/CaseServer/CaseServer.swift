import CaseAPI
import CaseStore
import Foundation
import Hummingbird
import Logging

/// The team server: casetool's JSON API (`Endpoint`) over HTTP on Hummingbird, on one database
/// file. It reaches cases only through CaseStore's public operations, on a session the store made
/// from a token: the actor of every event is the person the token proves, never the request's say.
public enum CaseServer {
    public struct Configuration: Sendable {
        public var databasePath: String
        public var host: String
        /// 0 asks the system for a free port (`onListening` says which).
        public var port: Int
        /// Connections that read, besides the one that writes.
        public var readers: Int
        /// A connection idle this long is closed (a client that opens many and sends nothing).
        public var idleTimeoutSeconds: Int64

        public init(databasePath: String, host: String = "127.0.0.1", port: Int = 8080, readers: Int = 4, idleTimeoutSeconds: Int64 = 60) {
            self.databasePath = databasePath
            self.host = host
            self.port = port
            self.readers = readers
            self.idleTimeoutSeconds = idleTimeoutSeconds
        }
    }

    public static let maximumBodyBytes = 1 << 20

    /// Serves until SIGTERM or SIGINT, then stops taking connections, lets the requests in flight
    /// finish (a write is answered only once committed, so none acknowledged is lost) and returns.
    /// `onListening` is told the address once the port is bound.
    public static func run(
        _ configuration: Configuration, logger: Logger,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) -> Void
    ) async throws {
        let pool = try StorePool(path: configuration.databasePath, readers: configuration.readers)
        let listening = OnceFlag()
        let metrics = ServerMetrics()
        let router = Router(context: CaseRequestContext.self)
        router.add(middleware: RequestLogMiddleware(metrics: metrics))
        router.add(middleware: JSONErrorMiddleware())
        APIRoutes(pool: pool, metrics: metrics).register(on: router)
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(configuration.idleTimeoutSeconds))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "casetool"),
            onServerRunning: { channel in
                listening.set()
                onListening(configuration.host, channel.localAddress?.port ?? configuration.port)
            },
            logger: logger
        )
        do {
            try await app.runService()
        } catch {
            // Before the port is bound, NIO's errors are about the address: say so in our terms.
            guard !listening.isSet, let bindError = CaseServerError.binding(error, host: configuration.host, port: configuration.port)
            else { throw error }
            throw bindError
        }
    }

    /// Set once, when the server is listening.
    private final class OnceFlag: @unchecked Sendable {
        // @unchecked: the flag is only read and written under the lock.
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.withLock { value } }
        func set() { lock.withLock { value = true } }
    }
}
