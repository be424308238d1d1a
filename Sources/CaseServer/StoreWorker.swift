import CaseStore
import Foundation

/// One connection to the database and the one thread that uses it. SQLite work never runs on the
/// server's event loops: a request hands its work to a worker and awaits the result.
final class StoreWorker: StoreExecutor, @unchecked Sendable {
    // @unchecked: `store` is only touched on `queue`, one job at a time.
    private let store: CaseStore
    private let queue: DispatchQueue
    private let pending = PendingCount()

    init(store: CaseStore, label: String) {
        self.store = store
        self.queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Jobs handed to this worker and not yet finished.
    var pendingJobs: Int { pending.value }

    func run<T: Sendable>(_ job: @escaping @Sendable (CaseStore) throws -> T) async throws -> T {
        pending.add(1)
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                defer { self.pending.add(-1) }
                continuation.resume(with: Result { try job(self.store) })
            }
        }
    }
}

/// A counter read and changed from several threads.
final class PendingCount: @unchecked Sendable {
    // @unchecked: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func add(_ delta: Int) {
        lock.withLock { count += delta }
    }
}
