import CaseStore
import Foundation
import SQLiteDatabase

/// A folder under the system temp directory, removed when released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appending(path: "casestore-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String {
        url.appending(path: name).path
    }
}

/// A fixed clock, so recorded times are predictable.
let fixedClock: @Sendable () -> Timestamp = { Timestamp(secondsSinceEpoch: 1_735_689_600) }  // 2025-01-01

func time(_ text: String) throws -> Timestamp {
    try Timestamp(parsing: text, field: "test")
}

/// A new store in a temp folder with a small policy catalog.
func makeStore(in folder: TemporaryFolder) throws -> CaseStore {
    let store = try CaseStore.open(path: folder.path("cases.db"), access: .createIfMissing, clock: fixedClock)
    try store.addPolicy(code: "hate-speech", name: "Hate Speech")
    try store.addPolicy(code: "spam", name: "Spam")
    try store.addPolicy(code: "dangerous-organizations", name: "Dangerous Organizations & Individuals")
    return store
}

func sampleCase(
    handle: String = "someone", platform: String = "Instagram", policy: String = "hate-speech",
    followers: Int64? = 100, openedAt: Timestamp? = nil, source: DetectionSource = .userReport,
    automatedDecision: AutomatedDecision = .notAutomated, unnamed: Bool = false
) -> NewCase {
    NewCase(
        platform: platform, handle: handle, policyCode: policy, decisions: [Decision(.contentRemoved)],
        content: CaseContent(
            source: source, rationale: "Slur directed at a protected group", automatedDecision: automatedDecision,
            followerCount: followers),
        openedAt: openedAt, accountUnnamed: unnamed)
}

/// Every row of every table, as text: two snapshots are equal exactly when nothing was written.
func snapshot(_ database: Database) throws -> [String] {
    let tables = try database.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).query { try $0.string(0) }
    var lines: [String] = []
    for table in tables {
        lines += try database.prepare("SELECT * FROM \"\(table)\" ORDER BY rowid").query { row in
            table + ": " + (0..<row.columnCount).map { "\(row.value($0))" }.joined(separator: " | ")
        }
    }
    return lines
}

/// The package's root folder, found from this source file.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
