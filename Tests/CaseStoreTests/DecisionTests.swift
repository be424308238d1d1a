@testable import CaseStore
import Foundation
import SQLiteDatabase
import Testing

@Suite("Decisions")
struct DecisionTests {
    @Test("the text form reads back to the same decision, ordered most severe first, each kind once")
    func textForm() throws {
        let decision = try Decision(parsing: "Account-Suspended until 2026-03-01 in de,AT,DE")
        #expect(decision == Decision(.accountSuspended, endsAt: try time("2026-03-01"), scope: .territories(["AT", "DE"])))
        #expect(decision.text == "account_suspended until 2026-03-01T00:00:00Z in AT,DE")
        #expect(try Decision(parsing: decision.text) == decision)
        #expect(try Decision(parsing: "content_disabled in unrecorded").scope == .unrecorded)
        #expect(throws: CaseStoreError.self) { _ = try Decision(parsing: "content_disabled in unrecorded", allowingUnrecorded: false) }
        // Assigned ISO 3166-1 codes only: the EU, the UK and Kosovo's user-assigned XK are not among them.
        for notACountry in ["EU", "UK", "XK", "XX", "D", "DEU", "D1"] {
            #expect(throws: CaseStoreError.self, "\(notACountry)") { _ = try Decision(parsing: "content_disabled in \(notACountry)") }
        }
        #expect(try Decision(parsing: "content_disabled in gb,de").scope == .territories(["DE", "GB"]))
        let decisions = try Decisions(parsing: ["content_labelled", "account_terminated", "content_removed"])
        #expect(decisions.kinds == [.accountTerminated, .contentRemoved, .contentLabelled])
        #expect(decisions.mostSevere == .accountTerminated)
        #expect(decisions.mask == 1 << 15 | 1 << 0 | 1 << 5)
        for bad in ["", "ban", "content_removed until", "content_removed until tomorrow", "content_disabled in Germany",
                    "content_removed forever", "content_removed until 2026-01-01 until 2026-02-01"] {
            #expect(throws: CaseStoreError.self, "\(bad)") { _ = try Decisions(parsing: [bad]) }
        }
        #expect(throws: CaseStoreError.self) { _ = try Decisions(parsing: ["content_removed until 2026-01-01"]) }
        #expect(throws: CaseStoreError.self) { _ = try Decisions(parsing: ["content_labelled", "content_labelled in DE"]) }
        #expect(throws: CaseStoreError.self) { _ = try Decisions([]) }
    }

    @Test("each kind's bit, severity and DSA key are those the decision_kinds table holds; item types too")
    func lookupTablesMatch() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let kinds = try store.database.prepare("SELECT kind, family, bit, severity, dsa_key FROM decision_kinds ORDER BY severity")
            .query { "\(try $0.string(0)) \(try $0.string(1)) \(try $0.int64(2)) \(try $0.int64(3)) \(try $0.string(4))" }
        #expect(kinds == DecisionKind.allCases.map { "\($0.rawValue) \($0.family.rawValue) \($0.bit) \($0.severityRank + 1) \($0.dsaKey)" })
        #expect(Set(DecisionKind.allCases.map(\.bit)).count == DecisionKind.allCases.count)
        let types = try store.database.prepare("SELECT item_type, dsa_key FROM item_types ORDER BY rowid")
            .query { "\(try $0.string(0)) \(try $0.optionalString(1) ?? "-")" }
        #expect(types == ItemType.allCases.map { "\($0.rawValue) \($0.dsaKey ?? "-")" })
        #expect(DecisionKind.allCases.allSatisfy { DecisionKind(dsaKey: $0.dsaKey) == $0 })
    }

    @Test("several decisions with ends and scopes, and the item, come back from the store, the audit and an export")
    func storedWhole() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        var input = sampleCase(openedAt: try time("2024-03-01"))
        let suspension = Decision(.accountSuspended, endsAt: try time("2024-04-01"), scope: .territories(["DE"]))
        input.decisions = [Decision(.contentRemoved), suspension]
        input.content.itemTypes = [.video, .text]
        input.content.itemID = "https://example.org/v/1"
        input.content.itemPostedAt = try time("2024-02-28")
        let id = try store.logCase(input, actor: "a")
        try store.transition(Transition(caseID: id, to: .actioned, reason: "r", at: try time("2024-03-02")), actor: "a")
        let record = try store.caseDetail(id: id).record
        #expect(record.decisions.all == [suspension, Decision(.contentRemoved)])
        #expect(record.content.itemTypes == [.text, .video] && record.content.itemID == "https://example.org/v/1")
        #expect(try store.verifyAudit().problems.isEmpty)
        #expect(try store.cases(matching: CaseFilter(decision: .contentRemoved)).map(\.id) == [id])
        #expect(try store.cases(matching: CaseFilter(decision: .contentLabelled)).isEmpty)
        let report = try store.report(ReportRequest(dimensions: [.decision], omitEmpty: true))
        #expect(report.rows.map(\.group.decision) == [.accountSuspended])
        #expect(report.total.actionedByDecision[.contentRemoved] == 1 && report.total.actionedByDecision[.accountSuspended] == 1)
        let notice = try store.notice(caseID: id)
        let said = notice.sections[0].paragraphs.joined(separator: " ")
        #expect(said.contains("We suspended the account in Germany from 2024-03-02 until 2024-04-01 (30 days)."), "\(said)")
        #expect(said.contains("We removed the content on 2024-03-02.") && said.contains("https://example.org/v/1"), "\(said)")
    }
}

@Suite("Decision rules that must agree across paths")
struct DecisionConsistencyTests {
    @Test("a restriction is held to ten years from when it takes effect, by status and by import alike")
    func lengthFromActioning() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let id = try store.logCase(sampleCase(openedAt: try time("2024-01-01")), actor: "a")
        let long = Decision(.accountSuspended, endsAt: try time("2034-02-01"))
        #expect(throws: CaseStoreError.self) {
            var early = sampleCase(handle: "other", openedAt: try time("2024-01-01"))
            early.decisions = [long]
            try store.logCase(early, actor: "a")  // from the opening: more than ten years
        }
        try store.transition(Transition(caseID: id, to: .actioned, reason: "r", at: try time("2024-03-01"), decisions: [long]), actor: "a")
        var exported: [ExportRecord] = []
        try store.exportCases(matching: CaseFilter()) { exported.append($0) }
        let copy = try makeStore(in: try TemporaryFolder())
        var reader = ArrayReader(records: exported.enumerated().map { $1.importRecord(line: $0 + 2) })
        let summary = try copy.importCases(from: &reader, options: ImportOptions(), actor: "b")
        #expect(summary.imported == 1 && summary.errors.isEmpty, "\(summary.errors)")
    }

    @Test("an older file's end date on an action that has none is refused, not dropped; an item is not posted after opening")
    func refusedNotDropped() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        func row(_ extra: [(String, String)]) -> ImportRecord {
            ImportRecord(line: 2, fields: ([("platform", "X"), ("handle", "h"), ("policy", "spam"), ("source", "automated"),
                                            ("rationale", "r"), ("opened_at", "2024-01-01")] + extra).map { ($0, .text($1)) })
        }
        var reader = ArrayReader(records: [
            row([("action", "remove_content"), ("action_ends_at", "2024-02-01")]),
            row([("decisions", #"["content_removed"]"#), ("item_posted_at", "2024-01-02"), ("external_id", "b")]),
        ])
        let summary = try store.importCases(from: &reader, options: ImportOptions(skipInvalid: true), actor: "i")
        #expect(summary.errors.map(\.description) == [
            "memory:2: action_ends_at: only a suspension has an end date; 'remove_content' has none",
            "memory:2: item_posted_at: 2024-01-02T00:00:00Z is after the case was opened (2024-01-01T00:00:00Z)",
        ])
    }
}

@Suite("One declaration of a case's fields")
struct CaseFieldsTests {
    /// A value for each field, other than the sample case's. A new field fails this test until it gets one.
    static let tampered: [String: String] = [
        "external_id": "'changed'", "follower_count": "7", "source": "'legal_order'", "automated_decision": "'fully'",
        "rationale": "'changed'", "occurred_at": "'2020-01-01T00:00:00Z'", "item_type": "'video'", "item_id": "'changed'",
        "item_posted_at": "'2020-01-02T00:00:00Z'",
    ]

    @Test("every declared field is a column, an interchange column, a key of the creation event, and under tamper detection")
    func everyFieldEverywhere() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        var input = sampleCase()
        input.content.externalID = "e-1"
        let id = try store.logCase(input, actor: "a")
        let columns = Set(try store.database.prepare("SELECT name FROM pragma_table_info('cases')").query { try $0.string(0) })
        let payload = try #require(try store.caseDetail(id: id).events.first?.payload)
        #expect(payload.hasPrefix(#"{"content_sha256":""#), "\(payload)")
        for field in CaseFields.content {
            #expect(columns.contains(field.name), "cases has no column \(field.name): add it in a migration")
            #expect(CaseInterchange.columns.contains(field.interchangeName))
            // The creation event commits to every field by digest: changing any one breaks it.
            guard let value = Self.tampered[field.name] else {
                Issue.record("give \(field.name) a tampered value in CaseFieldsTests.tampered")
                continue
            }
            try store.database.execute("UPDATE cases SET \(field.name) = \(value) WHERE id = \(id)")
            let problems = try store.verifyAudit().problems.map(\.problem)
            #expect(problems.contains { $0.contains("no longer holds what the case was logged with") && $0.contains(field.name) },
                    "\(field.name): \(problems)")
            try store.database.execute("UPDATE cases SET \(field.name) = \(field.text(input.content).map { field.isNumber ? $0 : "'\($0)'" } ?? "NULL") WHERE id = \(id)")
            #expect(try store.verifyAudit().problems.isEmpty)
        }
    }
}

@Suite("Migration 0005")
struct DecisionMigrationTests {
    /// A database as casetool wrote it at schema v4: one action per case, events in the old form,
    /// hashed as they were.
    func version4(_ folder: TemporaryFolder) throws -> String {
        let path = folder.path("v4.db")
        let database = try Database(path: path)
        _ = try Migrator(migrations: Array(try Migration.embedded().prefix(4))).migrate(database, now: fixedClock())
        let t = "2024-03-14T00:00:00Z"
        try database.execute("""
            INSERT INTO policies (id, code, name, created_at) VALUES (1, 'spam', 'Spam', '\(t)');
            INSERT INTO accounts (id, platform, handle, created_at, updated_at) VALUES (1, 'X', 'someone', '\(t)', '\(t)');
            INSERT INTO cases (id, account_id, platform, policy_id, action, action_ends_at, status, source, rationale, opened_at,
                               actioned_at, created_by, created_at, updated_at, automated_detection) VALUES
                (1, 1, 'X', 1, 'suspend', '2024-04-01T00:00:00Z', 'actioned', 'user_report', 'r', '\(t)', '\(t)', 'a', '\(t)', '\(t)', 0),
                (2, 1, 'X', 1, 'geoblock', NULL, 'open', 'automated', 'r', '\(t)', NULL, 'a', '\(t)', '\(t)', 1),
                (3, 1, 'X', 1, 'label', NULL, 'open', 'user_report', 'r', '\(t)', NULL, 'a', '\(t)', '\(t)', 0);
            """)
        let events: [(Int64, Int, EventKind, CaseStatus?, CaseStatus?, String?)] = [
            (1, 1, .created, nil, .open,
             #"{"action":"remove_content","handle":"someone","opened_at":"2024-03-14T00:00:00Z","platform":"X","policy":"spam","rationale":"r","source":"user_report"}"#),
            (1, 2, .transition, .open, .actioned, #"{"action":"suspend","action_ends_at":"2024-04-01T00:00:00Z"}"#),
            (2, 1, .created, nil, .open,
             #"{"action":"geoblock","handle":"someone","opened_at":"2024-03-14T00:00:00Z","platform":"X","policy":"spam","rationale":"r","source":"automated"}"#),
            (3, 1, .created, nil, .open,
             #"{"action":"label","handle":"someone","opened_at":"2024-03-14T00:00:00Z","platform":"X","policy":"spam","rationale":"r","source":"user_report"}"#),
        ]
        var previous = EventChain.genesis
        let insert = try database.prepare("""
            INSERT INTO case_events (id, case_id, seq, kind, from_status, to_status, actor, reason, payload, occurred_at,
                                     recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, 'a', ?, ?, ?, ?, ?, ?)
            """)
        for (index, (caseID, seq, kind, from, to, payload)) in events.enumerated() {
            let event = CaseEvent(
                id: Int64(index + 1), caseID: caseID, sequence: seq, kind: kind, fromStatus: from, toStatus: to, actor: "a",
                reason: kind == .transition ? "r" : nil, payload: payload, occurredAt: try time(t), recordedAt: try time(t),
                previousHash: previous, hash: "", format: 1)
            let hash = EventChain.hash(of: event, previous: previous)
            try insert.execute([event.id, caseID, seq, kind, from, to, event.reason, payload, t, t, previous, hash])
            previous = hash
        }
        return path
    }

    @Test("each action becomes its decision, the events keep their bytes, and the audit chain still verifies")
    func actionsBecomeDecisions() throws {
        let folder = try TemporaryFolder()
        let path = try version4(folder)
        let eventsBefore = try {
            let database = try Database(path: path)
            return try database.prepare("SELECT payload, hash FROM case_events ORDER BY id").query { "\(try $0.string(0)) \(try $0.string(1))" }
        }()
        let store = try CaseStore.open(path: path, clock: fixedClock)
        #expect(store.migrationsApplied.map(\.version) == Array(5...(try Migrator.embedded().migrations.count)))
        let cases = try store.cases(matching: CaseFilter()).sorted { $0.id < $1.id }
        #expect(cases.map(\.decisions.texts) == [
            ["account_suspended until 2024-04-01T00:00:00Z"], ["content_disabled in unrecorded"], ["content_labelled"],
        ])
        #expect(cases.allSatisfy { $0.content.itemTypes.isEmpty })
        let problems = try store.verifyAudit().problems
        #expect(problems.isEmpty, "\(problems)")
        #expect(try store.database.prepare("SELECT payload, lower(hex(hash)) FROM case_events ORDER BY id").query {
            "\(try $0.string(0)) \(try $0.string(1))"
        } == eventsBefore)
        let view = try store.database.prepare("SELECT case_id, kind, ends_at, territories FROM case_decisions ORDER BY case_id")
            .query { "\(try $0.int64(0)) \(try $0.string(1)) \(try $0.optionalString(2) ?? "-") \(try $0.optionalString(3) ?? "-")" }
        #expect(view == ["1 account_suspended 2024-04-01T00:00:00Z -", "2 content_disabled - unrecorded", "3 content_labelled - -"])
        #expect(try Migrator.embedded().schemaDifferences(in: store.database).isEmpty)
        // New events take the new form; the old ones still replay.
        try store.transition(
            Transition(caseID: 3, to: .actioned, reason: "r", decisions: [Decision(.contentLabelled, scope: .territories(["FR"]))]),
            actor: "b")
        #expect(try store.verifyAudit().problems.isEmpty)
    }
}
