import Foundation
import SQLiteDatabase

/// Files that hold case data are readable and writable by their owner only, whatever the umask
/// (the SQLite layer's `OwnerOnlyFile`, with CaseStore's errors).
public enum PrivateFile {
    /// Creates a new empty file with mode 0600 and returns its open descriptor; fails if it exists.
    static func create(at path: String, readable: Bool = false) throws -> Int32 {
        do {
            return try OwnerOnlyFile.create(at: path, readable: readable)
        } catch let error as DatabaseError {
            throw CaseStoreError(error)
        }
    }

    /// A scratch file in the temporary folder, removed from the folder as soon as it is open, so nothing
    /// is left behind however the process ends.
    public static func anonymousTemporary() throws -> FileHandle {
        let path = FileManager.default.temporaryDirectory.appending(path: "casetool-\(UUID().uuidString)").path
        let descriptor = try create(at: path, readable: true)
        unlink(path)
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }
}
