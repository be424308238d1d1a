import ArgumentParser
import CaseAPI
import CaseClient
import CaseStore
import Foundation

/// `--db` and `--server`, for the commands that work on cases either in the file or on a team
/// server: with a server (`--server`, or $CASETOOL_SERVER unless --db names a file), the command
/// runs as the person `casetool login` signed in there.
struct ReadTargetOptions: ParsableArguments {
    static let serverVariable = "CASETOOL_SERVER"

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp(
        "A team server to run against, as 'casetool login' signed you in there. Default: $\(serverVariable) (unless --db).",
        valueName: "url"))
    var server: String?

    func validate() throws {
        if server != nil && database.db != nil { throw ValidationError("give --db (the file) or --server, not both") }
    }

    func open() throws -> CaseTarget {
        try open(actor: nil)
    }

    /// The server named, if any.
    var serverAddressText: String? {
        if let server { return server }
        guard database.db == nil else { return nil }
        return ProcessInfo.processInfo.environment[Self.serverVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The file, as `actor` (the command line's default actor when nil), or the server.
    func open(actor: String?) throws -> CaseTarget {
        guard let text = serverAddressText else { return .local(try database.openStore(), actor: actor ?? ActorOptions.defaultName) }
        return .remote(try Self.signedInClient(for: try ServerAddress(parsing: text)))
    }

    /// The server's operations with the token saved for it.
    static func signedInClient(for address: ServerAddress) throws -> RemoteCases {
        guard let saved = try SavedTokens.load().entry(for: address) else {
            throw CaseClientError.refused(APIError(
                .unauthenticated, "not signed in to \(address.shown): run 'casetool login \(address.shown)' first"))
        }
        return RemoteCases(client: ServerClient(server: address, token: saved.token))
    }
}

/// `--db`, `--server` and `--actor`, for commands that write: on a server, events are the signed-in
/// person's, so `--actor` applies to the file only.
struct TargetOptions: ParsableArguments {
    @OptionGroup var place: ReadTargetOptions
    @OptionGroup var actor: ActorOptions

    func validate() throws {
        if place.serverAddressText != nil && actor.actor != nil {
            throw ValidationError("--actor does not apply on a server: events there are the signed-in person's")
        }
    }

    func open() throws -> CaseTarget {
        try place.open(actor: actor.name)
    }
}

/// Where a command's case operations go: the file (as the actor the command line names) or a team
/// server (as the person signed in there). Either way the command prints the same.
enum CaseTarget {
    case local(CaseStore, actor: String)
    case remote(RemoteCases)

    /// Whom events are written for, when the command line knows (on a server, the token says).
    var personName: String? {
        if case .local(_, let actor) = self { return actor }
        return nil
    }

    /// Reports of the selected cases, one per grouping, from one read of them.
    func reports(groupings: [Set<ReportDimension>], period: ReportPeriod, filter: CaseFilter, omitEmpty: Bool) throws -> [Report] {
        switch self {
        case .local(let store, _): try store.reports(groupings: groupings, period: period, filter: filter, omitEmpty: omitEmpty)
        case .remote(let server):
            try Self.remote { try await server.reports(groupings: groupings, period: period, filter: filter, omitEmpty: omitEmpty) }
        }
    }

    /// The selected cases in a file format, a line at a time.
    func export(_ format: InterchangeFormat, filter: CaseFilter, line write: @escaping @Sendable (String) -> Void) throws {
        switch self {
        case .local(let store, _):
            if format == .csv { write(CaseInterchangeWriter.csvHeader) }
            try store.exportCases(matching: filter) { record in
                write(format == .csv ? CaseInterchangeWriter.csvLine(record) : CaseInterchangeWriter.jsonLine(record))
            }
        case .remote(let server):
            let lines = LineSplitter(write)
            try Self.remote { try await server.export(format, filter: filter, into: lines.append) }
            lines.finish()
        }
    }

    func policies() throws -> [Policy] {
        switch self {
        case .local(let store, _): try store.policies()
        case .remote(let server): try Self.remote { try await server.policies() }
        }
    }

    func addPolicy(code: String, name: String, description: String, dsaCategory: String?) throws -> Policy {
        switch self {
        case .local(let store, _): try store.addPolicy(code: code, name: name, description: description, dsaCategory: dsaCategory)
        case .remote(let server):
            try Self.remote { try await server.addPolicy(code: code, name: name, description: description, dsaCategory: dsaCategory) }
        }
    }

    /// Every policy with its strike rule (nil: none), by code.
    func strikeRules() throws -> [(policy: Policy, rule: StrikeRule?)] {
        switch self {
        case .local(let store, _):
            let rules = try store.strikeRules()
            return try store.policies().map { ($0, rules[$0.code]) }
        case .remote(let server): return try Self.remote { try await server.strikeRules() }
        }
    }

    func setStrikeRule(_ rule: StrikeRule?, policy code: String) throws {
        switch self {
        case .local(let store, _): try store.setStrikeRule(rule, policy: code)
        case .remote(let server): try Self.remote { try await server.setStrikeRule(rule, policy: code) }
        }
    }

    func setDSACategory(_ category: String?, forPolicy code: String) throws {
        switch self {
        case .local(let store, _): try store.setDSACategory(category, forPolicy: code)
        case .remote(let server): try Self.remote { try await server.setDSACategory(category, forPolicy: code) }
        }
    }

    func reasonTemplates(policy: String?) throws -> [ReasonTemplate] {
        switch self {
        case .local(let store, _): try store.reasonTemplates(policy: policy)
        case .remote(let server): try Self.remote { try await server.reasonTemplates(policy: policy) }
        }
    }

    func addReasonTemplate(name: String, policy: String?, text: String) throws -> ReasonTemplate {
        switch self {
        case .local(let store, let actor): try store.addReasonTemplate(name: name, policy: policy, text: text, actor: actor)
        case .remote(let server): try Self.remote { try await server.addReasonTemplate(name: name, policy: policy, text: text) }
        }
    }

    func removeReasonTemplate(name: String, policy: String?) throws {
        switch self {
        case .local(let store, _): try store.removeReasonTemplate(name: name, policy: policy)
        case .remote(let server):
            do {
                try Self.remote { try await server.removeReasonTemplate(name: name, policy: policy) }
            } catch CaseClientError.refused(let error) where error.code == .notFound {
                // The one thing a removal finds missing is the template asked for.
                throw CaseStoreError.templateNotFound(name: name, policy: policy)
            }
        }
    }

    /// An account, its cases as a list shows them, and how many were actioned.
    /// The account with every case against it, and its standing now or as it stood at `asOf`.
    func accountHistory(platform: String, handle: String, asOf: Timestamp?) throws -> AccountSummary {
        switch self {
        case .local(let store, _):
            let history = try store.accountHistory(platform: platform, handle: handle, asOf: asOf)
            return AccountSummary(
                account: history.account, cases: history.cases.map(CaseLine.init), actioned: history.actionedCount,
                standing: try store.accountStanding(platform: platform, handle: handle, asOf: asOf))
        case .remote(let server): return try Self.remote { try await server.accountHistory(platform: platform, handle: handle, asOf: asOf) }
        }
    }

    /// The new case's id, and what actioning it would do to its account's standing.
    func logCase(_ newCase: NewCase) throws -> (id: Int64, notice: StrikeNotice?) {
        switch self {
        case .local(let store, let actor):
            let id = try store.logCase(newCase, actor: actor)
            return (id, Self.bestEffort { try store.strikeNotice(caseID: id) } ?? nil)
        case .remote(let server):
            // A line of a file says when the case was opened; as on the file, unless told it is now.
            var sent = newCase
            sent.openedAt = newCase.openedAt ?? Timestamp.now()
            return try Self.remote { [sent] in try await server.logCase(sent) }
        }
    }

    func claim(caseID: Int64, lifetime: ClaimLifetime) throws -> Claim {
        switch self {
        case .local(let store, let actor): try store.claim(caseID: caseID, actor: actor, lifetime: lifetime)
        case .remote(let server): try Self.remote { try await server.claim(caseID: caseID, lifetime: lifetime) }
        }
    }

    func claimNext(matching filter: CaseFilter, lifetime: ClaimLifetime) throws -> Claim? {
        switch self {
        case .local(let store, let actor): try store.claimNext(matching: filter, actor: actor, lifetime: lifetime)
        case .remote(let server): try Self.remote { try await server.claimNext(matching: filter, lifetime: lifetime) }
        }
    }

    /// The queue's cases as a list shows them, and, asked when needed, how many match without the
    /// limit and wait in all. A server gives at most 1,000 at a time.
    func queue(matching filter: CaseFilter) throws -> (lines: [QueueLine], total: () throws -> Int, inAll: () throws -> Int) {
        switch self {
        case .local(let store, _):
            return (try store.queue(matching: filter).map(QueueLine.init), { try store.queueCount(matching: filter) },
                    { try store.queueCount(matching: CaseFilter()) })
        case .remote(let server):
            var page = filter
            page.limit = filter.limit ?? QueryParameters.maximumLimit
            let (lines, total, inAll) = try Self.remote { [page] in try await server.queue(matching: page) }
            Self.noteCapped(asked: filter.limit, shown: lines.count, total: total, noun: "waiting cases")
            return (lines, { total }, { inAll })
        }
    }

    /// Cases as a list shows them, and, asked when needed, how many match and there are in all.
    func cases(matching filter: CaseFilter) throws -> (lines: [CaseLine], total: () throws -> Int, inAll: () throws -> Int) {
        switch self {
        case .local(let store, _):
            return (try store.cases(matching: filter).map(CaseLine.init), { try store.caseCount(matching: filter) },
                    { try store.caseCount(matching: CaseFilter()) })
        case .remote(let server):
            var page = filter
            page.limit = filter.limit ?? QueryParameters.maximumLimit
            let (lines, total, inAll) = try Self.remote { [page] in try await server.cases(matching: page) }
            Self.noteCapped(asked: filter.limit, shown: lines.count, total: total, noun: "cases")
            return (lines, { total }, { inAll })
        }
    }

    /// Events, and, asked when needed, how many match and there are in all (of the filter's case).
    func events(matching filter: EventFilter) throws -> (events: [CaseEvent], total: () throws -> Int, inAll: () throws -> Int) {
        switch self {
        case .local(let store, _):
            return (try store.events(matching: filter), { try store.eventCount(matching: filter) },
                    { try store.eventCount(matching: EventFilter(caseID: filter.caseID)) })
        case .remote(let server):
            var page = filter
            page.limit = filter.limit ?? QueryParameters.maximumLimit
            let (events, total, inAll) = try Self.remote { [page] in try await server.events(matching: page) }
            Self.noteCapped(asked: filter.limit, shown: events.count, total: total, noun: "events")
            return (events, { total }, { inAll })
        }
    }

    /// A server gives at most 1,000 at a time: asked for all, the command says when there were more.
    private static func noteCapped(asked limit: Int?, shown: Int, total: Int, noun: String) {
        guard limit == nil, total > shown else { return }
        Console.message("\(Formatting.thousands(Int64(shown))) of \(Formatting.thousands(Int64(total))) \(noun) shown: "
            + "a server gives at most \(Formatting.thousands(Int64(QueryParameters.maximumLimit))) at a time")
    }

    /// A case with everything known about it, now or as it stood at `asOf`.
    func caseDetail(id: Int64, asOf: Timestamp?) throws -> CaseDetail {
        switch self {
        case .local(let store, _): try asOf.map { try store.caseAsOf(id: id, time: $0) } ?? store.caseDetail(id: id)
        case .remote(let server): try Self.remote { try await server.caseDetail(id: id, asOf: asOf) }
        }
    }

    func release(caseID: Int64) throws {
        switch self {
        case .local(let store, let actor): try store.release(caseID: caseID, actor: actor)
        case .remote(let server): try Self.remote { try await server.release(caseID: caseID) }
        }
    }

    func assign(caseID: Int64, to person: String, lifetime: ClaimLifetime) throws -> Claim {
        switch self {
        case .local(let store, let actor): try store.assign(caseID: caseID, to: person, actor: actor, lifetime: lifetime)
        case .remote(let server): try Self.remote { try await server.assign(caseID: caseID, to: person, lifetime: lifetime) }
        }
    }

    /// Moves one case, or several all or none. A saved reason's text comes first, then `reason`'s; a
    /// template is resolved per case (each case's policy may have its own of that name).
    func transition(
        caseIDs: [Int64], to status: CaseStatus, reason: String?, reasonTemplate: String?, at: Timestamp?, decisions: [Decision]?
    ) throws -> [StrikeNotice] {
        switch self {
        case .local(let store, let actor):
            let requests = try caseIDs.map { caseID in
                let templateText = try reasonTemplate.map { try store.reasonTemplateText(name: $0, caseID: caseID) }
                let reasons = [templateText, reason].compactMap { $0 }
                return Transition(
                    caseID: caseID, to: status, reason: reasons.isEmpty ? nil : reasons.joined(separator: " "), at: at,
                    decisions: decisions)
            }
            if requests.count == 1 { try store.transition(requests[0], actor: actor) } else { try store.transition(requests, actor: actor) }
            return status == .actioned ? Self.bestEffort { try store.strikeNotices(caseIDs: caseIDs) } ?? [] : []
        case .remote(let server):
            try Self.refuseBackdating(at)
            if decisions != nil {
                throw CaseStoreError.invalidValue(
                    field: "--decision", problem: "not available on a server yet: the case keeps the decisions it was logged with")
            }
            if caseIDs.count == 1 {
                return try Self.remote {
                    try await server.transition(caseID: caseIDs[0], to: status, reason: reason, reasonTemplate: reasonTemplate)
                }.map { [$0] } ?? []
            } else {
                if reasonTemplate != nil {
                    throw CaseStoreError.invalidValue(
                        field: "--reason-template", problem: "moves one case at a time on a server (give --reason for several)")
                }
                return try Self.remote { try await server.transition(caseIDs.map { Transition(caseID: $0, to: status, reason: reason) }) }
            }
        }
    }

    func addNote(caseID: Int64, text: String, at: Timestamp?) throws {
        switch self {
        case .local(let store, let actor): try store.addNote(caseID: caseID, text: text, actor: actor, at: at)
        case .remote(let server):
            try Self.refuseBackdating(at)
            try Self.remote { try await server.addNote(caseID: caseID, text: text) }
        }
    }

    func addEvidence(caseID: Int64, reference: String, at: Timestamp?) throws {
        switch self {
        case .local(let store, let actor): try store.addEvidence(caseID: caseID, reference: reference, actor: actor, at: at)
        case .remote(let server):
            try Self.refuseBackdating(at)
            try Self.remote { try await server.addEvidence(caseID: caseID, reference: reference) }
        }
    }

    func auditHead() throws -> AuditHead {
        switch self {
        case .local(let store, _): try store.auditHead()
        case .remote(let server): try Self.remote { try await server.auditHead() }
        }
    }

    func verifyAudit(expectingHead head: String?, progress: ProgressLine) throws -> AuditReport {
        switch self {
        case .local(let store, _): try store.verifyAudit(expectingHead: head, progress: progress.audit)
        case .remote(let server): try Self.remote { try await server.verifyAudit(expectingHead: head) }
        }
    }

    func securityLog(limit: Int, since: Timestamp?) throws -> [SecurityEvent] {
        switch self {
        case .local(let store, _): try store.securityLog(limit: limit, since: since)
        case .remote(let server): try Self.remote { try await server.securityLog(limit: limit, since: since) }
        }
    }

    /// Waits for a server's answer. A refused value comes back as the store's own error, from the
    /// fields the API sends for it, so that a command names its option for it
    /// (`OptionValues.named`) and adds its hints as it does for the file.
    /// What a write tells besides being done (a strike notice), read after it committed: a failure
    /// to read it is said, but never makes the committed write look failed.
    private static func bestEffort<T>(_ read: () throws -> T) -> T? {
        do {
            return try read()
        } catch {
            Console.message("casetool: warning: written, but the account's standing could not be read: \(error)")
            return nil
        }
    }

    private static func remote<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        do {
            return try Blocking.wait(work)
        } catch CaseClientError.refused(let error) where error.code == .invalidInput {
            if let policy = error.unknown, error.field == "policy" {
                throw CaseStoreError.unknownPolicy(code: policy, suggestions: error.suggestions)
            }
            guard let field = error.field, let problem = error.problem else { throw CaseClientError.refused(error) }
            throw CaseStoreError.invalidValue(field: field, problem: problem)
        }
    }

    /// The server records when something happens; a client does not say it happened earlier.
    private static func refuseBackdating(_ at: Timestamp?) throws {
        if at != nil {
            throw CaseStoreError.invalidValue(field: "--at", problem: "events on a server happen when the server records them; leave --at out")
        }
    }
}

/// Cuts bytes arriving in chunks into whole lines (a chunk may end inside a line, or inside a
/// character), so that a file from a server is written as a file from the store is.
private final class LineSplitter: @unchecked Sendable {
    // @unchecked: fed by one request's body, one chunk after another.
    private var pending: [UInt8] = []
    private let write: @Sendable (String) -> Void

    init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    func append(_ bytes: [UInt8]) {
        pending += bytes
        guard let last = pending.lastIndex(of: 0x0A) else { return }
        write(String(decoding: pending[...last], as: UTF8.self))
        pending.removeSubrange(...last)
    }

    func finish() {
        if !pending.isEmpty { write(String(decoding: pending, as: UTF8.self)) }
        pending = []
    }
}
