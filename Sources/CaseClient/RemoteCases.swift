import CaseAPI
import CaseStore

/// The store's team operations, on a server: each is one request of the route table, and gives back
/// the store's own types, so that a front end treats a server and a local file alike.
public struct RemoteCases: Sendable {
    public let client: ServerClient

    public init(client: ServerClient) {
        self.client = client
    }

    /// Signs in with a name and password; the token it gives is the caller's to keep.
    public func signIn(name: String, password: String, oneTimeCode: String? = nil) async throws -> SignedIn {
        var fields: [(String, JSONValue)] = [("name", .string(name)), ("password", .string(password))]
        if let oneTimeCode { fields.append(("one_time_code", .string(oneTimeCode))) }
        let answer = try await client.send(.signIn, body: .object(fields))
        guard let person = answer.members["person"] as? [String: Any] else {
            throw APIError(.internalError, "the server's answer to signing in has no person")
        }
        let (signedName, role) = try CaseJSON.person(from: JSONFields(person))
        return SignedIn(token: try answer.string("token"), expiresAt: try answer.time("expires_at"), name: signedName, role: role)
    }

    /// Revokes the client's token on the server: it is refused from now on, wherever it was copied.
    public func signOut() async throws {
        _ = try await client.send(.signOut)
    }

    /// Who the client's token proves.
    public func me() async throws -> (name: String, role: Role) {
        try CaseJSON.person(from: try await client.send(.me))
    }

    public func claim(caseID: Int64, lifetime: ClaimLifetime) async throws -> Claim {
        try CaseJSON.claim(from: try await client.send(.claimCase, caseID: caseID, body: .object([("for", Self.text(lifetime))])))
    }

    /// The next case in the queue the person may work on, or nil when there is none.
    public func claimNext(matching filter: CaseFilter, lifetime: ClaimLifetime) async throws -> Claim? {
        var unlimited = filter
        unlimited.limit = nil
        let fields = [("for", Self.text(lifetime))] + QueryParameters.pairs(for: unlimited).map { ($0.0, JSONValue.string($0.1)) }
        do {
            return try CaseJSON.claim(from: try await client.send(.claimNext, body: .object(fields)))
        } catch CaseClientError.refused(let error) where error.code == .notFound {
            return nil
        }
    }

    /// The queue's cases the filter selects, and how many match without its limit and wait in all.
    public func queue(matching filter: CaseFilter) async throws -> (lines: [QueueLine], total: Int, inAll: Int) {
        let answer = try await client.send(.queue, query: QueryParameters.pairs(for: filter) + [(QueryParameters.countName, "true")])
        return (try answer.objects("cases").map(CaseJSON.queueLine(from:)), Int(try answer.optionalInteger("total") ?? 0), Int(try answer.optionalInteger("in_all") ?? 0))
    }

    /// The cases the filter selects, and how many match without its limit and there are in all.
    public func cases(matching filter: CaseFilter) async throws -> (lines: [CaseLine], total: Int, inAll: Int) {
        let answer = try await client.send(.listCases, query: QueryParameters.pairs(for: filter) + [(QueryParameters.countName, "true")])
        return (try answer.objects("cases").map(CaseJSON.caseLine(from:)), Int(try answer.optionalInteger("total") ?? 0), Int(try answer.optionalInteger("in_all") ?? 0))
    }

    /// The events the filter selects, and how many match without its limit and there are in all
    /// (of the filter's case, if it names one).
    public func events(matching filter: EventFilter) async throws -> (events: [CaseEvent], total: Int, inAll: Int) {
        let answer = try await client.send(.listEvents, query: QueryParameters.pairs(for: filter) + [(QueryParameters.countName, "true")])
        return (try answer.objects("events").map(CaseJSON.event(from:)), Int(try answer.optionalInteger("total") ?? 0), Int(try answer.optionalInteger("in_all") ?? 0))
    }

    /// A case with everything known about it, now or as it stood at `asOf`; its policy as the
    /// server's catalog has it.
    /// Reports of the same cases grouped several ways, from one read of them on the server.
    public func reports(groupings: [Set<ReportDimension>], period: ReportPeriod, filter: CaseFilter, omitEmpty: Bool) async throws -> [Report] {
        let query = QueryParameters.reportPairs(groupings: groupings, period: period, filter: filter, omitEmpty: omitEmpty)
        return try (try await client.send(.reports, query: query)).objects("reports").map(CaseJSON.report(from:))
    }

    /// The selected cases in a file format, handed to `write` as the server sends them.
    public func export(_ format: InterchangeFormat, filter: CaseFilter, into write: @escaping @Sendable ([UInt8]) throws -> Void) async throws {
        try await client.stream(
            .exportCases, query: [("format", format.rawValue)] + QueryParameters.pairs(for: filter), accept: format.contentType, into: write)
    }

    /// Logs a case, sent as the line of a file `import` reads; gives its id.
    /// The new case's id, and what actioning it would do to its account's standing.
    public func logCase(_ newCase: NewCase) async throws -> (id: Int64, notice: StrikeNotice?) {
        let answer = try await client.send(.logCase, bodyText: CaseInterchangeWriter.jsonLine(ExportRecord(newCase: newCase)))
        return (try answer.integer("id"), try answer.optionalObject("strike_notice").map(CaseJSON.strikeNotice(from:)))
    }

    public func caseDetail(id: Int64, asOf: Timestamp?) async throws -> CaseDetail {
        let answer = try await client.send(.getCase, caseID: id, query: asOf.map { [("as_of", $0.iso8601)] } ?? [])
        return try CaseJSON.caseDetail(from: answer, policies: try await policies())
    }

    /// The policy catalog.
    public func policies() async throws -> [Policy] {
        try (try await client.send(.policies)).objects("policies").map(CaseJSON.policy(from:))
    }

    public func addPolicy(code: String, name: String, description: String, dsaCategory: String?) async throws -> Policy {
        let body = JSONValue.object([
            ("code", .string(code)), ("name", .string(name)), ("description", .string(description)), ("dsa_category", JSONValue(dsaCategory)),
        ])
        return try CaseJSON.policy(from: try await client.send(.addPolicy, body: body))
    }

    public func setDSACategory(_ category: String?, forPolicy code: String) async throws {
        _ = try await client.send(.setPolicyCategory, body: .object([("policy", .string(code)), ("dsa_category", JSONValue(category))]))
    }

    /// The saved reasons usable on a policy's cases (all, without one).
    public func reasonTemplates(policy: String?) async throws -> [ReasonTemplate] {
        let answer = try await client.send(.templates, query: policy.map { [("policy", $0)] } ?? [])
        return try answer.objects("templates").map(CaseJSON.template(from:))
    }

    public func addReasonTemplate(name: String, policy: String?, text: String) async throws -> ReasonTemplate {
        let body = JSONValue.object([("name", .string(name)), ("policy", JSONValue(policy)), ("text", .string(text))])
        return try CaseJSON.template(from: try await client.send(.addTemplate, body: body))
    }

    public func removeReasonTemplate(name: String, policy: String?) async throws {
        _ = try await client.send(.removeTemplate, query: [("name", name)] + (policy.map { [("policy", $0)] } ?? []))
    }

    /// An account, its cases as a list shows them, and how many were actioned.
    public func accountHistory(platform: String, handle: String, asOf: Timestamp?) async throws -> AccountSummary {
        let answer = try await client.send(
            .account, query: [("platform", platform), ("handle", handle)] + (asOf.map { [("as_of", $0.iso8601)] } ?? []))
        let account = try CaseJSON.account(from: try answer.object("account"))
        return AccountSummary(
            account: account, cases: try answer.objects("cases").map(CaseJSON.caseLine(from:)), actioned: Int(try answer.integer("actioned_count")),
            standing: try CaseJSON.standing(from: try answer.object("standing"), account: account, policies: try await policies()))
    }

    /// Every policy's strike rule (nil: none), in catalog order.
    public func strikeRules() async throws -> [(policy: Policy, rule: StrikeRule?)] {
        try (try await client.send(.policies)).objects("policies").map { item in
            (try CaseJSON.policy(from: item), try item.optionalObject("strikes").map(CaseJSON.rule(from:)))
        }
    }

    public func setStrikeRule(_ rule: StrikeRule?, policy code: String) async throws {
        _ = try await client.send(.setStrikeRule, body: .object([("policy", .string(code)), ("strikes", rule.map(CaseJSON.json) ?? .null)]))
    }

    public func release(caseID: Int64) async throws {
        _ = try await client.send(.releaseCase, caseID: caseID)
    }

    public func assign(caseID: Int64, to person: String, lifetime: ClaimLifetime) async throws -> Claim {
        try CaseJSON.claim(from: try await client.send(
            .assignCase, caseID: caseID, body: .object([("person", .string(person)), ("for", Self.text(lifetime))])))
    }

    /// One move, with a reason or the name of a saved reason (the server reads the template).
    /// One move, with a reason or the name of a saved reason (the server reads the template); what it
    /// did to the account's standing.
    public func transition(caseID: Int64, to status: CaseStatus, reason: String?, reasonTemplate: String?) async throws -> StrikeNotice? {
        var fields: [(String, JSONValue)] = [("to", .string(status.rawValue))]
        if let reason { fields.append(("reason", .string(reason))) }
        if let reasonTemplate { fields.append(("reason_template", .string(reasonTemplate))) }
        let answer = try await client.send(.transitionCase, caseID: caseID, body: .object(fields))
        return try answer.optionalObject("strike_notice").map(CaseJSON.strikeNotice(from:))
    }

    /// Several moves, all or none.
    public func transition(_ moves: [Transition]) async throws -> [StrikeNotice] {
        let items: [JSONValue] = moves.map { move in
            var fields: [(String, JSONValue)] = [("case_id", .integer(move.caseID)), ("to", .string(move.to.rawValue))]
            if let reason = move.reason { fields.append(("reason", .string(reason))) }
            return .object(fields)
        }
        let answer = try await client.send(.bulkTransition, body: .object([("transitions", .array(items))]))
        return try answer.objects("strike_notices").map(CaseJSON.strikeNotice(from:))
    }

    public func addNote(caseID: Int64, text: String) async throws {
        _ = try await client.send(.addNote, caseID: caseID, body: .object([("text", .string(text))]))
    }

    public func addEvidence(caseID: Int64, reference: String) async throws {
        _ = try await client.send(.addEvidence, caseID: caseID, body: .object([("reference", .string(reference))]))
    }

    public func auditHead() async throws -> AuditHead {
        try CaseJSON.auditHead(from: try await client.send(.auditHead))
    }

    public func verifyAudit(expectingHead head: String?) async throws -> AuditReport {
        try CaseJSON.auditReport(from: try await client.send(.auditVerify, query: head.map { [("expect_head", $0)] } ?? []))
    }

    public func securityLog(limit: Int, since: Timestamp?) async throws -> [SecurityEvent] {
        var query = [("limit", String(limit))]
        if let since { query.append(("since", since.iso8601)) }
        return try (try await client.send(.securityLog, query: query)).objects("entries").map(CaseJSON.securityEvent(from:))
    }

    /// A claim's time as the API takes it (`90m`): lifetimes are whole minutes.
    private static func text(_ lifetime: ClaimLifetime) -> JSONValue {
        .string("\(lifetime.seconds / 60)m")
    }
}

/// What signing in gives: a token and whom it proves.
public struct SignedIn: Sendable {
    public let token: String
    public let expiresAt: Timestamp
    public let name: String
    public let role: Role
}
