import CaseAPI
import CaseStore
import Hummingbird

/// Registers every `Endpoint` and answers it. The switch is exhaustive: a route added to the table
/// does not build until it is answered here.
struct APIRoutes: Sendable {
    let pool: StorePool
    let metrics: ServerMetrics

    func register(on router: Router<CaseRequestContext>) {
        for endpoint in Endpoint.allCases {
            router.on(RouterPath(endpoint.path), method: HTTPRequest.Method(rawValue: endpoint.method.rawValue) ?? .get) { request, context in
                try await respond(to: endpoint, request: request, context: context)
            }
        }
    }

    /// A list's `total` (how many match without the limit) and `in_all` (how many there are at all),
    /// with which a client says "50 of 312" or "none match (312 in all)". Only when asked
    /// (`count=true`: a count is a pass over every match), and each only when it says something:
    /// a page that is not full holds every match, and `in_all` is given only when nothing matched.
    private static func counts(
        asked: Bool, shown: Int, limit: Int?, total: () throws -> Int, inAll: () throws -> Int
    ) rethrows -> [(String, JSONValue)] {
        guard asked else { return [("total", .null), ("in_all", .null)] }
        let pageHoldsAll = limit.map { shown < $0 } ?? true
        let matching = pageHoldsAll ? shown : try total()
        return [("total", .integer(Int64(matching))), ("in_all", shown == 0 ? .integer(Int64(try inAll())) : .null)]
    }

    private func respond(to endpoint: Endpoint, request: Request, context: CaseRequestContext) async throws -> Response {
        let call = try await APICall(endpoint: endpoint, request: request, context: context, pool: pool)
        switch endpoint {
        case .health:
            return Reply.json(.object([("status", .string("ok"))]))
        case .openAPI:
            return Reply.text(APIDocument.openAPI, contentType: "application/json; charset=utf-8")
        case .metrics:
            let counts = try await call.signedIn { store, session in
                try store.perform(.readReports, by: session) { _ in
                    try Workflow.queueStatuses.map { ($0, try store.queueCount(matching: CaseFilter(status: $0))) }
                }
            }
            return Reply.text(metrics.render(queueCases: counts, pendingJobs: pool.pendingJobs), contentType: "text/plain; version=0.0.4")
        case .signIn:
            let body = try await call.body(SignInRequest.self)
            // bcrypt takes a quarter of a second: on its own connection, so that neither reads nor writes wait for it.
            let issued = try await pool.signIns.run { store in
                let token = try store.signIn(name: body.name, password: body.password, oneTimeCode: body.oneTimeCode)
                return (token, try store.authenticate(token: token.secret).person)
            }
            return Reply.json(.object([
                ("token", .string(issued.0.secret)), ("token_id", .integer(issued.0.id)),
                ("expires_at", .string(issued.0.expiresAt.iso8601)), ("person", CaseJSON.json(issued.1)),
            ]), status: .created)
        case .signOut:
            try await call.signedIn { store, session in try store.signOut(session) }
            return Reply.noContent()
        case .me:
            return Reply.json(encoded: try await call.answer { _, session in CaseJSON.json(session.person) })
        case .listCases:
            let filter = try call.query.caseFilter()
            let countAsked = try call.query.flag(QueryParameters.countName, standard: false)
            return Reply.json(encoded: try await call.answer(written: { store, session in
                try store.perform(.readCases, by: session) { _ in
                    let cases = try store.cases(matching: filter)
                    let counts = try Self.counts(
                        asked: countAsked, shown: cases.count, limit: filter.limit, total: { try store.caseCount(matching: filter) },
                        inAll: { try store.caseCount(matching: CaseFilter()) })
                    var out = CompactJSONWriter(reservingCapacity: 1024 * (cases.count + 1))
                    out.object { out in
                        out.key("cases")
                        out.array { out in for record in cases { CaseJSON.write(record, to: &out) } }
                        for (name, value) in counts {
                            out.key(name)
                            out.value(value)
                        }
                    }
                    return out
                }
            }))
        case .logCase:
            let bytes = try await call.bodyBytes()
            // A malformed request, as for every other body (the values themselves are checked as an import row's: 422).
            if let repeated = JSONDuplicateKeys.first(in: bytes) { throw APIError(.badRequest, "\(repeated): given more than once") }
            let logged = try await call.signedIn { store, session in
                try store.perform(.logCases, by: session) { person in
                    let id = try store.logCase(json: bytes, name: Endpoint.requestBodyName, actor: person.name)
                    let detail = try store.caseDetail(id: id)
                    return (id, CaseJSON.json(detail).adding("strike_notice", try store.strikeNotice(for: detail.record).map(CaseJSON.json) ?? .null))
                }
            }
            return Reply.json(logged.1, status: .created, headers: [.location: Endpoint.getCase.path(caseID: logged.0)])
        case .getCase:
            let id = try call.caseID()
            let asOf = try call.query.time("as_of")
            return Reply.json(encoded: try await call.answer { store, session in
                try store.perform(.readCases, by: session) { _ in
                    // As it stood at a time: rebuilt from the events by then, as `casetool show --as-of`.
                    CaseJSON.json(try asOf.map { try store.caseAsOf(id: id, time: $0) } ?? store.caseDetail(id: id), asOf: asOf)
                }
            })
        case .caseHistory:
            let id = try call.caseID()
            return Reply.json(encoded: try await call.answer { store, session in
                try store.perform(.readCases, by: session) { _ in
                    _ = try store.caseDetail(id: id)  // an unknown case is a 404, not an empty history
                    return .object([("events", .array(try store.events(matching: EventFilter(caseID: id)).map { CaseJSON.json($0) }))])
                }
            })
        case .listEvents:
            let filter = try call.query.eventFilter()
            let countAsked = try call.query.flag(QueryParameters.countName, standard: false)
            return Reply.json(encoded: try await call.answer { store, session in
                try store.perform(.readCases, by: session) { _ in
                    let events = try store.events(matching: filter)
                    return .object([("events", .array(events.map { CaseJSON.json($0) }))] + (try Self.counts(
                        asked: countAsked, shown: events.count, limit: filter.limit, total: { try store.eventCount(matching: filter) },
                        inAll: { try store.eventCount(matching: EventFilter(caseID: filter.caseID)) })))
                }
            })
        case .transitionCase:
            let id = try call.caseID()
            let body = try await call.body(TransitionRequest.self)
            let to = try QueryParameters.choice(body.to, field: "to", as: CaseStatus.self)
            return Reply.json(encoded: try await call.answer { store, session in
                // The saved reason's text, then the reason's, as `casetool status` joins them.
                let reasons = [try body.reasonTemplate.map { try store.reasonTemplateText(name: $0, caseID: id) }, body.reason].compactMap { $0 }
                try store.transition(Transition(caseID: id, to: to, reason: reasons.isEmpty ? nil : reasons.joined(separator: " ")), by: session)
                let record = try store.caseDetail(id: id).record
                // What actioning did to the account's standing; other moves leave a strike as it was.
                let notice = to == .actioned ? try store.strikeNotice(for: record) : nil
                return CaseJSON.json(record).adding("strike_notice", notice.map(CaseJSON.json) ?? .null)
            })
        case .bulkTransition:
            let body = try await call.body(BulkTransitionRequest.self)
            let moves = try body.transitions.enumerated().map { index, move in
                Transition(caseID: move.caseID, to: try QueryParameters.choice(move.to, field: "transitions[\(index)].to", as: CaseStatus.self),
                           reason: move.reason)
            }
            let notices = try await call.signedIn { store, session in
                do {
                    try store.transition(moves, by: session)
                } catch CaseStoreError.invalidValue(field: "cases", let problem) {
                    // The store's name for the list (the CLI's ids); here it is the body's field.
                    throw CaseStoreError.invalidValue(field: "transitions", problem: problem)
                }
                return try store.strikeNotices(caseIDs: moves.filter { $0.to == .actioned }.map(\.caseID))
            }
            return Reply.json(.object([
                ("moved", .integer(Int64(moves.count))), ("case_ids", .array(moves.map { .integer($0.caseID) })),
                ("strike_notices", .array(notices.map(CaseJSON.json))),
            ]))
        case .addNote:
            let id = try call.caseID()
            let body = try await call.body(NoteRequest.self)
            try await call.signedIn { store, session in
                try store.perform(.annotateCases, by: session) { person in try store.addNote(caseID: id, text: body.text, actor: person.name) }
            }
            return Reply.json(.object([("case_id", .integer(id)), ("added", .string("note"))]), status: .created)
        case .addEvidence:
            let id = try call.caseID()
            let body = try await call.body(EvidenceRequest.self)
            try await call.signedIn { store, session in
                try store.perform(.annotateCases, by: session) { person in
                    try store.addEvidence(caseID: id, reference: body.reference, actor: person.name)
                }
            }
            return Reply.json(.object([("case_id", .integer(id)), ("added", .string("evidence"))]), status: .created)
        case .claimCase:
            let id = try call.caseID()
            let lifetime = try (try await call.optionalBody(ClaimRequest.self))?.duration.map { try ClaimLifetime(parsing: $0) } ?? .standard
            return Reply.json(encoded: try await call.answer { store, session in
                CaseJSON.json(try store.claim(caseID: id, by: session, lifetime: lifetime))
            })
        case .releaseCase:
            let id = try call.caseID()
            try await call.signedIn { store, session in try store.release(caseID: id, by: session) }
            return Reply.noContent()
        case .assignCase:
            let id = try call.caseID()
            let body = try await call.body(AssignRequest.self)
            let lifetime = try body.duration.map { try ClaimLifetime(parsing: $0) } ?? .standard
            return Reply.json(encoded: try await call.answer { store, session in
                CaseJSON.json(try store.assign(caseID: id, to: body.person, by: session, lifetime: lifetime))
            })
        case .queue:
            let filter = try call.query.caseFilter()
            let countAsked = try call.query.flag(QueryParameters.countName, standard: false)
            return Reply.json(encoded: try await call.answer { store, session in
                try store.perform(.readCases, by: session) { _ in
                    let now = Timestamp.now()
                    let waiting = try store.queue(matching: filter)
                    return .object([("cases", .array(waiting.map { CaseJSON.json($0, now: now) }))] + (try Self.counts(
                        asked: countAsked, shown: waiting.count, limit: filter.limit, total: { try store.queueCount(matching: filter) },
                        inAll: { try store.queueCount(matching: CaseFilter()) })))
                }
            })
        case .claimNext:
            let body = try await call.optionalBody(ClaimNextRequest.self)
            let lifetime = try body?.duration.map { try ClaimLifetime(parsing: $0) } ?? .standard
            let filter = try body?.filter() ?? CaseFilter()
            let claim = try await call.signedIn { store, session in try store.claimNext(matching: filter, by: session, lifetime: lifetime) }
            guard let claim else { throw APIError(.notFound, "nothing in the queue to claim") }
            return Reply.json(CaseJSON.json(claim), status: .created)
        case .policies:
            return Reply.json(encoded: try await call.answer { store, session in
                try store.perform(.readCases, by: session) { _ in
                    let rules = try store.strikeRules()
                    return .object([("policies", .array(try store.policies().map { policy in
                        CaseJSON.json(policy, strikes: rules[policy.code])
                    }))])
                }
            })
        case .addPolicy:
            let body = try await call.body(PolicyRequest.self)
            let policy = try await call.signedIn { store, session in
                try store.perform(.managePolicies, by: session) { _ in
                    try store.addPolicy(code: body.code, name: body.name, description: body.description ?? "", dsaCategory: body.dsaCategory)
                }
            }
            return Reply.json(CaseJSON.json(policy), status: .created)
        case .setPolicyCategory:
            let body = try await call.body(PolicyCategoryRequest.self)
            let policy = try await call.signedIn { store, session in
                try store.perform(.managePolicies, by: session) { _ in
                    try store.setDSACategory(body.dsaCategory, forPolicy: body.policy)
                    return try store.policy(code: body.policy)
                }
            }
            return Reply.json(CaseJSON.json(policy))
        case .setStrikeRule:
            let body = try await call.body(StrikeRuleRequest.self)
            let rule = try body.rule()
            let stored = try await call.signedIn { store, session in
                try store.perform(.managePolicies, by: session) { _ in
                    try store.setStrikeRule(rule, policy: body.policy)
                    return (try store.policy(code: body.policy), try store.strikeRule(policy: body.policy))
                }
            }
            return Reply.json(CaseJSON.json(stored.0, strikes: stored.1))
        case .templates:
            let policy = call.query["policy"]
            return Reply.json(encoded: try await call.answer { store, session in
                try store.perform(.readCases, by: session) { _ in
                    .object([("templates", .array(try store.reasonTemplates(policy: policy).map { CaseJSON.json($0) }))])
                }
            })
        case .addTemplate:
            let body = try await call.body(TemplateRequest.self)
            let template = try await call.signedIn { store, session in
                try store.perform(.managePolicies, by: session) { person in
                    try store.addReasonTemplate(name: body.name, policy: body.policy, text: body.text, actor: person.name)
                }
            }
            return Reply.json(CaseJSON.json(template), status: .created)
        case .removeTemplate:
            let name = try call.query.required("name")
            let policy = call.query["policy"]
            try await call.signedIn { store, session in
                try store.perform(.managePolicies, by: session) { _ in try store.removeReasonTemplate(name: name, policy: policy) }
            }
            return Reply.noContent()
        case .account:
            let platform = try call.query.required("platform")
            let handle = try call.query.required("handle")
            let asOf = try call.query.time("as_of")
            return Reply.json(encoded: try await call.answer { store, session in
                try store.perform(.readCases, by: session) { _ in
                    let history = try store.accountHistory(platform: platform, handle: handle, asOf: asOf)
                    return .object([
                        ("account", CaseJSON.json(history.account)), ("cases", .array(history.cases.map { CaseJSON.json($0) })),
                        ("actioned_count", .integer(Int64(history.actionedCount))),
                        ("standing", CaseJSON.json(try store.accountStanding(platform: platform, handle: handle, asOf: asOf))),
                    ])
                }
            })
        case .reports:
            let groupings = try call.query.reportGroupings()
            let period = try call.query.choice("period", as: ReportPeriod.self) ?? .month
            let omitEmpty = try call.query.flag("omit_empty", standard: false)
            var unpaged = try call.query.caseFilter()
            unpaged.limit = nil
            let filter = unpaged
            return Reply.json(encoded: try await call.answer { store, session in
                try store.perform(.readReports, by: session) { _ in
                    let reports = try store.reports(groupings: groupings, period: period, filter: filter, omitEmpty: omitEmpty)
                    return .object([("reports", .array(reports.map { CaseJSON.json($0) }))])
                }
            })
        case .exportCases:
            let format = try call.query.choice("format", as: InterchangeFormat.self) ?? .csv
            let filter = try call.query.caseFilter(limits: 1...Int(Int32.max))
            // Held whole before it is sent, so that a refusal is still a JSON error: about the size of the file.
            let text = try await call.signedIn { store, session in
                try store.perform(.readCases, by: session) { _ in
                    var text = format == .csv ? CaseInterchangeWriter.csvHeader : ""
                    try store.exportCases(matching: filter) { record in
                        text += format == .csv ? CaseInterchangeWriter.csvLine(record) : CaseInterchangeWriter.jsonLine(record)
                    }
                    return text
                }
            }
            return Reply.text(text, contentType: format.contentType)
        case .auditHead:
            return Reply.json(encoded: try await call.answer { store, session in
                try store.perform(.readAudit, by: session) { _ in CaseJSON.json(try store.auditHead()) }
            })
        case .auditVerify:
            let head = try call.query.headHash("expect_head")
            return Reply.json(encoded: try await call.answer { store, session in
                try store.perform(.readAudit, by: session) { _ in CaseJSON.json(try store.verifyAudit(expectingHead: head)) }
            })
        case .securityLog:
            let query = call.query
            let since = try query.time("since")
            let limit = try query.integer("limit", in: 1...QueryParameters.maximumLimit, standard: QueryParameters.standardLimit)
            return Reply.json(encoded: try await call.answer { store, session in
                // Who signed in from where, and who was refused: for the people who manage people.
                try store.perform(.managePeople, by: session) { _ in
                    .object([("entries", .array(try store.securityLog(limit: limit, since: since).map { CaseJSON.json($0) }))])
                }
            })
        }
    }
}
