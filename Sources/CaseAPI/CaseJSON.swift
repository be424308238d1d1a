import CaseStore

/// Cases, accounts and events as JSON: what `casetool show --format json` prints and what the team
/// server sends, declared once.
public enum CaseJSON {
    public static func json(_ record: CaseRecord) -> JSONValue {
        var tree = JSONTreeBuilder()
        document(record, into: &tree)
        return tree.result
    }

    /// A case as the server lists it, written straight into a response body.
    public static func write(_ record: CaseRecord, to writer: inout CompactJSONWriter) {
        // Specialised here, where the sink's type is known: the server's list calls this for each case.
        document(record, into: &writer)
    }

    /// The case's keys and values, declared once for every sink.
    static func document(_ record: CaseRecord, into out: inout some JSONSink) {
        out.object { out in
            out.member("id", record.id)
            out.member("platform", record.account.platform)
            out.member("handle", record.account.handle)
            out.member("policy", record.policy.code)
            out.member("policy_name", record.policy.name)
            out.key("decisions")
            out.array { out in for decision in record.decisions.all { document(decision, into: &out) } }
            out.member("most_severe", record.decisions.mostSevere.rawValue)
            out.member("status", record.status.rawValue)
            out.member("allowed_next", strings: record.allowedNext.lazy.map(\.rawValue))
            out.member("source", record.source.rawValue)
            out.member("automated_detection", record.automatedDetection)
            out.member("automated_decision", record.automatedDecision.rawValue)
            out.member("rationale", record.rationale)
            out.member("external_id", record.externalID)
            out.member("followers", record.followerCount)
            out.member("occurred_at", record.occurredAt?.iso8601)
            out.key("item")
            out.object { out in
                out.member("types", strings: record.content.itemTypes.lazy.map(\.rawValue))
                out.member("id", record.content.itemID)
                out.member("posted_at", record.content.itemPostedAt?.iso8601)
            }
            out.member("opened_at", record.openedAt.iso8601)
            out.member("actioned_at", record.actionedAt?.iso8601)
            out.member("appeal_count", Int64(record.appealCount))
            out.member("created_by", record.createdBy)
            out.member("created_at", record.createdAt.iso8601)
            out.member("updated_at", record.updatedAt.iso8601)
        }
    }

    public static func json(_ decision: Decision) -> JSONValue {
        var tree = JSONTreeBuilder()
        document(decision, into: &tree)
        return tree.result
    }

    static func document(_ decision: Decision, into out: inout some JSONSink) {
        out.object { out in
            out.member("kind", decision.kind.rawValue)
            out.member("family", decision.kind.family.rawValue)
            out.member("ends_at", decision.endsAt?.iso8601)
            out.key("territories")
            switch decision.scope {
            case .everywhere: out.null()
            case .territories(let codes): out.array { out in for code in codes { out.string(code) } }
            case .unrecorded: out.string("unrecorded")
            }
        }
    }

    public static func json(_ account: Account) -> JSONValue {
        .object([
            ("id", .integer(account.id)),
            ("platform", .string(account.platform)),
            ("handle", .string(account.handle)),
            ("display_name", JSONValue(account.displayName)),
            ("account_type", .string(account.type.rawValue)),
            ("followers", JSONValue(account.followerCount)),
            ("unnamed", .bool(account.unnamed)),
            ("created_at", .string(account.createdAt.iso8601)),
            ("updated_at", .string(account.updatedAt.iso8601)),
        ])
    }

    public static func json(_ detail: CaseDetail, asOf: Timestamp? = nil) -> JSONValue {
        guard case .object(var members) = json(detail.record) else { return json(detail.record) }
        if let asOf { members.insert(("as_of", .string(asOf.iso8601)), at: 0) }
        members.append(("account", json(detail.record.account)))
        members.append(("evidence", .array(detail.evidence.map { evidence in
            .object([
                ("reference", .string(evidence.reference)), ("added_by", .string(evidence.addedBy)),
                ("added_at", .string(evidence.addedAt.iso8601)),
            ])
        })))
        members.append(("events", .array(detail.events.map(json))))
        return .object(members)
    }

    /// An event, with the keys `casetool history --format json` gives it.
    public static func json(_ event: CaseEvent) -> JSONValue {
        .object([
            ("case_id", .integer(event.caseID)), ("seq", .integer(Int64(event.sequence))),
            ("occurred_at", .string(event.occurredAt.iso8601)), ("kind", .string(event.kind.rawValue)),
            ("from_status", JSONValue(event.fromStatus?.rawValue)), ("to_status", JSONValue(event.toStatus?.rawValue)),
            ("actor", .string(event.actor)), ("reason", JSONValue(event.reason)), ("payload", JSONValue(event.payload)),
            ("summary", .string(event.summary)), ("recorded_at", .string(event.recordedAt.iso8601)),
            ("channel", .string(event.channel.rawValue)), ("hash", .string(event.hash)),
            // With these, a client holds what it needs to check the chain itself (`EventChain`).
            ("id", .integer(event.id)), ("previous_hash", .string(event.previousHash)), ("format", .integer(Int64(event.format))),
        ])
    }
}
