import CaseAPI
import CaseStore
import Foundation

/// How cases, events and accounts look in each output format.
enum CasePresenter {
    static func caseList(_ cases: [CaseLine]) -> Tabular {
        var table = Tabular(columns: [
            .init(key: "id", title: "ID", style: .identifier),
            .init(key: "opened_at", title: "OPENED", dropRank: 4),
            .init(key: "platform", title: "PLATFORM", maxTableWidth: 24, fit: .truncate),
            .init(key: "handle", title: "HANDLE", maxTableWidth: 24, fit: .truncate),
            .init(key: "policy", title: "POLICY", fit: .wrapAtHyphens),
            .init(key: "decisions", title: "DECISIONS", maxTableWidth: 30, fit: .wrap, dropRank: 3),
            .init(key: "status", title: "STATUS"),
            .init(key: "source", title: "SOURCE", dropRank: 2),
            .init(key: "followers", title: "FOLLOWERS", style: .count, dropRank: 1),
            .init(key: "external_id", title: "EXTERNAL ID", maxTableWidth: 24, fit: .truncate, dropRank: 0),
        ])
        for line in cases {
            table.append([
                .integer(line.id), .text(line.openedAt.iso8601), .text(line.platform), .text(line.handle), .text(line.policy),
                .text(line.decisions.joined(separator: "; ")), .text(line.status.rawValue), .text(line.source.rawValue),
                .init(line.followers), .init(line.externalID),
            ])
        }
        return table
    }

    static func eventList(_ events: [CaseEvent]) -> Tabular {
        var table = Tabular(columns: [
            .init(key: "case_id", title: "CASE", style: .identifier),
            .init(key: "seq", title: "SEQ", style: .identifier, dropRank: 3),
            .init(key: "occurred_at", title: "WHEN"),
            .init(key: "kind", title: "KIND", dropRank: 2),
            .init(key: "from_status", title: "FROM", dropRank: 1),
            .init(key: "to_status", title: "TO"),
            .init(key: "actor", title: "ACTOR", maxTableWidth: 20, fit: .truncate),
            .init(key: "reason", title: "REASON", inTable: false),
            .init(key: "payload", title: "PAYLOAD", inTable: false),
            .init(key: "summary", title: "DETAIL", maxTableWidth: 70, fit: .wrap),
            .init(key: "recorded_at", title: "RECORDED", dropRank: 0),
            .init(key: "channel", title: "VIA", inTable: false),
            .init(key: "hash", title: "HASH", inTable: false),
        ])
        for event in events {
            table.append([
                .integer(event.caseID), .integer(Int64(event.sequence)), .text(event.occurredAt.iso8601),
                .text(event.kind.rawValue), .init(event.fromStatus?.rawValue), .init(event.toStatus?.rawValue),
                .text(event.actor), .init(event.reason), .init(event.payload), .text(event.summary),
                .text(event.recordedAt.iso8601), .text(event.channel.rawValue), .text(event.hash),
            ])
        }
        return table
    }

    /// A decision for people: what, until when, where.
    static func describe(_ decision: Decision) -> String {
        var text = "\(decision.kind.rawValue) — \(decision.kind.summary)"
        if let end = decision.endsAt { text += ", until \(end.iso8601)" } else if !decision.kind.isPermanent { text += ", no end set" }
        switch decision.scope {
        case .everywhere: text += ", everywhere"
        case .territories(let codes): text += ", in " + codes.joined(separator: ", ")
        case .unrecorded: text += ", in countries not recorded"
        }
        return text
    }

    static func describeItem(_ content: CaseContent) -> String {
        guard !content.itemTypes.isEmpty || content.itemID != nil || content.itemPostedAt != nil else { return "not recorded" }
        var text = content.itemTypes.isEmpty ? "type not recorded" : content.itemTypes.map(\.summary).joined(separator: ", ")
        if let id = content.itemID { text += " — \(id)" }
        if let posted = content.itemPostedAt { text += ", posted \(posted.iso8601)" }
        return text
    }

    /// The case file: account, policy, decision, rationale, evidence and the full audit trail.
    static func caseFile(_ detail: CaseDetail, asOf: Timestamp? = nil) -> Document {
        let record = detail.record
        let account = record.account
        var fields: [(String, String)] = [
            ("Case", "\(record.id)"),
            ("Status", "\(record.status.rawValue) — \(record.status.summary)"),
            ("Next", record.allowedNext.isEmpty ? "none (final)" : record.allowedNext.map(\.rawValue).joined(separator: ", ")),
            ("Platform", account.platform),
            ("Account", "@\(account.handle)" + (account.displayName.map { " (\($0))" } ?? "")
                + ", " + describe(account.type)
                + (account.unnamed ? "; stands for every account its source did not name" : "")),
            ("Followers", record.followerCount.map(Formatting.thousands) ?? "unknown"),
            ("Policy", "\(record.policy.code) — \(record.policy.name)"),
            (record.decisions.all.count == 1 ? "Decision" : "Decisions",
             record.decisions.all.map(describe).joined(separator: "; ")),
            ("Item", describeItem(record.content)),
            ("Source", "\(record.source.rawValue) — \(record.source.summary)"),
            ("Automation", "\(record.automatedDetection ? "detected by automated means" : "detected without automation"); "
                + "\(record.automatedDecision.summary) (\(record.automatedDecision.rawValue))"),
        ]
        if let externalID = record.externalID { fields.append(("External ID", externalID)) }
        if let occurredAt = record.occurredAt { fields.append(("Occurred", occurredAt.iso8601)) }
        fields.append(("Opened", "\(record.openedAt.iso8601) by \(record.createdBy)"))
        if let actionedAt = record.actionedAt { fields.append(("Actioned", actionedAt.iso8601)) }
        if record.appealCount > 0 { fields.append(("Appeals", "\(record.appealCount)")) }

        var document = Document(title: "Case \(record.id): \(account.platform) @\(account.handle)")
        if let asOf {
            document.blocks.append(.paragraph("As of \(asOf.iso8601), rebuilt from \(Formatting.counted(detail.events.count, "event"))."))
        }
        document.blocks += [.fields(fields), .heading("Rationale"), .quote(record.rationale)]
        if let statement = detail.statement { document.blocks += statementBlocks(statement) }
        if !detail.evidence.isEmpty {
            document.blocks += [.heading("Evidence"), .references(detail.evidence.map {
                (reference: $0.reference, note: "added by \($0.addedBy), \($0.addedAt.iso8601)")
            })]
        }
        document.blocks += [.heading("History"), .table(auditTrail(detail.events, loggedAs: detail.record))]
        if let last = detail.events.last {
            document.blocks.append(.paragraph(
                "Every event is hashed into one chain across the database; the last event of this case has hash \(last.hash). "
                    + "'casetool audit verify' checks the whole chain."))
        }
        return document
    }

    /// An account type as people read it ("public figure", "type not known").
    static func describe(_ type: AccountType) -> String {
        type == .unknown ? "type not known" : type.rawValue.replacingUnderscores
    }

    /// What the DSA statement of reasons a case was imported from says: its own decisions, where they
    /// apply and to what, as the platform published them (casetool's action is a mapping of these).
    static func statementBlocks(_ statement: StatementOfReasons) -> [Document.Block] {
        let wording = StatementWording(statement)
        var fields: [(String, String)] = []
        func add(_ label: String, _ field: String) {
            let value = statement.keys(field).filter { !$0.isEmpty }.joined(separator: ", ")
            if !value.isEmpty { fields.append((label, value)) }
        }
        add("Statement", "uuid")
        add("Visibility", "decision_visibility")
        add("Visibility (other)", "decision_visibility_other")
        add("Monetary", "decision_monetary")
        add("Service", "decision_provision")
        add("Account", "decision_account")
        add("Ground", "decision_ground")
        add("Legal ground", "illegal_content_legal_ground")
        add("Terms ground", "incompatible_content_ground")
        add("Category", "category")
        add("Content type", "content_type")
        add("Territory", "territorial_scope")
        add("Applied", "application_date")
        add("Source", "source_type")
        add("Automated", "automated_decision")
        var blocks: [Document.Block] = [.heading("Statement of reasons (DSA Transparency Database)"), .fields(fields)]
        var plain = wording.decisions
        if let territory = wording.territory { plain.append("It applies \(territory).") }
        if let content = wording.content { plain.append("Content: \(content).") }
        if !plain.isEmpty { blocks.append(.paragraph(plain.joined(separator: " "))) }
        return blocks
    }

    /// The events of one case for a printed case file: nothing cut, each with the start of its hash.
    static func auditTrail(_ events: [CaseEvent], loggedAs record: CaseRecord) -> Tabular {
        var table = Tabular(columns: [
            .init(key: "seq", title: "SEQ", style: .identifier), .init(key: "occurred_at", title: "WHEN"),
            .init(key: "kind", title: "KIND", dropRank: 3), .init(key: "from_status", title: "FROM", dropRank: 2),
            .init(key: "to_status", title: "TO"), .init(key: "actor", title: "ACTOR", fit: .truncate),
            .init(key: "summary", title: "DETAIL", fit: .wrap),
            .init(key: "recorded_at", title: "RECORDED", dropRank: 0), .init(key: "hash", title: "HASH", dropRank: 1),
        ])
        for event in events {
            table.append([
                .integer(Int64(event.sequence)), .text(event.occurredAt.iso8601), .text(event.kind.rawValue),
                .init(event.fromStatus?.rawValue), .init(event.toStatus?.rawValue), .text(event.actor), .text(event.summary(loggedAs: record)),
                .text(event.recordedAt.iso8601), .text(String(event.hash.prefix(16))),
            ])
        }
        return table
    }
}
