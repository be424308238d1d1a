@testable import CaseStore
import Foundation
import Testing

/// Whatever the store accepts, `export` writes and `import` reads back: over generated cases whose
/// times sit at the edges of the accepted range (with offsets), counts at their limits, suspensions,
/// every status, and hostile text.
@Suite("Export and import agree on everything the store accepts")
struct ExportImportPropertyTests {
    /// Late enough that no generated time is in the future.
    static let lateClock: @Sendable () -> Timestamp = { Timestamp(secondsSinceEpoch: 4_133_980_799) }  // 2100-12-31T23:59:59Z

    static let times = [
        "1970-01-01T00:00:00+01:00", "1970-01-01T00:00:00Z", "1970-01-01T00:30:00-00:30", "1970-01-01",
        "2024-02-29T23:59:59+14:00", "2024-03-01T00:00:00-12:00", "2100-12-31T23:59:59-01:00", "2100-12-31T22:00:00Z",
        "2100-12-31", "2000-06-15T12:00:00.999+05:45", "2010-01-01 08:00",
    ]
    static let texts = [
        "r", "  padded  ", "line one\r\nline two", "\u{1B}[31mred", "=1+1", "[a](https://e.example)", "\u{202E}x",
        "مرحبا\u{200C}ها", "e\u{301}", "🧕🏽", String(repeating: "x", count: FieldRules.maxTextLength),
    ]
    static let handles = ["h", "@at", "e\u{301}", "Zoë", "with space", "khamenei\u{200B}_ir", String(repeating: "h", count: 200)]
    static let followers: [Int64?] = [nil, 0, 1, FieldRules.maxFollowerCount, FieldRules.maxFollowerCount + 1, 5_000_000]

    @Test("generated cases: every one the store logs comes back from export → import → export unchanged")
    func roundTrip() throws {
        var random = SystemRandomNumberGenerator()
        let folder = try TemporaryFolder()
        let store = try CaseStore.open(path: folder.path("a.db"), access: .createIfMissing, clock: Self.lateClock)
        try store.addPolicy(code: "spam", name: "Spam")
        var logged = 0
        var refused = 0
        for index in 0..<400 {
            do {
                let opened = try Timestamp(parsing: Self.times.randomElement(using: &random) ?? "2024-01-01", field: "opened_at")
                let kind = DecisionKind.allCases.randomElement(using: &random) ?? .contentLabelled
                let end = Bool.random(using: &random)
                    ? Timestamp(secondsSinceEpoch: opened.secondsSinceEpoch + Int64.random(in: -86_400...(4_000 * 86_400), using: &random))
                    : nil
                let scope: TerritorialScope = [.everywhere, .territories(["DE", "FR"]), .unrecorded].randomElement(using: &random) ?? .everywhere
                let status = CaseStatus.allCases.randomElement(using: &random) ?? .open
                let planned = PlannedCase(
                    newCase: NewCase(
                        platform: ["Instagram", "X", "Télégram"].randomElement(using: &random) ?? "X",
                        handle: Self.handles.randomElement(using: &random) ?? "h",
                        policyCode: "spam", decisions: [Decision(kind, endsAt: end, scope: scope)],
                        content: CaseContent(
                            source: DetectionSource.allCases.randomElement(using: &random) ?? .automated,
                            rationale: Self.texts.randomElement(using: &random) ?? "r", externalID: "case-\(index)",
                            followerCount: Self.followers.randomElement(using: &random) ?? nil,
                            itemTypes: [ItemType.allCases.randomElement(using: &random) ?? .other],
                            itemID: Bool.random(using: &random) ? Self.texts[index % 10] : nil),
                        openedAt: opened, evidence: Bool.random(using: &random) ? [Self.texts[index % 10]] : []),
                    steps: (WorkflowTests.pathTo[status] ?? []).map {
                        Transition(caseID: 0, to: $0, reason: Self.texts.randomElement(using: &random), at: opened)
                    })
                try store.log(planned, actor: "generator")
                logged += 1
            } catch let error as CaseStoreError where error.category == .invalidInput || error.category == .workflowRefused {
                refused += 1
            }
        }
        #expect(logged > 50 && refused > 20, "logged \(logged), refused \(refused)")

        var exported: [ExportRecord] = []
        try store.exportCases(matching: CaseFilter()) { exported.append($0) }
        let copy = try CaseStore.open(path: folder.path("b.db"), access: .createIfMissing, clock: Self.lateClock)
        try copy.addPolicy(code: "spam", name: "Spam")
        var reader = ArrayReader(records: exported.enumerated().map { $1.importRecord(line: $0 + 2) })
        let summary = try copy.importCases(from: &reader, options: ImportOptions(), actor: "importer")
        #expect(summary.errors.isEmpty, "\(summary.errors.prefix(3))")
        #expect(summary.imported == logged)
        var again: [ExportRecord] = []
        try copy.exportCases(matching: CaseFilter()) { again.append($0) }
        #expect(again == exported)
        #expect(copy.checkHealth().isHealthy)
    }
}
