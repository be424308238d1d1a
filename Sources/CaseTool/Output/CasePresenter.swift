import CaseStore
import Foundation

/// How cases, events and accounts look in each output format.
enum CasePresenter {
    static func caseList(_ cases: [CaseRecord]) -> Tabular {
        var table = Tabular(columns: [
            .init(key: "id", title: "ID", style: .count),
            .init(key: "opened_at", title: "OPENED"),
            .init(key: "platform", title: "PLATFORM"),
            .init(key: "handle", title: "HANDLE", maxTableWidth: 24),
            .init(key: "policy", title: "POLICY"),
            .init(key: "action", title: "ACTION"),
            .init(key: "status", title: "STATUS"),
            .init(key: "source", title: "SOURCE"),
            .init(key: "followers", title: "FOLLOWERS", style: .count),
            .init(key: "external_id", title: "EXTERNAL ID", maxTableWidth: 24),
        ])
        for record in cases {
            table.append([
                .integer(record.id), .text(record.openedAt.iso8601), .text(record.account.platform),
                .text(record.account.handle), .text(record.policy.code), .text(record.action.rawValue),
                .text(record.status.rawValue), .text(record.source.rawValue), .init(record.followerCount),
                .init(record.externalID),
            ])
        }
        return table
    }

    static func eventList(_ events: [CaseEvent]) -> Tabular {
        var table = Tabular(columns: [
            .init(key: "case_id", title: "CASE", style: .count),
            .init(key: "seq", title: "SEQ", style: .count),
            .init(key: "occurred_at", title: "WHEN"),
            .init(key: "kind", title: "KIND"),
            .init(key: "from_status", title: "FROM"),
            .init(key: "to_status", title: "TO"),
            .init(key: "actor", title: "ACTOR", maxTableWidth: 20),
            .init(key: "reason", title: "REASON", inTable: false),
            .init(key: "payload", title: "PAYLOAD", inTable: false),
            .init(key: "summary", title: "DETAIL", maxTableWidth: 70),
            .init(key: "recorded_at", title: "RECORDED"),
            .init(key: "hash", title: "HASH", inTable: false),
        ])
        for event in events {
            table.append([
                .integer(event.caseID), .integer(Int64(event.sequence)), .text(event.occurredAt.iso8601),
                .text(event.kind.rawValue), .init(event.fromStatus?.rawValue), .init(event.toStatus?.rawValue),
                .text(event.actor), .init(event.reason), .init(event.payload), .text(event.summary),
                .text(event.recordedAt.iso8601), .text(event.hash),
            ])
        }
        return table
    }

    static func json(_ record: CaseRecord) -> JSONValue {
        .object([
            ("id", .integer(record.id)),
            ("platform", .string(record.account.platform)),
            ("handle", .string(record.account.handle)),
            ("policy", .string(record.policy.code)),
            ("policy_name", .string(record.policy.name)),
            ("action", .string(record.action.rawValue)),
            ("action_ends_at", JSONValue(record.actionEndsAt?.iso8601)),
            ("status", .string(record.status.rawValue)),
            ("allowed_next", .array(record.allowedNext.map { .string($0.rawValue) })),
            ("source", .string(record.source.rawValue)),
            ("rationale", .string(record.rationale)),
            ("external_id", JSONValue(record.externalID)),
            ("followers", JSONValue(record.followerCount)),
            ("occurred_at", JSONValue(record.occurredAt?.iso8601)),
            ("opened_at", .string(record.openedAt.iso8601)),
            ("actioned_at", JSONValue(record.actionedAt?.iso8601)),
            ("appeal_count", .integer(Int64(record.appealCount))),
            ("created_by", .string(record.createdBy)),
            ("created_at", .string(record.createdAt.iso8601)),
            ("updated_at", .string(record.updatedAt.iso8601)),
        ])
    }

    static func json(_ account: Account) -> JSONValue {
        .object([
            ("id", .integer(account.id)),
            ("platform", .string(account.platform)),
            ("handle", .string(account.handle)),
            ("display_name", JSONValue(account.displayName)),
            ("account_type", .string(account.type.rawValue)),
            ("followers", JSONValue(account.followerCount)),
            ("created_at", .string(account.createdAt.iso8601)),
            ("updated_at", .string(account.updatedAt.iso8601)),
        ])
    }

    static func json(_ detail: CaseDetail, asOf: Timestamp? = nil) -> JSONValue {
        guard case .object(var members) = json(detail.record) else { return json(detail.record) }
        if let asOf { members.insert(("as_of", .string(asOf.iso8601)), at: 0) }
        members.append(("account", json(detail.record.account)))
        members.append(("evidence", .array(detail.evidence.map { evidence in
            .object([
                ("reference", .string(evidence.reference)), ("added_by", .string(evidence.addedBy)),
                ("added_at", .string(evidence.addedAt.iso8601)),
            ])
        })))
        members.append(("events", Renderers.json(eventList(detail.events))))
        return .object(members)
    }

    /// A readable case file for the terminal.
    static func text(_ detail: CaseDetail) -> String {
        let record = detail.record
        let account = record.account
        func safe(_ text: String) -> String { TerminalText.sanitized(text) }
        var fields: [(String, String)] = [
            ("Case", "\(record.id)"),
            ("Status", "\(record.status.rawValue) — \(record.status.summary)"),
            ("Next", record.allowedNext.isEmpty ? "none (final)" : record.allowedNext.map(\.rawValue).joined(separator: ", ")),
            ("Platform", safe(account.platform)),
            ("Account", "@\(safe(account.handle))" + (account.displayName.map { " (\(safe($0)))" } ?? "")
                + ", \(account.type.rawValue)"),
            ("Followers", record.followerCount.map(Formatting.thousands) ?? "unknown"),
            ("Policy", "\(record.policy.code) — \(safe(record.policy.name))"),
            ("Action", "\(record.action.rawValue) — \(record.action.summary)"
                + (record.actionEndsAt.map { ", until \($0.iso8601)" } ?? "")),
            ("Source", "\(record.source.rawValue) — \(record.source.summary)"),
        ]
        if let externalID = record.externalID { fields.append(("External ID", safe(externalID))) }
        if let occurredAt = record.occurredAt { fields.append(("Occurred", occurredAt.iso8601)) }
        fields.append(("Opened", "\(record.openedAt.iso8601) by \(safe(record.createdBy))"))
        if let actionedAt = record.actionedAt { fields.append(("Actioned", actionedAt.iso8601)) }
        if record.appealCount > 0 { fields.append(("Appeals", "\(record.appealCount)")) }
        let width = fields.map(\.0.count).max() ?? 0
        var lines = fields.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
        lines.append("")
        lines.append("Rationale")
        lines += TerminalText.sanitized(record.rationale, keepNewlines: true).split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0 }
        if !detail.evidence.isEmpty {
            lines.append("")
            lines.append("Evidence")
            lines += detail.evidence.map { "  - \(safe($0.reference))" }
        }
        lines.append("")
        lines.append("History")
        lines += Renderers.aligned(eventList(detail.events)).split(separator: "\n").map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }
}
