import CaseStore
import Foundation
import SQLiteDatabase
import Testing

/// A clock a test moves forward.
final class MovableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Timestamp(secondsSinceEpoch: 1_735_689_600)
    var now: Timestamp { lock.withLock { current } }
    func advance(seconds: Int64) { lock.withLock { current = current.adding(seconds: seconds) } }
}

/// A store with a movable clock and a cheap bcrypt cost, so tests stay fast.
func makePeopleStore(in folder: TemporaryFolder, clock: MovableClock = MovableClock()) throws -> CaseStore {
    let store = try CaseStore.open(path: folder.path("cases.db"), access: .createIfMissing, clock: { clock.now })
    store.passwordCost = 4
    try store.addPolicy(code: "spam", name: "Spam")
    return store
}

/// A session as the server will get one: from a token the store issued and checked.
func signedIn(_ store: CaseStore, _ person: Person) throws -> Session {
    try store.authenticate(token: try store.createToken(user: person.name, actor: "owner").secret)
}

@Suite("People, roles and tokens")
struct PeopleTests {
    /// What the issue asks of each role, written out here rather than derived from `Role`.
    static let expected: [Role: Set<Permission>] = [
        .viewer: [.readCases, .readReports, .readAudit],
        .moderator: [.readCases, .readReports, .readAudit, .logCases, .annotateCases, .claimCases, .moveOpenCases],
        .lead: [.readCases, .readReports, .readAudit, .logCases, .annotateCases, .claimCases, .moveOpenCases,
                .moveAnyCase, .decideAppeals, .assignCases, .bulkChanges, .managePolicies],
        .admin: Set(Permission.allCases),
    ]

    @Test("every permission × role is granted or refused as the role table says, and refusals are logged",
          arguments: Role.allCases)
    func permissionMatrix(role: Role) throws {
        let folder = try TemporaryFolder()
        let store = try makePeopleStore(in: folder)
        let person = try store.addUser(name: "p-\(role.rawValue)", role: role, password: nil, actor: "owner")
        let session = try signedIn(store, person)
        for permission in Permission.allCases {
            let granted = Self.expected[role]?.contains(permission) ?? false
            let before = try store.securityLog().count
            if granted {
                try store.authorize(session, permission)
                #expect(try store.securityLog().count == before)
            } else {
                #expect(throws: CaseStoreError.self) { try store.authorize(session, permission) }
                let entry = try #require(try store.securityLog().first)
                #expect(entry.kind == .permissionRefused && entry.person == person.name && entry.channel == .server)
                #expect(entry.detail?.contains(permission.rawValue) == true)
            }
        }
    }

    /// Moves, each from a case brought to `from` by the local owner.
    static let moves: [(from: CaseStatus, to: CaseStatus, path: [CaseStatus])] = [
        (.open, .escalated, []), (.open, .actioned, []), (.open, .dismissed, []),
        (.escalated, .actioned, [.escalated]), (.dismissed, .open, [.dismissed]),
        (.actioned, .appealed, [.actioned]), (.actioned, .reversed, [.actioned]),
        (.appealed, .upheld, [.actioned, .appealed]), (.appealed, .reversed, [.actioned, .appealed]),
    ]

    @Test("a move on someone's behalf needs the role for it: moderators move open cases on, leads the rest",
          arguments: Role.allCases)
    func movesByRole(role: Role) throws {
        let folder = try TemporaryFolder()
        let store = try makePeopleStore(in: folder)
        let person = try store.addUser(name: "mover", role: role, password: nil, actor: "owner")
        let session = try signedIn(store, person)
        for move in Self.moves {
            let id = try store.logCase(sampleCase(policy: "spam"), actor: "owner")
            for step in move.path { try store.transition(Transition(caseID: id, to: step, reason: "setup"), actor: "owner") }
            let allowed = role >= .lead || (role == .moderator && move.from == .open)
            // A moderator moves only what they hold (see ClaimTests); claims are for queue cases.
            if role == .moderator && move.from == .open { try store.claim(caseID: id, by: session) }
            let before = try store.caseDetail(id: id).events.count
            if allowed {
                try store.transition(Transition(caseID: id, to: move.to, reason: "because"), by: session)
                let last = try #require(try store.caseDetail(id: id).events.last)
                #expect(last.actor == "mover" && last.toStatus == move.to)
            } else {
                #expect(throws: CaseStoreError.self) {
                    try store.transition(Transition(caseID: id, to: move.to, reason: "because"), by: session)
                }
                #expect(try store.caseDetail(id: id).events.count == before)
                #expect(try store.securityLog().first?.kind == .permissionRefused)
            }
        }
    }

    @Test("a session counts the person as they are now: a demotion or a disabling applies at once")
    func staleSession() throws {
        let folder = try TemporaryFolder()
        let store = try makePeopleStore(in: folder)
        let session = try signedIn(store, try store.addUser(name: "lee", role: .lead, password: nil, actor: "owner"))
        try store.authorize(session, .decideAppeals)
        try store.setRole(.viewer, user: "lee", actor: "owner")
        #expect(throws: CaseStoreError.notPermitted(person: "lee", role: .viewer, permission: .decideAppeals)) {
            try store.authorize(session, .decideAppeals)
        }
        try store.setDisabled(true, user: "lee", actor: "owner")
        #expect(throws: CaseStoreError.notSignedIn) { try store.authorize(session, .readCases) }
    }

    @Test("four eyes: whoever actioned a case cannot decide its appeal, locally or on the server")
    func fourEyes() throws {
        let folder = try TemporaryFolder()
        let store = try makePeopleStore(in: folder)
        let lead = try signedIn(store, try store.addUser(name: "lee", role: .lead, password: nil, actor: "owner"))
        for decision in [CaseStatus.upheld, .reversed] {
            let id = try store.logCase(sampleCase(policy: "spam"), actor: "owner")
            try store.transition(Transition(caseID: id, to: .actioned, reason: "spam"), by: lead)
            try store.transition(Transition(caseID: id, to: .appealed), actor: "account-holder")
            let before = try snapshot(store.database)
            #expect(throws: CaseStoreError.sameReviewer(caseID: id, person: "lee", to: decision)) {
                try store.transition(Transition(caseID: id, to: decision, reason: "checked"), by: lead)
            }
            // The local command line obeys it too, by the actor's name in any case.
            #expect(throws: CaseStoreError.self) {
                try store.transition(Transition(caseID: id, to: decision, reason: "checked"), actor: "LEE")
            }
            #expect(try snapshot(store.database) == before)
            try store.transition(Transition(caseID: id, to: decision, reason: "checked"), actor: "dana")
            #expect(try store.caseDetail(id: id).record.status == decision)
        }
        // A second appeal is decided against the last actioning, not the first.
        let id = try store.logCase(sampleCase(policy: "spam"), actor: "owner")
        for (status, actor) in [(CaseStatus.actioned, "ana"), (.appealed, "holder"), (.upheld, "ben"), (.appealed, "holder")] {
            try store.transition(Transition(caseID: id, to: status, reason: "r"), actor: actor)
        }
        try store.transition(Transition(caseID: id, to: .reversed, reason: "r"), actor: "ben")
    }

    @Test("a token works until it expires or is revoked; only its hash is stored")
    func tokens() throws {
        let folder = try TemporaryFolder()
        let clock = MovableClock()
        let store = try makePeopleStore(in: folder, clock: clock)
        try store.addUser(name: "lee", role: .moderator, password: nil, actor: "owner")
        let token = try store.createToken(user: "LEE", lifetime: TokenLifetime(parsing: "2h"), actor: "owner")
        #expect(token.secret.hasPrefix("casetool_") && token.secret.count == 9 + 43)
        #expect(try store.authenticate(token: token.secret).person.name == "lee")
        let stored = try store.database.prepare("SELECT * FROM api_tokens").query { row in
            (0..<row.columnCount).map { "\(row.value($0))" }.joined()
        }.joined()
        #expect(!stored.contains(String(token.secret.dropFirst(9).prefix(16))))
        #expect(throws: CaseStoreError.notSignedIn) { try store.authenticate(token: token.secret + "x") }

        clock.advance(seconds: 2 * 3_600)
        #expect(throws: CaseStoreError.notSignedIn) { try store.authenticate(token: token.secret) }
        #expect(try store.securityLog().first?.detail == "token \(token.id): expired")

        let second = try store.createToken(user: "lee", actor: "owner")
        #expect(try store.authenticate(token: second.secret).person.role == .moderator)
        try store.revokeToken(id: second.id, actor: "owner")
        #expect(throws: CaseStoreError.notSignedIn) { try store.authenticate(token: second.secret) }

        let third = try store.createToken(user: "lee", actor: "owner")
        try store.setDisabled(true, user: "lee", actor: "owner")
        #expect(throws: CaseStoreError.notSignedIn) { try store.authenticate(token: third.secret) }
        #expect(try store.tokens(user: "lee").map(\.id) == [third.id, second.id, token.id])
        #expect(throws: CaseStoreError.tokenNotFound(id: 99)) { try store.revokeToken(id: 99, actor: "owner") }
    }

    @Test("token lifetimes run from an hour to a year", arguments: ["0d", "30m", "367d", "d", "-1d", "9999999999999999w", "1.5d"])
    func badLifetime(text: String) {
        #expect(throws: CaseStoreError.self) { try TokenLifetime(parsing: text) }
    }

    @Test("sign-in checks the bcrypt hash; failures look alike and are logged with their cause")
    func signIn() throws {
        let folder = try TemporaryFolder()
        let store = try makePeopleStore(in: folder)
        try store.addUser(name: "lee", role: .lead, password: "correct horse battery", actor: "owner")
        let hash = try store.database.prepare("SELECT password_hash FROM users").queryFirst { try $0.string(0) }
        #expect(hash?.hasPrefix("$2b$04$") == true)
        let issued = try store.signIn(name: "lee", password: "correct horse battery")
        #expect(try store.authenticate(token: issued.secret).person.name == "lee")
        for (name, password, cause) in [("lee", "wrong horse battery", "wrong password"), ("nobody", "correct horse battery", "unknown name")] {
            #expect(throws: CaseStoreError.notSignedIn) { try store.signIn(name: name, password: password) }
            let entry = try #require(try store.securityLog().first)
            // An unknown "name" may be a password typed in the wrong field: it is not kept.
            #expect(entry.kind == .signInFailed && entry.detail == cause && entry.person == (name == "lee" ? "lee" : nil))
        }
        #expect(throws: CaseStoreError.self) { try store.addUser(name: "short", role: .viewer, password: "too short", actor: "owner") }
        #expect(throws: CaseStoreError.self) {
            try store.addUser(name: "long", role: .viewer, password: String(repeating: "x", count: 73), actor: "owner")
        }
        #expect(throws: CaseStoreError.userExists(name: "lee")) { try store.addUser(name: "Lee", role: .viewer, password: nil, actor: "owner") }
    }

    @Test("the last active admin keeps the role; people are disabled, never deleted")
    func lastAdmin() throws {
        let folder = try TemporaryFolder()
        let store = try makePeopleStore(in: folder)
        try store.addUser(name: "dana", role: .admin, password: nil, actor: "owner")
        #expect(throws: CaseStoreError.self) { try store.setRole(.lead, user: "dana", actor: "owner") }
        #expect(throws: CaseStoreError.self) { try store.setDisabled(true, user: "dana", actor: "owner") }
        try store.addUser(name: "eve", role: .admin, password: nil, actor: "owner")
        try store.setRole(.lead, user: "dana", actor: "owner")
        #expect(try store.user(named: "dana").role == .lead)
        #expect(throws: CaseStoreError.self) { try store.database.execute("DELETE FROM users") }
        #expect(throws: CaseStoreError.self) { try store.database.execute("UPDATE security_log SET detail = 'x'") }
        #expect(try store.securityLog().map(\.kind) == [.roleChanged, .userAdded, .userAdded])
    }

    @Test("a refusal repeated within the hour counts on its entry: a flood of bad tokens adds one row, not thousands")
    func repeatedRefusalsCount() throws {
        let folder = try TemporaryFolder()
        let clock = MovableClock()
        let store = try makePeopleStore(in: folder, clock: clock)
        for _ in 0..<500 {
            #expect(throws: CaseStoreError.notSignedIn) { try store.authenticate(token: "casetool_guess") }
            clock.advance(seconds: 5)
        }
        let counted = try store.securityLog()
        #expect(counted.count == 1)
        let entry = try #require(counted.first)
        #expect(entry.kind == .tokenRefused && entry.detail == "unknown token" && entry.repeats == 500)
        #expect(entry.lastAt == entry.occurredAt.adding(seconds: 499 * 5))
        // A different refusal is an entry of its own; the same one an hour after its entry starts a new count.
        #expect(throws: CaseStoreError.notSignedIn) { try store.signIn(name: "nobody", password: "not a password") }
        clock.advance(seconds: 3_600)
        #expect(throws: CaseStoreError.notSignedIn) { try store.authenticate(token: "casetool_guess") }
        #expect(try store.securityLog().map { "\($0.kind.rawValue) \($0.repeats)" } == ["token_refused 1", "sign_in_failed 1", "token_refused 500"])
        // Counting up is the only change an entry allows.
        for change in ["repeats = repeats + 2", "repeats = repeats + 1, detail = 'x'", "repeats = repeats + 1, last_at = '2000-01-01T00:00:00Z'"] {
            #expect(throws: CaseStoreError.self, "\(change)") {
                try store.database.execute("UPDATE security_log SET \(change) WHERE kind = 'token_refused'")
            }
        }
    }
}

@Suite("Bulk moves")
struct BulkMoveTests {
    @Test("a bulk move is all or nothing, one event per case; a session needs bulk changes and each move's permission")
    func bulk() throws {
        let folder = try TemporaryFolder()
        let store = try makePeopleStore(in: folder)
        let ids = try (0..<5).map { _ in try store.logCase(sampleCase(policy: "spam"), actor: "mod") }
        try store.transition(Transition(caseID: ids[4], to: .dismissed, reason: "r"), actor: "mod")
        let before = try snapshot(store.database)
        // The last case is dismissed already: the whole change is refused, naming it.
        #expect(throws: CaseStoreError.illegalTransition(caseID: ids[4], from: .dismissed, to: .dismissed, allowed: [.open])) {
            try store.transition(ids.map { Transition(caseID: $0, to: .dismissed, reason: "false positive wave") }, actor: "lead")
        }
        #expect(try snapshot(store.database) == before)
        #expect(throws: CaseStoreError.self) {
            try store.transition([ids[0], ids[0]].map { Transition(caseID: $0, to: .dismissed, reason: "r") }, actor: "lead")
        }
        #expect(throws: CaseStoreError.self) {
            try store.transition((1...1_001).map { Transition(caseID: Int64($0), to: .dismissed, reason: "r") }, actor: "lead")
        }

        let moderator = try signedIn(store, try store.addUser(name: "mo", role: .moderator, password: nil, actor: "owner"))
        #expect(throws: CaseStoreError.self) {
            try store.transition(ids.prefix(4).map { Transition(caseID: $0, to: .dismissed, reason: "r") }, by: moderator)
        }
        #expect(try store.securityLog().first?.kind == .permissionRefused)

        let lead = try signedIn(store, try store.addUser(name: "lee", role: .lead, password: nil, actor: "owner"))
        try store.transition(ids.prefix(4).map { Transition(caseID: $0, to: .dismissed, reason: "false positive wave") }, by: lead)
        for id in ids.prefix(4) {
            let detail = try store.caseDetail(id: id)
            #expect(detail.record.status == .dismissed && detail.events.last?.actor == "lee" && detail.events.count == 2)
        }
        #expect(try store.verifyAudit().isIntact)
    }
}
