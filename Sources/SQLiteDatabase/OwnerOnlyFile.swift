import Foundation

/// Files that hold case data are readable and writable by their owner only, whatever the umask.
public enum OwnerOnlyFile {
    /// Creates a new empty file with mode 0600 and returns its open descriptor; fails if it exists.
    public static func create(at path: String, readable: Bool = false) throws -> Int32 {
        let descriptor = open(path, (readable ? O_RDWR : O_WRONLY) | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            throw DatabaseError.cannotOpen(path: path, problem: String(cString: strerror(errno)))
        }
        // open's mode is filtered by the umask, which may take the owner's own bits away: set it outright.
        if fchmod(descriptor, 0o600) != 0 {
            let problem = String(cString: strerror(errno))
            close(descriptor)
            unlink(path)
            throw DatabaseError.cannotOpen(path: path, problem: problem)
        }
        return descriptor
    }
}
