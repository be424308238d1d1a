import Foundation
import SQLiteDatabase
import Testing
@testable import CaseStore

@Suite("Large imports build indexes after the load")
struct DeferredIndexTests {
    private func exported(cases count: Int) throws -> [ImportRecord] {
        let source = try makeStore(in: try TemporaryFolder())
        for number in 1...count {
            var input = sampleCase(handle: "h\(number % 7)", followers: Int64(number))
            input.content.externalID = "x-\(number)"
            let id = try source.logCase(input, actor: "a")
            if number % 3 == 0 { try source.transition(Transition(caseID: id, to: .actioned, reason: "r"), actor: "a") }
        }
        var records: [ExportRecord] = []
        try source.exportCases(matching: CaseFilter()) { records.append($0) }
        return records.enumerated().map { $1.importRecord(line: $0 + 2) }
    }

    private func indexes(_ store: CaseStore) throws -> [String] {
        try store.database.prepare("SELECT name || ': ' || sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .query { try $0.string(0) }
    }

    @Test("the indexes come back exactly as declared, and the import is whole and verifiable")
    func rebuiltAsDeclared() throws {
        let records = try exported(cases: 40)
        let store = try makeStore(in: try TemporaryFolder())
        let before = try indexes(store)
        let pages = "SELECT rootpage FROM sqlite_schema WHERE name = 'cases_report'"
        let pageBefore = try store.database.prepare(pages).queryFirst { try $0.int64(0) }
        var options = ImportOptions()
        options.indexDeferralMinimumRows = 10
        var reader = ArrayReader(records: records)
        let summary = try store.importCases(from: &reader, options: options, actor: "i")
        #expect(summary.imported == 40 && summary.errors.isEmpty, "\(summary.errors)")
        #expect(try indexes(store) == before)
        // Built again (a new root page), not kept: the deferred path ran.
        #expect(try store.database.prepare(pages).queryFirst { try $0.int64(0) } != pageBefore)
        #expect(try store.database.prepare(pages).queryFirst { try $0.int64(0) } != nil)
        #expect(try Migrator.embedded().schemaDifferences(in: store.database).isEmpty)
        #expect(try store.verifyAudit().isIntact)
        #expect(try store.cases(matching: CaseFilter(status: .actioned)).count == 13)
        #expect(try store.caseID(platform: "Instagram", externalID: "x-40") != nil)
    }

    @Test("a bad row after the indexes were dropped rolls everything back, indexes included")
    func failureRollsBack() throws {
        var records = try exported(cases: 30)
        let last = try #require(records.last)
        records.append(ImportRecord(line: last.line + 1, fields: last.fields.map { field in
            (field.name, field.name == "policy" ? .text("no-such-policy") : field.name == "external_id" ? .text("x-new") : field.value)
        }))
        let store = try makeStore(in: try TemporaryFolder())
        let before = try indexes(store)
        var options = ImportOptions()
        options.indexDeferralMinimumRows = 10
        var reader = ArrayReader(records: records)
        let summary = try store.importCases(from: &reader, options: options, actor: "i")
        #expect(summary.imported == 0 && summary.errors.count == 1)
        #expect(try indexes(store) == before)
        #expect(try store.database.prepare("SELECT count(*) FROM cases").queryFirst { try $0.int64(0) } == 0)
    }
}
