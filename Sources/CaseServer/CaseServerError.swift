import Foundation
import NIOCore

/// Why the server could not start serving; the front end words it and picks the exit code.
public enum CaseServerError: Error, Equatable, CustomStringConvertible {
    /// The host is not an address this machine has or can resolve.
    case unknownHost(host: String)
    /// The address could not be bound (in use, not this machine's, a privileged port).
    case cannotListen(host: String, port: Int, problem: String)

    public var description: String {
        switch self {
        case .unknownHost(let host):
            "'\(host)' is not an address or a host name this machine can resolve"
        case .cannotListen(let host, let port, let problem):
            "cannot listen on \(host.contains(":") ? "[\(host)]" : host):\(port): \(problem)"
        }
    }

    /// The error NIO reports for a failed bind, in these terms; nil for anything else.
    static func binding(_ error: any Error, host: String, port: Int) -> CaseServerError? {
        switch error {
        case let error as IOError:
            .cannotListen(host: host, port: port, problem: String(cString: strerror(error.errnoCode)).lowercased())
        case is SocketAddressError, is SocketAddressError.UnknownHost:
            .unknownHost(host: host)
        default:
            nil
        }
    }
}
