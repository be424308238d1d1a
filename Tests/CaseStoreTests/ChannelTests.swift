import CaseStore
import Foundation
import SQLiteDatabase
import Testing

@Suite("Channels: where each event came from, covered by the chain")
struct ChannelTests {
    @Test("events on a session's behalf say server and are the person's; the command line's say local")
    func recorded() throws {
        let folder = try TemporaryFolder()
        let store = try makePeopleStore(in: folder)
        let lee = try signedIn(store, try store.addUser(name: "lee", role: .lead, password: nil, actor: "owner"))
        let id = try store.logCase(sampleCase(policy: "spam"), actor: "owner")
        try store.perform(.annotateCases, by: lee) { person in try store.addNote(caseID: id, text: "seen", actor: person.name) }
        try store.transition(Transition(caseID: id, to: .escalated, reason: "hard"), by: lee)
        // Inside a session the actor is the person's, whatever an operation is handed.
        #expect(throws: CaseStoreError.self) {
            try store.perform(.annotateCases, by: lee) { _ in try store.addNote(caseID: id, text: "forged", actor: "someone-else") }
        }
        let events = try store.caseDetail(id: id).events
        #expect(events.map(\.channel) == [.local, .server, .server])
        #expect(events.map(\.actor) == ["owner", "lee", "lee"])
        #expect(events.allSatisfy { $0.format == 3 })
        #expect(try store.verifyAudit().isIntact)
    }

    @Test("a case logged on a session's behalf starts open: its plan may not carry workflow steps past the checks")
    func sessionCasesStartOpen() throws {
        let folder = try TemporaryFolder()
        let store = try makePeopleStore(in: folder)
        let mo = try signedIn(store, try store.addUser(name: "mo", role: .moderator, password: nil, actor: "owner"))
        let planned = PlannedCase(newCase: sampleCase(policy: "spam"), steps: [
            Transition(caseID: 0, to: .actioned, reason: "spam"), Transition(caseID: 0, to: .appealed, reason: nil),
            Transition(caseID: 0, to: .upheld, reason: "self-decided"),
        ])
        #expect(throws: CaseStoreError.invalidValue(
            field: "status", problem: "a case logged by a signed-in person starts open, not actioned;"
                + " move it with transitions, which check roles, claims and four eyes")) {
            try store.perform(.logCases, by: mo) { person in try store.log(planned, actor: person.name) }
        }
        #expect(try store.cases(matching: CaseFilter()).isEmpty)
        // The file's owner replays a history (as `import` does).
        let id = try store.log(planned, actor: "owner")
        #expect(try store.caseDetail(id: id).record.status == .upheld)
    }

    @Test("changing an event's channel breaks the chain at that event; events before v9 cannot claim the server")
    func covered() throws {
        let folder = try TemporaryFolder()
        let store = try makePeopleStore(in: folder)
        let lee = try signedIn(store, try store.addUser(name: "lee", role: .lead, password: nil, actor: "owner"))
        let id = try store.logCase(sampleCase(policy: "spam"), actor: "owner")
        try store.transition(Transition(caseID: id, to: .escalated, reason: "hard"), by: lee)
        try store.addNote(caseID: id, text: "later", actor: "owner")
        try store.database.execute("DROP TRIGGER case_events_no_update")
        try store.database.execute("UPDATE case_events SET channel = 'local' WHERE seq = 2")
        let problems = try store.verifyAudit().problems
        #expect(problems.map(\.eventID) == [2])
        #expect(problems.first?.problem.hasPrefix("its content does not match its hash") == true)
        #expect(throws: CaseStoreError.self) {
            try store.database.execute("UPDATE case_events SET format = 2, channel = 'server' WHERE seq = 1")
        }
    }
}
