import CaseStore

/// The other direction of `CaseJSON`: a case as the server describes it, read back into the store's
/// types, so that `casetool show --server` prints what `casetool show` prints on the file.
extension CaseJSON {
    /// A case with its account, evidence and events, as `json(_: CaseDetail)` wrote it; its policy
    /// is the one `policies` (the server's catalog) has under the case's code.
    public static func caseDetail(from json: JSONFields, policies: [Policy]) throws -> CaseDetail {
        let policy = try catalogPolicy(try json.string("policy"), in: policies)
        let item = try json.object("item")
        let content = CaseContent(
            source: try json.choice("source", as: DetectionSource.self), rationale: try json.string("rationale"),
            automatedDecision: try json.choice("automated_decision", as: AutomatedDecision.self),
            externalID: try json.optionalString("external_id"), followerCount: try json.optionalInteger("followers"),
            occurredAt: try json.optionalTime("occurred_at"),
            itemTypes: try item.strings("types").map { try JSONFields.choice($0, field: "item.types", as: ItemType.self) },
            itemID: try item.optionalString("id"), itemPostedAt: try item.optionalTime("posted_at"))
        let decisions: Decisions
        do {
            decisions = try Decisions(try json.objects("decisions").map(decision(from:)))
        } catch is CaseStoreError {
            throw APIError(.internalError, "the server's answer holds decisions casetool cannot read")
        }
        let record = CaseRecord(
            id: try json.integer("id"), account: try account(from: try json.object("account")), policy: policy,
            decisions: decisions, status: try json.choice("status", as: CaseStatus.self), content: content,
            automatedDetection: try json.bool("automated_detection"), openedAt: try json.time("opened_at"),
            actionedAt: try json.optionalTime("actioned_at"), appealCount: Int(try json.integer("appeal_count")),
            createdBy: try json.string("created_by"), createdAt: try json.time("created_at"), updatedAt: try json.time("updated_at"))
        let evidence = try json.objects("evidence").map { item in
            Evidence(reference: try item.string("reference"), addedBy: try item.string("added_by"), addedAt: try item.time("added_at"))
        }
        return CaseDetail(record: record, evidence: evidence, events: try json.objects("events").map(event(from:)))
    }

    public static func account(from json: JSONFields) throws -> Account {
        Account(
            id: try json.integer("id"), platform: try json.string("platform"), handle: try json.string("handle"),
            displayName: try json.optionalString("display_name"), type: try json.choice("account_type", as: AccountType.self),
            followerCount: try json.optionalInteger("followers"), unnamed: try json.bool("unnamed"),
            createdAt: try json.time("created_at"), updatedAt: try json.time("updated_at"))
    }

    public static func policy(from json: JSONFields) throws -> Policy {
        Policy(
            id: try json.integer("id"), code: try json.string("code"), name: try json.string("name"),
            description: try json.string("description"), dsaCategory: try json.optionalString("dsa_category"))
    }
}
