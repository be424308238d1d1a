import CaseStore
import Foundation

/// The server's connections: one that writes, so that writes queue in the server rather than
/// contend for SQLite's lock (and share commits, see `GroupCommitWriter`), and several that read,
/// each its own WAL snapshot, in parallel; and one for sign-ins.
final class StorePool: Sendable {
    let writer: GroupCommitWriter
    /// Sign-ins, one at a time: bcrypt takes a quarter of a second by design, so a flood of them
    /// (a password-guessing client) waits here, slowing sign-in rather than every read.
    let signIns: StoreWorker
    private let readers: [StoreWorker]
    private let nextReader = PendingCount()

    /// Opens (and migrates, through the writer) the database at `path`.
    init(path: String, readers readerCount: Int, configure: (CaseStore) -> Void = { _ in }) throws {
        let writingStore = try CaseStore.open(path: path)
        configure(writingStore)
        writer = GroupCommitWriter(store: writingStore)
        let signingStore = try CaseStore.open(path: path)
        configure(signingStore)
        signIns = StoreWorker(store: signingStore, label: "casetool.sign-in")
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

    /// Jobs waiting for or running on a connection, writer first (sign-ins count with the readers).
    var pendingJobs: (writer: Int, readers: Int) {
        (writer.pendingJobs, readers.reduce(signIns.pendingJobs) { $0 + $1.pendingJobs })
    }
}
