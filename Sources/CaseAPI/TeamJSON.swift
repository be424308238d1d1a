import CaseStore

/// The queue, claims, people, policies and the audit trail as JSON, for the command line's
/// `--format json` and the server alike.
extension CaseJSON {
    public static func json(_ claim: Claim) -> JSONValue {
        .object([
            ("case_id", .integer(claim.caseID)), ("holder", .string(claim.holder)),
            ("claimed_at", .string(claim.claimedAt.iso8601)), ("expires_at", .string(claim.expiresAt.iso8601)),
            ("assigned_by", JSONValue(claim.assignedBy)),
        ])
    }

    /// A case waiting in the queue: the case, since when it waits and for how long at `now`, and who holds it.
    public static func json(_ entry: QueueEntry, now: Timestamp) -> JSONValue {
        guard case .object(var members) = json(entry.record) else { return json(entry.record) }
        members.append(("waiting_since", .string(entry.waitingSince.iso8601)))
        members.append(("waiting_seconds", .integer(max(0, now.seconds(since: entry.waitingSince)))))
        members.append(("claim", entry.claim.map { json($0) } ?? .null))
        return .object(members)
    }

    public static func json(_ person: Person) -> JSONValue {
        .object([
            ("name", .string(person.name)), ("role", .string(person.role.rawValue)),
            ("permissions", .array(Permission.allCases.filter(person.role.allows).map { .string($0.rawValue) })),
            ("disabled", .bool(person.isDisabled)), ("one_time_codes", .bool(person.hasOneTimeCodes)),
        ])
    }

    public static func json(_ template: ReasonTemplate) -> JSONValue {
        .object([
            ("name", .string(template.name)), ("policy", JSONValue(template.policyCode)), ("text", .string(template.text)),
            ("created_by", .string(template.createdBy)), ("created_at", .string(template.createdAt.iso8601)),
        ])
    }

    public static func json(_ policy: Policy) -> JSONValue {
        .object([
            ("id", .integer(policy.id)), ("code", .string(policy.code)), ("name", .string(policy.name)),
            ("description", .string(policy.description)),
            ("dsa_category", JSONValue(policy.dsaCategory)),
        ])
    }

    public static func json(_ head: AuditHead) -> JSONValue {
        .object([("events", .integer(Int64(head.eventCount))), ("head", .string(head.hash))])
    }

    public static func json(_ report: AuditReport) -> JSONValue {
        .object([
            ("intact", .bool(report.isIntact)),
            ("events", .integer(Int64(report.eventCount))),
            ("cases", .integer(Int64(report.caseCount))),
            ("head", .string(report.headHash)),
            ("problems", .array(report.problems.map { problem in
                .object([
                    ("event_id", JSONValue(problem.eventID)), ("case_id", JSONValue(problem.caseID)),
                    ("problem", .string(problem.problem)),
                ])
            })),
        ])
    }

    public static func json(_ entry: SecurityEvent) -> JSONValue {
        .object([
            ("id", .integer(entry.id)), ("occurred_at", .string(entry.occurredAt.iso8601)), ("kind", .string(entry.kind.rawValue)),
            ("person", JSONValue(entry.person)), ("actor", .string(entry.actor)), ("channel", .string(entry.channel.rawValue)),
            ("detail", JSONValue(entry.detail)), ("repeats", .integer(entry.repeats)),
            ("last_at", JSONValue(entry.lastAt?.iso8601)),
        ])
    }
}
