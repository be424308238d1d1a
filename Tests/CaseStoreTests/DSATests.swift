import CaseStore
import Foundation
import Testing

/// Statements of reasons written the way the daily dump writes them, for tests.
enum DSAFixture {
    /// A complete, valid statement: a TikTok video removed on a user's Article 16 notice.
    static let base: [String: String] = [
        "uuid": "5f0b7c3e-0000-4000-8000-000000000001", "decision_visibility": "[\"DECISION_VISIBILITY_CONTENT_REMOVED\"]",
        "decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT", "incompatible_content_ground": "Hateful behaviour",
        "incompatible_content_explanation": "Slurs against a protected group.",
        "category": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", "category_specification": "[\"KEYWORD_HATE_SPEECH\"]",
        "content_type": "[\"CONTENT_TYPE_VIDEO\"]", "content_language": "DE", "content_date": "2024-09-01 00:00:00",
        "territorial_scope": "[\"AT\",\"DE\"]", "application_date": "2024-09-03 00:00:00",
        "decision_facts": "Reported by a user; a moderator confirmed the slur, \"quoted\" here.",
        "source_type": "SOURCE_ARTICLE_16", "automated_detection": "No", "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
        "platform_name": "TikTok", "platform_uid": "tt-0001", "created_at": "2024-09-03 10:00:00",
    ]

    static func statement(_ changes: [String: String?] = [:]) -> [String: String] {
        var values = base
        for (key, value) in changes { values[key] = value }
        return values
    }

    static func record(_ values: [String: String], line: Int = 2, columns: [String] = DSAVocabulary.dumpColumns38) -> ImportRecord {
        ImportRecord(line: line, fields: columns.map { ($0, values[$0].map { .text($0) } ?? .null) })
    }

    /// The dump's quoting: quoted when holding a space, comma, quote, backslash, tab or line break; LF lines.
    static func csv(_ statements: [[String: String]], columns: [String] = DSAVocabulary.dumpColumns38) -> String {
        func field(_ value: String) -> String {
            value.contains(where: { " ,\"\\\t\n\r".contains($0) }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        return ([columns.joined(separator: ",")] + statements.map { row in columns.map { field(row[$0] ?? "") }.joined(separator: ",") })
            .joined(separator: "\n") + "\n"
    }
}

@Suite("DSA statements of reasons")
struct DSATests {
    func importStatements(_ statements: [[String: String]], into store: CaseStore, options: ImportOptions = ImportOptions()) throws -> ImportSummary {
        var reader = ArrayReader(records: statements.enumerated().map { DSAFixture.record($1, line: $0 + 2) })
        return try store.importCases(from: &reader, layout: DSAStatementLayout(), options: options, actor: "importer")
    }

    @Test("each statement becomes an actioned case under its category's policy, keeping every field")
    func mapping() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let statements = [
            DSAFixture.base,
            DSAFixture.statement([
                "platform_uid": "tt-0002", "decision_visibility": nil, "decision_account": "DECISION_ACCOUNT_SUSPENDED",
                "end_date_account_restriction": "2024-10-03 00:00:00", "account_type": "ACCOUNT_TYPE_BUSINESS",
                "source_type": "SOURCE_VOLUNTARY", "automated_detection": "Yes",
            ]),
            DSAFixture.statement([
                "platform_uid": "tt-0003", "decision_visibility": nil, "decision_account": "DECISION_ACCOUNT_SUSPENDED",
                "category": "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE", "source_type": "SOURCE_TRUSTED_FLAGGER",
                "automated_detection": "Yes", "automated_decision": "AUTOMATED_DECISION_PARTIALLY",
            ]),
            DSAFixture.statement([
                "platform_uid": "tt-0004", "decision_visibility": "[\"DECISION_VISIBILITY_CONTENT_LABELLED\"]",
                "source_type": "SOURCE_VOLUNTARY", "decision_facts": nil, "account_type": "ACCOUNT_TYPE_PRIVATE",
            ]),
            DSAFixture.statement(["platform_uid": "tt-0005", "decision_visibility": nil, "decision_monetary": "DECISION_MONETARY_SUSPENSION"]),
        ]
        let summary = try importStatements(statements, into: store)
        #expect(summary.imported == 5 && summary.skipped == 0 && summary.errors.isEmpty)

        let cases = try store.cases(matching: CaseFilter()).sorted { $0.id < $1.id }
        // Every decision as the statement gives it: a suspension without an end date stays a suspension.
        #expect(cases.map(\.decisions.kinds) == [
            [.contentRemoved], [.accountSuspended], [.accountSuspended], [.contentLabelled], [.monetarySuspension],
        ])
        #expect(cases.allSatisfy { $0.decisions.all.allSatisfy { $0.scope == .territories(["AT", "DE"]) } })
        #expect(cases.map(\.content.itemTypes) == [[.video], [.video], [.video], [.video], [.video]])
        #expect(cases.map(\.source) == [.userReport, .automated, .trustedFlagger, .proactiveHuman, .userReport])
        #expect(cases.map(\.policy.code) == [
            "dsa-illegal-or-harmful-speech", "dsa-illegal-or-harmful-speech", "dsa-other-violation-tc",
            "dsa-illegal-or-harmful-speech", "dsa-illegal-or-harmful-speech",
        ])
        #expect(cases.map(\.account.handle) == [
            "dsa-sor:unspecified", "dsa-sor:business", "dsa-sor:unspecified", "dsa-sor:private", "dsa-sor:unspecified",
        ])
        #expect(cases.allSatisfy { $0.status == .actioned && $0.account.platform == "TikTok" && $0.account.unnamed })
        // Automation as each statement says, whatever the source (the trusted flagger's notice was triaged by machine).
        #expect(cases.map(\.automatedDetection) == [false, true, true, false, false])
        #expect(cases.map(\.automatedDecision) == [.notAutomated, .notAutomated, .partially, .notAutomated, .notAutomated])
        let first = try #require(cases.first)
        #expect(first.externalID == "tt-0001" && first.rationale == DSAFixture.base["decision_facts"])
        let (applied, content) = (try time("2024-09-03"), try time("2024-09-01"))
        #expect(first.openedAt == applied && first.occurredAt == content)
        #expect(cases[1].decisions.all[0].endsAt == (try time("2024-10-03")))
        #expect(cases[2].decisions.all[0].endsAt == nil)
        #expect(first.content.itemPostedAt == content)
        // No facts given: the explanation of the ground stands in.
        #expect(cases[3].rationale == "Slurs against a protected group.")
        // The category's policy exists for every current key, with the key recorded.
        let dsaPolicies = try store.policies().filter { $0.code.hasPrefix("dsa-") }
        #expect(dsaPolicies.count == DSAVocabulary.categories.count)
        #expect(dsaPolicies.allSatisfy { DSAVocabulary.policyCode(forCategory: $0.dsaCategory ?? "") == $0.code })

        // Every field comes back exactly, and the history verifies.
        var exported: [StatementOfReasons] = []
        try store.exportStatements(matching: CaseFilter(), as: .dump) { exported.append(try #require($0.statement)) }
        for (statement, original) in zip(exported, statements) {
            #expect(DSAVocabulary.dumpColumns38.map { statement.dumpCell($0) } == DSAVocabulary.dumpColumns38.map { original[$0] ?? "" })
        }
        #expect(exported[0]["territorial_scope"] == .list(["AT", "DE"]))
        #expect(try store.verifyAudit().isIntact)
    }

    @Test("importing the same statements again adds nothing; a repeated uuid in one file is skipped")
    func reimport() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let first = try importStatements([DSAFixture.base, DSAFixture.base], into: store)
        #expect(first.imported == 1 && first.skipped == 1)
        let before = try snapshot(store.database)
        let again = try importStatements([DSAFixture.base], into: store)
        #expect(again.imported == 0 && again.skipped == 1)
        #expect(try snapshot(store.database) == before)
    }

    @Test("bad statements are refused naming the dump's column", arguments: [
        (["decision_visibility": "[\"DECISION_VISIBILITY_GONE\"]"], "decision_visibility: 'DECISION_VISIBILITY_GONE' is not one of its keys"),
        (["territorial_scope": "AT,DE"], "territorial_scope: is not a JSON array of strings"),
        (["category": "STATEMENT_CATEGORY_NOPE"], "category: 'STATEMENT_CATEGORY_NOPE' is not a DSA category key"),
        (["decision_visibility": nil], "decision_visibility: a statement needs at least one decision"),
        (["application_date": "14/03/2024"], "application_date: '14/03/2024' is not an ISO 8601 date"),
        (["content_date": "2024-09-05 00:00:00"], "content_date: 2024-09-05T00:00:00Z is after the case was opened"),
        (["platform_uid": nil], "platform_uid: is required"),
        (["source_type": "SOURCE_RUMOUR"], "source_type: 'SOURCE_RUMOUR' is not one of its keys"),
    ] as [([String: String?], String)])
    func refused(changes: [String: String?], message: String) throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let before = try snapshot(store.database)
        let summary = try importStatements([DSAFixture.statement(changes)], into: store)
        #expect(summary.imported == 0 && summary.rejected == 1)
        #expect(summary.errors.first?.description.contains("memory:2: " + message) == true, "\(summary.errors)")
        #expect(try snapshot(store.database) == before)
    }

    @Test("the submission form renames, translates and trims, and passes the API's rules")
    func submissionForm() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        _ = try importStatements([DSAFixture.statement(["category": "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE"])], into: store)
        var exported: [ExportedStatement] = []
        try store.exportStatements(matching: CaseFilter(), as: .submission) { exported.append($0) }
        let api = try #require(exported.first?.statement)
        #expect(exported.first?.problems == [])
        #expect(api.text("puid") == "tt-0001" && api.text("platform_uid") == nil && api.text("uuid") == nil)
        #expect(api.text("category") == "STATEMENT_CATEGORY_OTHER_VIOLATION_TC")
        #expect(api.text("application_date") == "2024-09-03" && api.text("content_date") == "2024-09-01")
        #expect(api["content_type"] == .list(["CONTENT_TYPE_VIDEO"]))
    }

    @Test("each API rule is checked and named", arguments: [
        (["platform_uid": "has space"], "puid: 'has space' may hold only letters, digits, '-' and '_' (^[a-zA-Z0-9-_]+$)"),
        (["decision_facts": nil], "decision_facts: is empty in this statement, and the submission API requires it"),
        (["decision_visibility": "[\"DECISION_VISIBILITY_OTHER\"]"], "decision_visibility_other: is required with DECISION_VISIBILITY_OTHER"),
        (["content_type": "[\"CONTENT_TYPE_OTHER\"]"], "content_type_other: is required with CONTENT_TYPE_OTHER"),
        (["incompatible_content_ground": nil], "incompatible_content_ground: is required with DECISION_GROUND_INCOMPATIBLE_CONTENT"),
        (["decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT", "illegal_content_explanation": "Unlawful under §130 StGB."], "illegal_content_legal_ground: is required with DECISION_GROUND_ILLEGAL_CONTENT"),
        (["application_date": "2019-12-31 00:00:00", "content_date": "2019-12-01 00:00:00"], "application_date: 2019-12-31 is before 2020-01-01"),
        (["category_specification": "[\"hate\"]"], "category_specification: 'hate' is not a KEYWORD_… key"),
        (["content_language": "german"], "content_language: 'german' is not a two-letter ISO 639-1 code in capitals"),
        (["territorial_scope": "[]"], "territorial_scope: is empty in this statement, and the submission API requires it"),
    ] as [([String: String?], String)])
    func apiRules(changes: [String: String?], problem: String) throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let summary = try importStatements([DSAFixture.statement(changes)], into: store)
        #expect(summary.imported == 1, "\(summary.errors)")
        var exported: [ExportedStatement] = []
        try store.exportStatements(matching: CaseFilter(), as: .submission) { exported.append($0) }
        #expect(exported.first?.problems == [problem])
        #expect(exported.first?.statement == nil)
        // The dump form gives the statement back as it came, whatever today's API would say.
        exported = []
        try store.exportStatements(matching: CaseFilter(), as: .dump) { exported.append($0) }
        #expect(exported.first?.problems == [] && exported.first?.statement != nil)
    }

    @Test("a suspension that ends before its statement's decision is refused on import, naming the column")
    func suspensionEndingBeforeDecision() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let summary = try importStatements([DSAFixture.statement([
            "decision_visibility": nil, "decision_account": "DECISION_ACCOUNT_SUSPENDED",
            "end_date_account_restriction": "2024-09-02 00:00:00",
        ])], into: store)
        #expect(summary.imported == 0)
        #expect(summary.errors.map(\.description).first?.contains(
            "end_date_account_restriction: 2024-09-02T00:00:00Z is before the decision was applied (2024-09-03T") == true,
            "\(summary.errors)")
    }

    @Test("a puid over 500 characters cannot be imported or submitted")
    func puidLength() throws {
        let long = String(repeating: "a", count: 501)
        #expect(DSASubmissionRules.problems(in: StatementOfReasons(fields: ["puid": .text(long)])).contains("puid: is 501 characters; the limit is 500"))
        let folder = try TemporaryFolder()
        let summary = try importStatements([DSAFixture.statement(["platform_uid": long])], into: try makeStore(in: folder))
        #expect(summary.errors.map(\.description) == ["memory:2: platform_uid: is 501 characters long; the limit is 500"])
    }

    @Test("a case logged in casetool is described as a statement, or refused with the reason")
    func derived() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        try store.setDSACategory("STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", forPolicy: "hate-speech")
        var suspension = sampleCase(handle: "a", openedAt: try time("2024-03-01"))
        suspension.decisions = [Decision(.accountSuspended, endsAt: try time("2024-04-01"))]
        let actioned = try store.logCase(suspension, actor: "t")
        try store.transition(Transition(caseID: actioned, to: .actioned, reason: "confirmed", at: try time("2024-03-02")), actor: "t")
        let open = try store.logCase(sampleCase(handle: "b", openedAt: try time("2024-03-01")), actor: "t")
        let spam = try store.logCase(sampleCase(handle: "c", policy: "spam", openedAt: try time("2024-03-01")), actor: "t")
        try store.transition(Transition(caseID: spam, to: .actioned, reason: "spam", at: try time("2024-03-02")), actor: "t")

        var exported: [Int64: ExportedStatement] = [:]
        try store.exportStatements(matching: CaseFilter(), as: .submission) { exported[$0.caseID] = $0 }
        let statement = try #require(exported[actioned]?.statement)
        #expect(statement.text("decision_account") == "DECISION_ACCOUNT_SUSPENDED")
        #expect(statement.text("end_date_account_restriction") == "2024-04-01")
        #expect(statement.text("application_date") == "2024-03-02" && statement.text("source_type") == "SOURCE_ARTICLE_16")
        #expect(statement.text("category") == "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH")
        #expect(statement.text("puid") == "casetool-\(actioned)")
        #expect(statement.keys("territorial_scope") == DSAVocabulary.territories)
        #expect(exported[open]?.problems == ["application_date: the case is open, and a statement of reasons follows a decision to act"])
        #expect(exported[spam]?.problems.first?.hasPrefix("category: policy 'spam' has no DSA category") == true)
    }

    @Test("policies take only current category keys")
    func categoryKeys() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        #expect(throws: CaseStoreError.invalidValue(
            field: "dsa_category",
            problem: "'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE' was retired in July 2025; use STATEMENT_CATEGORY_OTHER_VIOLATION_TC")
        ) { try store.setDSACategory("STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE", forPolicy: "spam") }
        #expect(throws: CaseStoreError.self) { try store.addPolicy(code: "x", name: "X", dsaCategory: "HATE") }
        try store.setDSACategory("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", forPolicy: "spam")
        #expect(try store.policy(code: "spam").dsaCategory == "STATEMENT_CATEGORY_SCAMS_AND_FRAUD")
        try store.setDSACategory(nil, forPolicy: "spam")
        #expect(try store.policy(code: "spam").dsaCategory == nil)
    }
}
