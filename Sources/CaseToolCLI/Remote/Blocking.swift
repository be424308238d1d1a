import Foundation

/// Runs async work (the server's client) from a synchronous command and waits for it: a command
/// does one thing at a time, and the parser's commands are synchronous.
enum Blocking {
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Outcome<T>()
        let finished = DispatchSemaphore(value: 0)
        Task {
            do { outcome.result = .success(try await work()) } catch { outcome.result = .failure(error) }
            finished.signal()
        }
        finished.wait()
        guard let result = outcome.result else { throw CancellationError() }
        return try result.get()
    }

    private final class Outcome<T>: @unchecked Sendable {
        // @unchecked: written by the task before it signals, read after the wait.
        var result: Result<T, any Error>?
    }
}
