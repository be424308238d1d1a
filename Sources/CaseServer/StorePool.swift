import CaseStore
import Foundation

/// The server's connections: one that writes, so that writes queue in the server rather than
/// contend for SQLite's lock (and share commits, see `GroupCommitWriter`), and several that read,
/// each its own WAL snapshot, in parallel.
final class StorePool: Sendable {
    let writer: GroupCommitWriter
    private let readers: [StoreWorker]
    private let nextReader = PendingCount()

    /// Opens (and migrates, through the writer) the database at `path`.
    init(path: String, readers readerCount: Int, configure: (CaseStore) -> Void = { _ in }) throws {
        let writingStore = try CaseStore.open(path: path)
        configure(writingStore)
        writer = GroupCommitWriter(store: writingStore)
        readers = try (0..<max(1, readerCount)).map { index in
            let store = try CaseStore.open(path: path)
            configure(store)
            return StoreWorker(store: store, label: "casetool.reader.\(index)")
        }
    }

    /// A reader, in turn.
    var reader: StoreWorker {
        nextReader.add(1)
        return readers[nextReader.value % readers.count]
    }

    func worker(writing: Bool) -> any StoreExecutor {
        writing ? writer : reader
    }

    /// Jobs waiting for or running on a connection, writer first.
    var pendingJobs: (writer: Int, readers: Int) {
        (writer.pendingJobs, readers.reduce(0) { $0 + $1.pendingJobs })
    }
}
