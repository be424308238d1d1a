import CaseStore
import Foundation
import SQLiteDatabase

/// Runs the built `casetool` binary as a user would, in a temp folder with a clean environment.
final class CLIRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    let folder: URL
    var environment: [String: String]

    /// The casetool binary next to the test bundle (both are build products), or $CASETOOL_BINARY.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["CASETOOL_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        let testExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testExecutable.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appending(path: "casetool")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: ".build/debug/casetool")
    }()

    init() throws {
        folder = FileManager.default.temporaryDirectory.appending(path: "casetool-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": folder.path,
            "CASETOOL_ACTOR": "tester",
        ]
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func path(_ name: String) -> String {
        folder.appending(path: name).path
    }

    /// A casetool process started with `launch`, still running or finished.
    final class Running {
        let process: Process
        private let outURL: URL
        private let errURL: URL

        fileprivate init(process: Process, outURL: URL, errURL: URL) {
            self.process = process
            self.outURL = outURL
            self.errURL = errURL
        }

        var pid: Int32 { process.processIdentifier }

        /// What the process has written on stderr so far (it may still be running).
        func stderrSoFar() -> String {
            String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        }

        func wait() throws -> Result {
            process.waitUntilExit()
            defer {
                try? FileManager.default.removeItem(at: outURL)
                try? FileManager.default.removeItem(at: errURL)
            }
            return Result(
                status: process.terminationStatus,
                stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
        }
    }

    /// Starts casetool without waiting for it; output goes to files, so large outputs cannot block.
    func launch(
        _ arguments: [String], binary: URL = CLIRunner.binary, prefix: [String] = [], stdin: String? = nil
    ) throws -> Running {
        let id = UUID().uuidString
        let outURL = folder.appending(path: ".out-\(id)")
        let errURL = folder.appending(path: ".err-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        if prefix.isEmpty {
            process.executableURL = binary
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: prefix[0])
            process.arguments = Array(prefix.dropFirst()) + [binary.path] + arguments
        }
        process.environment = environment
        process.currentDirectoryURL = folder
        process.standardInput = try stdin.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0)) } ?? FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        return Running(process: process, outURL: outURL, errURL: errURL)
    }

    /// Runs casetool with these arguments and waits for it.
    @discardableResult
    func run(
        _ arguments: [String], binary: URL = CLIRunner.binary, prefix: [String] = [], stdin: String? = nil
    ) throws -> Result {
        try launch(arguments, binary: binary, prefix: prefix, stdin: stdin).wait()
    }

    /// Runs one shell command line as a reader of the README would type it, with `casetool` on the PATH.
    func shell(_ commandLine: String) throws -> Result {
        let saved = environment
        defer { environment = saved }
        environment["PATH"] = CLIRunner.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return try run(["-c", commandLine], binary: URL(fileURLWithPath: "/bin/sh"))
    }

    /// Runs and requires success, returning stdout.
    @discardableResult
    func succeed(_ arguments: [String]) throws -> String {
        let result = try run(arguments)
        guard result.status == 0 else {
            throw Failure("casetool \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    /// Every row of every table of a database, to prove a failed command wrote nothing.
    func snapshot(_ databasePath: String) throws -> [String] {
        let database = try Database(path: databasePath, mode: .readOnly)
        let tables = try database.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ).query { try $0.string(0) }
        return try tables.flatMap { table in
            try database.prepare("SELECT * FROM \"\(table)\" ORDER BY rowid").query { row in
                table + ": " + (0..<row.columnCount).map { "\(row.value($0))" }.joined(separator: " | ")
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// Parses JSON output into Foundation objects for assertions.
func parseJSON(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
}

/// The package's root folder, found from this source file.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
