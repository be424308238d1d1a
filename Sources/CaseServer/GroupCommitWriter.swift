import CaseStore
import Foundation

/// The server's one writing connection, committing writes in groups: the writes waiting when the
/// connection comes free run in one transaction, each in a savepoint of its own (a refused write
/// undoes only itself), and all are answered once that transaction has committed. One durable
/// commit then carries many requests, and no request is answered before its write is on disk.
final class GroupCommitWriter: StoreExecutor, @unchecked Sendable {
    // @unchecked: `store` is only touched on `queue`; `waiting` and `scheduled` only under `lock`.
    private let store: CaseStore
    private let queue = DispatchQueue(label: "casetool.writer", qos: .userInitiated)
    private let lock = NSLock()
    private var waiting: [PendingWrite] = []
    private var scheduled = false
    /// Enough to share a commit among the requests of many connections; few enough that the
    /// first of them does not wait long for the last.
    static let maximumGroup = 64

    private struct PendingWrite {
        /// Runs the job; returns how to answer it once the group's commit is known to have landed.
        let perform: (CaseStore) -> () -> Void
        let fail: (any Error) -> Void
    }

    init(store: CaseStore) {
        self.store = store
    }

    var pendingJobs: Int { lock.withLock { waiting.count } }

    func run<T: Sendable>(_ job: @escaping @Sendable (CaseStore) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let pending = PendingWrite(
                perform: { store in
                    let result = Result { try job(store) }
                    return { continuation.resume(with: result) }
                },
                fail: { continuation.resume(throwing: $0) })
            let start = lock.withLock {
                waiting.append(pending)
                defer { scheduled = true }
                return !scheduled
            }
            if start { queue.async { self.drain() } }
        }
    }

    private func drain() {
        while true {
            let group: [PendingWrite] = lock.withLock {
                let taken = Array(waiting.prefix(Self.maximumGroup))
                waiting.removeFirst(taken.count)
                if taken.isEmpty { scheduled = false }
                return taken
            }
            if group.isEmpty { return }
            var answers: [() -> Void] = []
            do {
                try store.batch {
                    for pending in group {
                        // A failure that made SQLite abandon the transaction (a full disk) fails the
                        // whole group: the writes before it are gone, and those after must not
                        // commit on their own.
                        guard store.database.isInTransaction else { throw GroupAbandoned() }
                        answers.append(pending.perform(store))
                    }
                }
                answers.forEach { $0() }
            } catch {
                let reason = error is GroupAbandoned
                    ? CaseStoreError.cannotWrite(path: store.database.path, problem: "SQLite abandoned the transaction") : error
                group.forEach { $0.fail(reason) }
            }
        }
    }
}

private struct GroupAbandoned: Error {}

/// Where a request's database work runs: a reading connection or the writer.
protocol StoreExecutor: Sendable {
    func run<T: Sendable>(_ job: @escaping @Sendable (CaseStore) throws -> T) async throws -> T
    var pendingJobs: Int { get }
}
