import CaseStore

/// Cases, accounts and events as JSON: what `casetool show --format json` prints and what the team
/// server sends, declared once.
public enum CaseJSON {
    public static func json(_ record: CaseRecord) -> JSONValue {
        .object([
            ("id", .integer(record.id)),
            ("platform", .string(record.account.platform)),
            ("handle", .string(record.account.handle)),
            ("policy", .string(record.policy.code)),
            ("policy_name", .string(record.policy.name)),
            ("decisions", .array(record.decisions.all.map(json))),
            ("most_severe", .string(record.decisions.mostSevere.rawValue)),
            ("status", .string(record.status.rawValue)),
            ("allowed_next", .array(record.allowedNext.map { .string($0.rawValue) })),
            ("source", .string(record.source.rawValue)),
            ("automated_detection", .bool(record.automatedDetection)),
            ("automated_decision", .string(record.automatedDecision.rawValue)),
            ("rationale", .string(record.rationale)),
            ("external_id", JSONValue(record.externalID)),
            ("followers", JSONValue(record.followerCount)),
            ("occurred_at", JSONValue(record.occurredAt?.iso8601)),
            ("item", .object([
                ("types", .array(record.content.itemTypes.map { .string($0.rawValue) })),
                ("id", JSONValue(record.content.itemID)),
                ("posted_at", JSONValue(record.content.itemPostedAt?.iso8601)),
            ])),
            ("opened_at", .string(record.openedAt.iso8601)),
            ("actioned_at", JSONValue(record.actionedAt?.iso8601)),
            ("appeal_count", .integer(Int64(record.appealCount))),
            ("created_by", .string(record.createdBy)),
            ("created_at", .string(record.createdAt.iso8601)),
            ("updated_at", .string(record.updatedAt.iso8601)),
        ])
    }

    public static func json(_ decision: Decision) -> JSONValue {
        let territories: JSONValue = switch decision.scope {
        case .everywhere: .null
        case .territories(let codes): .array(codes.map(JSONValue.string))
        case .unrecorded: .string("unrecorded")
        }
        return .object([
            ("kind", .string(decision.kind.rawValue)), ("family", .string(decision.kind.family.rawValue)),
            ("ends_at", JSONValue(decision.endsAt?.iso8601)), ("territories", territories),
        ])
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
